"""merge the revision chains of the accounts list, quotes mail, reports and sync

Revision ID: 0003
Revises: a1, q1, r2, s1
Create Date: 2026-11-28 12:00:00

The four chains were written side by side; from here on there is one head again, so the next
schema change has a single revision to build on.
"""

from collections.abc import Sequence

revision: str = "0003"
down_revision: str | Sequence[str] | None = ("a1", "q1", "r2", "s1")
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
