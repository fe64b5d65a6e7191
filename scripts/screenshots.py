"""Screenshots of the program's views, in each language, for docs/screenshots/.

Run under a real X server so fonts and styles are what a user sees:
    xvfb-run -a -s "-screen 0 1366x768x24" env QT_QPA_PLATFORM=xcb \
        .venv/bin/python scripts/screenshots.py --db /tmp/demo.db --lang es en

Each shot is a function in SHOTS that brings the main window to a view and returns the widget
to grab; add yours with @shot("name"). Files are named <lang>-<name>.png.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from PySide6.QtCore import QCoreApplication, QEventLoop, QTimer  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

Shot = Callable[["object"], QWidget]  # takes the MainWindow
SHOTS: dict[str, Callable[..., QWidget]] = {}
SIZE = [1366, 768]  # the commonest laptop screen (issue 11): --size changes it


def shot(name: str) -> Callable[[Callable[..., QWidget]], Callable[..., QWidget]]:
    def register(prepare: Callable[..., QWidget]) -> Callable[..., QWidget]:
        SHOTS[name] = prepare
        return prepare

    return register


def settle(window: object, msecs: int = 400) -> None:
    """Let workers finish and the window repaint."""
    window.ctx.ops.wait()  # type: ignore[attr-defined]
    loop = QEventLoop()
    QTimer.singleShot(msecs, loop.quit)
    loop.exec()
    window.ctx.ops.wait()  # type: ignore[attr-defined]
    QCoreApplication.processEvents()


@shot("today")
def _today(window: object) -> QWidget:
    window.go_to("today")  # type: ignore[attr-defined]
    return window  # type: ignore[return-value]


@shot("accounts")
def _accounts(window: object) -> QWidget:
    window.go_to("accounts")  # type: ignore[attr-defined]
    page = window.page("accounts")  # type: ignore[attr-defined]
    page.search.setText("dist")
    page.apply_query()
    page.table.selectRow(1)
    return window  # type: ignore[return-value]


@shot("accounts-open")
def _account(window: object) -> QWidget:
    """Accounts with one account opened in the right-hand panel."""
    page = window.page("accounts")  # type: ignore[attr-defined]
    _accounts(window)
    account_id = page.selected_account_id()
    if account_id:
        page.open_account(account_id)
    return window  # type: ignore[return-value]


@shot("new-account")
def _new_account(window: object) -> QWidget:
    """The New account dialog after a save with a bad NIT: the error sits under the field."""
    page = window.page("accounts")  # type: ignore[attr-defined]
    window.go_to("accounts")  # type: ignore[attr-defined]
    page.new_account()
    dialog = page.new_dialog
    typed = {"legal_name": "Ferretería El Tornillo S.A.S.", "tax_id": "900.555.111-0"}
    dialog.form.set_values(typed | {"city": "Bogotá", "email": "compras@eltornillo"})
    dialog.save()
    settle(window)
    return dialog  # type: ignore[no-any-return]


@shot("settings")
def _settings(window: object) -> QWidget:
    window.go_to("settings")  # type: ignore[attr-defined]
    return window  # type: ignore[return-value]


@shot("settings-admin")
def _settings_admin(window: object) -> QWidget:
    """The administrator's settings on a laptop not signed in as a manager: read only, why."""
    window.go_to("settings")  # type: ignore[attr-defined]
    settle(window)
    window.page("settings").tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    return window  # type: ignore[return-value]


@shot("pipeline")
def _pipeline(window: object) -> QWidget:
    """Part B: the pipeline board of the signed-in rep."""
    window.go_to("pipeline")  # type: ignore[attr-defined]
    return window  # type: ignore[return-value]


@shot("pipeline-list")
def _pipeline_list(window: object) -> QWidget:
    """Part B: the pipeline as a sortable list with weighted totals per stage."""
    window.go_to("pipeline")  # type: ignore[attr-defined]
    window.page("pipeline").views.setCurrentIndex(1)  # type: ignore[attr-defined]
    return window  # type: ignore[return-value]


@shot("visit")
def _visit(window: object) -> QWidget:
    """Part B: a visit being recorded for the selected account, checked in."""
    from crm_desktop.views.activity.visit_dialog import VisitDialog

    _accounts(window)
    account_id = window.page("accounts").selected_account_id()  # type: ignore[attr-defined]
    dialog = VisitDialog(window.ctx, account_id, parent=window)  # type: ignore[attr-defined]
    dialog.show()
    settle(window)
    dialog.purpose.setText("Demo ERP")
    dialog.check_in()
    return dialog


def _draft_quote(window: object) -> str:
    from sqlalchemy import func, select

    from crm_desktop.models import Quote, QuoteLine

    with window.ctx.database.sessions() as session:  # type: ignore[attr-defined]
        lines = (
            select(func.count())
            .where(QuoteLine.quote_id == Quote.id, QuoteLine.deleted_at.is_(None))
            .scalar_subquery()
        )
        found = session.scalars(  # the draft with the most lines shows the most
            select(Quote.id).where(Quote.status == "draft").order_by(lines.desc(), Quote.number)
        ).first()
    assert found is not None
    return str(found)


def _builder(window: object) -> QWidget:
    window.go_to("quotes")  # type: ignore[attr-defined]
    builder = window.page("quotes").open_builder(_draft_quote(window))  # type: ignore[attr-defined]
    builder.resize(*SIZE)
    builder.move(0, 0)
    settle(window, 800)
    return builder  # type: ignore[no-any-return]


@shot("quote-builder")
def _quote_builder(window: object) -> QWidget:
    return _builder(window)


