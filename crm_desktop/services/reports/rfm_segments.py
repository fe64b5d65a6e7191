"""The RFM value segments by code, as translatable names: plain data, cheap to import.

services/reports/rfm.py computes them; the accounts table shows and filters by them from the start.
"""

from __future__ import annotations

from crm_desktop.i18n import N_

SEGMENTS: dict[str, str] = {
    "champions": N_("Champions"),
    "loyal": N_("Loyal"),
    "potential": N_("Potential"),
    "needs_attention": N_("Needs attention"),
    "at_risk": N_("At risk"),
    "lost": N_("Lost"),
}
NO_PURCHASES = N_("No purchases")
