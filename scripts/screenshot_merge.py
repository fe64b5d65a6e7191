"""Grab the managers' Duplicate accounts dialog as a PNG (docs/screenshots):
`xvfb-run -a -s "-screen 0 1366x768x24" python scripts/screenshot_merge.py`.

Starts a server on loopback, two reps' laptops each create the same company (one NIT), the
manager's laptop syncs and opens the dialog. Secrets stay in an in-memory keyring.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out", type=Path, default=ROOT / "docs/screenshots")
    parser.add_argument("--lang", default="es")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    import keyring
    from PySide6.QtWidgets import QApplication

    from crm_desktop import i18n
    from crm_desktop.database import open_database
    from crm_desktop.models.database import make_engine
    from crm_desktop.models.migrate import migrate_file
    from crm_desktop.settings import Settings
    from crm_desktop.sync.client import SyncClient
    from crm_desktop.sync.engine import SyncEngine
    from crm_desktop.views.common.context import AppContext
    from crm_desktop.views.common.ops import Operations
    from crm_desktop.views.common.translations import install_translator
    from crm_desktop.views.sync.duplicates_dialog import DuplicateAccountsDialog
    from crm_desktop.views.sync.sync_worker import NetworkRunner
    from tests.memory_keyring import MemoryKeyring
    from tests.sync.harness import PASSWORD, add_user, make_laptop, new_server_db, start_server

    keyring.set_keyring(MemoryKeyring())
    folder = Path(tempfile.mkdtemp())
    template = folder / "template.db"
    engine = make_engine(template)
    migrate_file(template, engine)
    engine.dispose()
    db = new_server_db("sqlite", folder)
    ana, beto = add_user(db, "ana"), add_user(db, "beto")
    add_user(db, "maria", "manager")
    server = start_server(db.url, folder)
    try:
        a = make_laptop("a", folder, template, server, "ana")
        b = make_laptop("b", folder, template, server, "beto")
        a.new_account(ana, legal_name="Textiles del Valle S.A.S.", trade_name=None,
                      city="Cali", region="Valle del Cauca")  # fmt: skip
        b.new_account(beto, legal_name="TEXTILES DEL VALLE", trade_name="Texvalle",
                      phone="602 5550000", city="Cali", region="Valle del Cauca",
                      email="compras@texvalle.co", notes="Pagan a 60 días")  # fmt: skip
        a.sync()
        b.sync()
        app = QApplication(sys.argv[:1])
        i18n.set_language(args.lang)
        install_translator(app, args.lang)
        database = open_database(folder / "crm.db")
        client = SyncClient(server.base, "maria")
        client.login(PASSWORD)
        SyncEngine(database.sessions, database.path, client).sync()
        ctx = AppContext(database, Operations(database.sessions, app), Settings(None), args.lang)
        dialog = DuplicateAccountsDialog(ctx, lambda: client, NetworkRunner())
        dialog.resize(1366, 740)
        dialog.show()
        for _ in range(20):  # the server's answer, then the local read, then the table
            dialog.runner.wait()
            app.processEvents()
            ctx.ops.wait()
            app.processEvents()
            if dialog.fields.rowCount():
                break
        args.out.mkdir(parents=True, exist_ok=True)
        dialog.grab().save(str(args.out / f"{args.lang}-duplicate-accounts.png"))
        dialog.runner.wait()
    finally:
        server.stop()
    return 0


if __name__ == "__main__":
    sys.exit(main())
