"""Grab the quote builder as a PNG (docs/screenshots): `xvfb-run -a python scripts/...`.

Seeds a demo database if needed, opens one of its quotes in Spanish and saves the window.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--db", type=Path, default=Path("/tmp/crm-screenshot.db"))
    parser.add_argument("--out", type=Path, default=ROOT / "docs/screenshots/es-quote-builder.png")
    parser.add_argument("--lang", default="es")
    args = parser.parse_args()
    os.environ.setdefault("QT_QPA_PLATFORM", "xcb")
    from PySide6.QtWidgets import QApplication
    from sqlalchemy import func, select

    from crm_desktop import i18n
    from crm_desktop.database import open_database
    from crm_desktop.models import Quote, QuoteLine
    from crm_desktop.seed import seed_database
    from crm_desktop.settings import Settings
    from crm_desktop.views.common.context import AppContext
    from crm_desktop.views.common.ops import Operations
    from crm_desktop.views.common.translations import install_translator
    from crm_desktop.views.quotes.quote_builder import QuoteBuilder

    if not args.db.exists():
        seed_database(args.db, 300, seed=1)
    app = QApplication(sys.argv[:1])
    i18n.set_language(args.lang)
    install_translator(app, args.lang)
    database = open_database(args.db)
    ctx = AppContext(database, Operations(database.sessions, app), Settings(None), args.lang)
    with database.sessions() as session:
        lines = (
            select(func.count())
            .where(QuoteLine.quote_id == Quote.id, QuoteLine.deleted_at.is_(None))
            .scalar_subquery()
        )
        quote_id = session.scalars(  # the draft with the most lines shows the most
            select(Quote.id).where(Quote.status == "draft").order_by(lines.desc(), Quote.number)
        ).first()
    assert quote_id is not None
    builder = QuoteBuilder(ctx, quote_id)
    builder.resize(1280, 800)
    builder.show()
    for _ in range(50):
        ctx.ops.wait()
        app.processEvents()
    builder.grab().save(str(args.out))
    print(args.out)
    return 0


if __name__ == "__main__":
    sys.exit(main())
