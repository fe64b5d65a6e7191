"""Screenshots of the 360° view, the visit dialog and the pipeline, in Spanish and English.

Run under Xvfb so the real window system draws them:
    xvfb-run -a -s "-screen 0 1440x900x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python scripts/screenshots_b.py [--db demo.db] [--out docs/screenshots]
Without --db a 2,000-account demo database is seeded in a temporary folder.
Each picture is written as a palette PNG so it stays well under 200 KB.
"""

from __future__ import annotations

import argparse
import io
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from PIL import Image
from PySide6.QtCore import QBuffer, QByteArray, QDate, QEventLoop, QIODevice, QTimer
from PySide6.QtWidgets import QApplication, QWidget
from sqlalchemy import text

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from crm_desktop import i18n  # noqa: E402
from crm_desktop.database import Database, open_database  # noqa: E402
from crm_desktop.settings import Settings  # noqa: E402
from crm_desktop.views.common.context import AppContext  # noqa: E402
from crm_desktop.views.common.ops import Operations  # noqa: E402
from crm_desktop.views.common.translations import install_translator  # noqa: E402

# The account shown: a company with the most visits and activities recorded.
_ACCOUNT = """
SELECT a.id, a.owner_id FROM accounts a
 WHERE a.deleted_at IS NULL AND a.owner_id IS NOT NULL AND a.kind != 'natural_person'
 ORDER BY (SELECT count(*) FROM visits v WHERE v.account_id = a.id)
        + (SELECT count(*) FROM activities t WHERE t.account_id = a.id) DESC, a.legal_name
 LIMIT 1
"""


def wait(app: QApplication, ms: int) -> None:
    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()
    app.processEvents()


def save(widget: QWidget, path: Path) -> None:
    """The widget as drawn, quantized to 256 colours (text stays sharp, files stay small)."""
    data = QByteArray()
    buffer = QBuffer(data)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    widget.grab().save(buffer, "PNG")
    image = Image.open(io.BytesIO(bytes(data.data()))).convert("RGB")
    image.quantize(256, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
    print(f"{path} ({path.stat().st_size // 1024} KB)")


def account_view(ctx: AppContext, app: QApplication, account_id: str) -> QWidget:
    from crm_desktop.views.accounts.account_view import AccountView

    view = AccountView(ctx, account_id)
    view.resize(1180, 720)
    view.show()
    wait(app, 1200)
    return view


def visit_dialog(ctx: AppContext, app: QApplication, account_id: str) -> QWidget:
    """A visit being recorded: checked in, notes typed, outcome and follow-up chosen."""
    from crm_desktop.views.activity.visit_dialog import VisitDialog

    es = ctx.language == "es"
    dialog = VisitDialog(ctx, account_id)
    dialog.show()
    wait(app, 800)
    dialog.place.setText("Calle 72 # 10-34, Bogotá")
    dialog.purpose.setText("Demostración del ERP" if es else "ERP demo")
    dialog.contact.setCurrentIndex(min(1, dialog.contact.count() - 1))
    dialog.check_in()
    dialog.notes.setPlainText(
        "Quieren 20 licencias y capacitación para el equipo de bodega."
        if es
        else "They want 20 licenses and training for the warehouse team."
    )
    dialog.outcome.setCurrentIndex(dialog.outcome.findData("proposal_requested"))
    dialog.next_step.setText("Enviar la propuesta" if es else "Send the proposal")
    dialog.follow_up.setChecked(True)
    dialog.follow_up_on.setDate(QDate.currentDate().addDays(5))
    wait(app, 200)
    return dialog


def pipeline_page(ctx: AppContext, app: QApplication, _account_id: str) -> QWidget:
    from crm_desktop.views.pipeline.pipeline import PipelinePage

    page = PipelinePage(ctx)
    page.resize(1400, 820)
    page.show()
    wait(app, 1500)
    return page


def pipeline_list(ctx: AppContext, app: QApplication, account_id: str) -> QWidget:
    page = pipeline_page(ctx, app, account_id)
    page.views.setCurrentIndex(1)  # type: ignore[attr-defined]
    wait(app, 300)
    return page


SHOTS: dict[str, Callable[[AppContext, QApplication, str], QWidget]] = {
    "account": account_view,
    "visit": visit_dialog,
    "pipeline": pipeline_page,
    "pipeline-list": pipeline_list,
}


def demo_database(path: Path | None) -> Path:
    if path is not None:
        return path
    from crm_desktop.seed import seed_database

    made = Path(tempfile.mkdtemp(prefix="crm-shots-")) / "demo.db"
    seed_database(made, 2000)
    return made


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=None)
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", default="es,en", help="comma-separated languages")
    parser.add_argument("shots", nargs="*", default=list(SHOTS))
    args = parser.parse_args()
    app = QApplication(sys.argv[:1])
    database: Database = open_database(demo_database(args.db))
    with database.sessions() as session:
        account_id, owner_id = session.execute(text(_ACCOUNT)).one()
    args.out.mkdir(parents=True, exist_ok=True)
    for lang in args.lang.split(","):
        i18n.set_language(lang)
        install_translator(app, lang)
        ctx = AppContext(database, Operations(database.sessions, app), Settings(None), lang)
        ctx.user_id = owner_id
        for name in args.shots:
            widget = SHOTS[name](ctx, app, account_id)
            save(widget, args.out / f"{lang}-{name}.png")
            widget.close()
            widget.deleteLater()
        ctx.ops.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
