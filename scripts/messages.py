"""Extract the domain's gettext messages and check the Spanish catalog covers them.

python scripts/messages.py            list messages missing from the catalog
python scripts/messages.py --update   add missing ones (empty) and drop unused ones
"""

from __future__ import annotations

import ast
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = [ROOT / "crm_desktop", ROOT / "crm_server"]
CATALOG = ROOT / "resources" / "locale" / "es.json"
MARKERS = {"N_", "_", "gettext"}


def messages() -> set[str]:
    found: set[str] = set()
    for package in PACKAGES:
        for path in package.rglob("*.py"):
            if "views" in path.parts:
                continue  # views use Qt's tr() and .ts files
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
                if (
                    isinstance(node, ast.Call)
                    and isinstance(node.func, ast.Name)
                    and node.func.id in MARKERS
                    and node.args
                    and isinstance(node.args[0], ast.Constant)
                    and isinstance(node.args[0].value, str)
                ):
                    found.add(node.args[0].value)
    return found


def main() -> int:
    catalog: dict[str, str] = json.loads(CATALOG.read_text(encoding="utf-8"))
    wanted = messages()
    missing = sorted(m for m in wanted if not catalog.get(m))
    if "--update" in sys.argv:
        updated = {m: catalog.get(m, "") for m in sorted(wanted)}
        CATALOG.write_text(json.dumps(updated, ensure_ascii=False, indent=1) + "\n", "utf-8")
    for message in missing:
        print(message)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
