"""Every Qt text is filed under the class (or explicit context) that asks for it at run time.

pyside6-lupdate files a text under no context when it loses track of the class around it (a
nested `def` in a module-level function above the class did that: the attachments dialog showed
in English although its Spanish was in the catalog). tr() never finds a text filed there.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

CATALOG = Path(__file__).resolve().parents[2] / "resources" / "translations" / "crm_es.ts"


def test_no_text_is_filed_under_no_context() -> None:
    root = ET.parse(CATALOG).getroot()
    nameless = [
        message.findtext("source")
        for context in root.findall("context")
        if not (context.findtext("name") or "").strip()
        for message in context.findall("message")
    ]
    assert nameless == []
