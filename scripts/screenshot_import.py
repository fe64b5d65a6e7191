"""Grab the import wizard's preview and summary as PNGs (docs/screenshots):
`xvfb-run -a -s "-screen 0 1366x768x24" python scripts/screenshot_import.py`.

Makes the sales assistant's Latin-1 CSV of the tests, walks the wizard in Spanish to the preview
(with its problem lines), grabs it, imports and grabs the summary.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def _settle(app: object, ctx: object) -> None:
    for _ in range(50):
        ctx.ops.wait()  # type: ignore[attr-defined]
        app.processEvents()  # type: ignore[attr-defined]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs/screenshots")
    parser.add_argument("--lang", default="es")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    from PySide6.QtWidgets import QApplication

    from crm_desktop import i18n
    from crm_desktop.database import open_database
    from crm_desktop.settings import Settings
    from crm_desktop.views.common.context import AppContext
    from crm_desktop.views.common.ops import Operations
    from crm_desktop.views.common.translations import install_translator
    from crm_desktop.views.importing.import_wizard import ImportWizard
    from tests.services.importing.fixtures import latin1_csv

    folder = Path(tempfile.mkdtemp())
    app = QApplication(sys.argv[:1])
    i18n.set_language(args.lang)
    install_translator(app, args.lang)
    database = open_database(folder / "crm.db")
    ctx = AppContext(database, Operations(database.sessions, app), Settings(None), args.lang)
    wizard = ImportWizard(ctx)
    wizard.resize(1366, 740)
    wizard.show()
    wizard.open_file(latin1_csv(folder))
    _settle(app, ctx)
    wizard.next.click()  # columns
    _settle(app, ctx)
    wizard.grab().save(str(args.out / f"{args.lang}-import-columns.png"))
    wizard.next.click()  # preview
    _settle(app, ctx)
    wizard.grab().save(str(args.out / f"{args.lang}-import-preview.png"))
    wizard.next.click()  # import
    _settle(app, ctx)
    wizard.grab().save(str(args.out / f"{args.lang}-import-summary.png"))
    later = ImportWizard(ctx)  # the first step, with the import just made among earlier ones
    later.resize(1366, 740)
    later.show()
    _settle(app, ctx)
    later.grab().save(str(args.out / f"{args.lang}-import-file.png"))
    return 0


if __name__ == "__main__":
    sys.exit(main())
