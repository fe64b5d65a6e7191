"""Grab the issue-12 screens as PNGs (docs/screenshots), in Spanish at 1366x768:
`xvfb-run -a -s "-screen 0 1366x768x24" python scripts/screenshot_privacy.py`.

An account with a contact and a consent history; its 360° view on the Contacts tab with the
"Derechos del titular" dialog open over it; the stale-laptop lock; the wipe notice.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from datetime import timedelta
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
    from PySide6.QtWidgets import QApplication, QMainWindow

    from crm_desktop import i18n
    from crm_desktop.database import open_database
    from crm_desktop.secure.stale import LAST_OK_KEY, keep_verifier, stale_state
    from crm_desktop.secure.wipe import WipeNotice
    from crm_desktop.services.accounts.accounts import add_contact, update_account
    from crm_desktop.services.core.device import meta_set
    from crm_desktop.settings import Settings
    from crm_desktop.sync import protocol as P
    from crm_desktop.views.accounts.account_view import AccountView
    from crm_desktop.views.accounts.privacy_dialog import SubjectRightsDialog
    from crm_desktop.views.common.context import AppContext
    from crm_desktop.views.common.ops import Operations
    from crm_desktop.views.common.translations import install_translator
    from crm_desktop.views.sync.remote_wipe import wipe_box
    from crm_desktop.views.sync.stale_lock import StaleLockDialog
    from tests.factories import make_account

    folder = Path(tempfile.mkdtemp())
    app = QApplication(sys.argv[:1])
    i18n.set_language(args.lang)
    install_translator(app, args.lang)
    database = open_database(folder / "crm.db")
    ctx = AppContext(database, Operations(database.sessions, app), Settings(None), args.lang)
    with database.sessions() as s, s.begin():
        account = make_account(
            s,
            legal_name="Ferretería El Tornillo S.A.S.",
            consent_marketing=True,
            consent_channel="paper",
        )
        contact = add_contact(
            s,
            account.id,
            {
                "first_name": "Valentina",
                "last_name": "Ospina",
                "email": "valentina.ospina@tornillo.co",
                "phone": "3105550199",
                "job_title": "Compras",
            },
        )
        update_account(s, account.id, {"consent_marketing": False, "consent_channel": "phone"})
        from crm_desktop.services.accounts.consent import record_consent

        record_consent(s, account.id, "marketing", True, "email", contact_id=contact.id)
        meta_set(s, "client_id", "0193a7c2-5d1e-7b40-9f3a-2c8e41d7a6b5")
        now = database.clock.now()
        meta_set(s, LAST_OK_KEY, (now - timedelta(days=34)).isoformat())
        keep_verifier(s, P.UnlockVerifier(period="n", code_hash=P.unlock_code_hash("AAAA")))
    window = QMainWindow()
    view = AccountView(ctx, account.id)
    window.setCentralWidget(view)
    window.resize(1366, 740)
    window.show()
    _settle(app, ctx)
    view.tabs.setCurrentWidget(view.contacts)
    view.contacts.table.selectRow(0)
    _settle(app, ctx)
    dialog = SubjectRightsDialog(ctx, account.id, contact.id, "Valentina Ospina", window)
    dialog.reason.setPlainText(
        "La titular pidió por correo del 3 de marzo que se borren sus datos."
    )
    dialog.show()
    _settle(app, ctx)
    screen = app.primaryScreen()
    screen.grabWindow(0).save(str(args.out / f"{args.lang}-privacy-rights.png"))
    dialog.close()
    with database.sessions() as s:
        state = stale_state(s, 30, database.clock.now())
    lock = StaleLockDialog(ctx, state, window)
    lock.show()
    _settle(app, ctx)
    screen.grabWindow(0).save(str(args.out / f"{args.lang}-stale-lock.png"))
    lock.done(0)
    box = wipe_box(WipeNotice("laptop_revoked", "", now.isoformat()), window, at_start=True)
    box.show()
    _settle(app, ctx)
    screen.grabWindow(0).save(str(args.out / f"{args.lang}-wiped.png"))
    box.done(0)
    ctx.ops.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
