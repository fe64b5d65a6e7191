"""Spanish is complete: every domain message has a translation."""

from __future__ import annotations

import importlib.util
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_every_domain_message_has_a_spanish_translation() -> None:
    spec = importlib.util.spec_from_file_location("messages", ROOT / "scripts" / "messages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    import json

    catalog = json.loads(module.CATALOG.read_text(encoding="utf-8"))
    wanted = module.messages()
    assert len(wanted) > 30
    assert sorted(m for m in wanted if not catalog.get(m)) == []