@shot("email-dialog")
def _email_dialog(window: object) -> QWidget:
    """The quote's e-mail before queueing: with no SMTP server set, it says so."""
    builder = _builder(window)
    builder.quote_actions.email()  # type: ignore[attr-defined]
    for _ in range(40):
        settle(window, 100)
        if builder.quote_actions.mail_dialog is not None:  # type: ignore[attr-defined]
            break
    dialog = builder.quote_actions.mail_dialog  # type: ignore[attr-defined]
    settle(window)
    return dialog  # type: ignore[no-any-return]


@shot("reports")
def _reports(window: object) -> QWidget:
    window.go_to("reports")  # type: ignore[attr-defined]
    settle(window, 1500)
    return window  # type: ignore[return-value]


def _report(window: object, key: str) -> QWidget:
    window.go_to("reports")  # type: ignore[attr-defined]
    panel = window.page("reports").reports  # type: ignore[attr-defined]
    settle(window, 800)
    panel.kind.setCurrentIndex(panel.kind.findData(key))
    settle(window, 1500)
    return window  # type: ignore[return-value]


@shot("reports-pipeline")
def _reports_pipeline(window: object) -> QWidget:
    return _report(window, "pipeline")


@shot("reports-rejections")
def _reports_rejections(window: object) -> QWidget:
    return _report(window, "rejections")


@shot("reports-customers")
def _reports_customers(window: object) -> QWidget:
    return _report(window, "customers")


@shot("manager")
def _manager(window: object) -> QWidget:
    """The manager's view (working as everyone: --user "")."""
    window.go_to("reports")  # type: ignore[attr-defined]
    window.page("reports").tabs.setCurrentIndex(1)  # type: ignore[attr-defined]
    settle(window, 1500)
    return window  # type: ignore[return-value]


@shot("sync_unapplied")
def _sync_unapplied(window: object) -> QWidget:
    """The Conflicts window's "could not be applied" tab, a row chosen and a reason typed."""
    from crm_desktop.models.sync_state import UnappliedRow
    from crm_desktop.views.sync.conflicts import ConflictsWindow

    ctx = window.ctx  # type: ignore[attr-defined]
    with ctx.database.sessions() as s, s.begin():
        for row_id, number, kind, reason in (
            ("q-shot-1", "JP-2026-0042", "error", "UNIQUE constraint failed: quotes.number"),
            ("c-shot-1", None, "parent", "waiting for accounts 01a2 (account_id)"),
        ):
            table = "quotes" if number else "contacts"
            payload = f'{{"number": "{number}"}}' if number else "{}"
            if s.get(UnappliedRow, (table, row_id)) is None:
                s.add(UnappliedRow(table_name=table, row_id=row_id, version=2, kind=kind,
                                   reason=reason, payload=payload))  # fmt: skip
    conflicts = ConflictsWindow.show_for(ctx, window)  # type: ignore[arg-type]
    conflicts.resize(*SIZE)
    settle(window)
    page = conflicts.page
    page.tabs.setCurrentIndex(3)
    page.unapplied.selectRow(0)
    page.dismiss_reason.setText("Duplicada de la JP-2026-0042; la anulé en el otro equipo")
    return conflicts


def _window(db: Path, language: str, username: str) -> object:
    from crm_desktop import i18n
    from crm_desktop.database import open_database
    from crm_desktop.settings import Settings
    from crm_desktop.views.common.context import AppContext
    from crm_desktop.views.common.ops import Operations
    from crm_desktop.views.common.translations import install_translator
    from crm_desktop.views.main_window import MainWindow

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    i18n.set_language(language)
    install_translator(app, language)
    database = open_database(db)
    settings = Settings(None)
    settings.set("general.current_user", username)
    ctx = AppContext(database, Operations(database.sessions), settings, language)
    window = MainWindow(ctx)
    window.resize(*SIZE)
    window.move(0, 0)
    window.show()
    return window


def take(db: Path, out: Path, languages: list[str], names: list[str], username: str) -> list[Path]:
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for language in languages:
        for name in names:
            window = _window(db, language, username)  # a fresh window per shot: no leftovers
            settle(window)
            target = SHOTS[name](window)
            settle(window)
            settle(window, 200)  # what the last results resized (a count, a name) lays out
            path = out / f"{language}-{name}.png"
            target.grab().save(str(path), "PNG", 0)  # 0: smallest file
            written.append(path)
            if target is not window:
                target.close()
            window.close()  # type: ignore[attr-defined]
            print(f"{path} ({path.stat().st_size // 1024} KB)")
    return written


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, required=True, help="a seeded database")
    parser.add_argument("--out", type=Path, default=ROOT / "docs" / "screenshots")
    parser.add_argument("--lang", nargs="+", default=["es", "en"], choices=("es", "en"))
    parser.add_argument(
        "--pages",
        nargs="+",
        default=["today", "accounts", "settings"],
        help=f"shots to take, of: {', '.join(SHOTS)}",
    )
    parser.add_argument("--user", default="dmospina", help="the rep the program works as")
    parser.add_argument("--size", default="1366x768", help="window size, WIDTHxHEIGHT")
    args = parser.parse_args()
    SIZE[:] = [int(n) for n in args.size.lower().split("x")]
    unknown = [name for name in args.pages if name not in SHOTS]
    if unknown:
        parser.error(f"unknown shot(s): {', '.join(unknown)}")
    QApplication.instance() or QApplication(sys.argv[:1])
    take(args.db, args.out, args.lang, args.pages, args.user)
    return 0


if __name__ == "__main__":
    sys.exit(main())
