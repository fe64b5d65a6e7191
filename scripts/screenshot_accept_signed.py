"""Grab "Aceptar con firma" at 1366x768 and write the signed proposal it makes:
`xvfb-run -a -s "-screen 0 1366x768x24" python scripts/screenshot_accept_signed.py`.

Seeds a demo database if needed, opens a draft in the quote builder, signs with synthetic mouse
strokes, saves the whole screen (docs/screenshots/es-accept-signed.png), accepts, and writes the
accepted PDF next to it (look at it with pdftoppm).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

STROKES = [
    [(60, 150), (90, 60), (120, 160), (150, 70), (185, 150), (210, 120)],
    [(230, 130), (260, 95), (300, 140), (340, 90), (380, 125), (450, 100), (520, 80)],
]


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=Path("/tmp/crm-screenshot-sign.db"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs/screenshots/es-accept-signed.png")
    parser.add_argument("--pdf", type=Path, default=Path("/tmp/cotizacion-aceptada.pdf"))
    parser.add_argument("--lang", default="es")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
    from PySide6.QtGui import QMouseEvent
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import select

    from crm_desktop import i18n
    from crm_desktop.database import open_database
    from crm_desktop.models import Quote
    from crm_desktop.seed import seed_database
    from crm_desktop.settings import Settings
    from crm_desktop.views.common.context import AppContext
    from crm_desktop.views.common.ops import Operations
    from crm_desktop.views.common.translations import install_translator
    from crm_desktop.views.quotes.accept_dialog import AcceptSignedDialog
    from crm_desktop.views.quotes.quote_builder import QuoteBuilder

    if not args.db.exists():
        seed_database(args.db, 40, seed=1)
    app = QApplication(sys.argv[:1])
    i18n.set_language(args.lang)
    install_translator(app, args.lang)
    database = open_database(args.db)
    ctx = AppContext(database, Operations(database.sessions, app), Settings(None), args.lang)
    with database.sessions() as session:
        quote_id = session.scalars(
            select(Quote.id).where(Quote.status == "sent").order_by(Quote.number)
        ).first()
    assert quote_id is not None

    def settle() -> None:
        for _ in range(40):
            ctx.ops.wait()
            app.processEvents()

    builder = QuoteBuilder(ctx, quote_id)
    builder.resize(1366, 740)
    builder.show()
    settle()
    builder.quote_actions.accept_signed()
    settle()
    dialog = builder.findChild(AcceptSignedDialog)
    assert dialog is not None
    pad = dialog.pad

    def send(
        kind: QEvent.Type, x: int, y: int, button: Qt.MouseButton, held: Qt.MouseButton
    ) -> None:
        at, where = QPointF(x, y), QPointF(pad.mapToGlobal(QPoint(x, y)))
        modifiers = Qt.KeyboardModifier.NoModifier
        QApplication.sendEvent(pad, QMouseEvent(kind, at, where, button, held, modifiers))

    left, none = Qt.MouseButton.LeftButton, Qt.MouseButton.NoButton
    for stroke in STROKES:
        send(QEvent.Type.MouseButtonPress, *stroke[0], left, left)
        for x, y in stroke[1:]:
            send(QEvent.Type.MouseMove, x, y, none, left)
        send(QEvent.Type.MouseButtonRelease, *stroke[-1], left, none)
    dialog.number.setText("1.020.304.050")
    settle()
    screen = app.primaryScreen()
    screen.grabWindow(0).save(str(args.out))
    dialog.submit()
    settle()
    pdfs: list[bytes] = []
    builder.render_pdf(pdfs.append)
    settle()
    args.pdf.write_bytes(pdfs[0])
    screen.grabWindow(0).save(str(args.out.with_name("es-accept-signed-builder.png")))
    print(args.out, args.pdf)
    return 0


if __name__ == "__main__":
    sys.exit(main())
