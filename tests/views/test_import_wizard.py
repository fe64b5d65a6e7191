"""The import wizard driven like a user: file, encoding, columns, preview, import, undo."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QComboBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from crm_desktop.models import Account, Contact, Product
from crm_desktop.services.importing import batch
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.importing.import_wizard import (
    COLUMNS,
    FILE,
    PREVIEW,
    READ,
    SUMMARY,
    ImportWizard,
)
from crm_desktop.views.importing.import_worker import ImportJob
from crm_desktop.views.importing.preview_model import PreviewModel
from tests.services.importing.fixtures import latin1_csv, workbook
from tests.services.importing.records_fixtures import PRODUCTS, latin1


def _live_names(ctx: AppContext) -> list[str]:
    with ctx.database.sessions() as s:
        query = select(Account.legal_name).where(Account.deleted_at.is_(None))
        return sorted(s.scalars(query))


def _open(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    wizard.path_edit.setText(str(path))
    with qtbot.waitSignal(wizard.file_opened):
        qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    assert wizard.stack.currentIndex() == READ


def _to_preview(qtbot: QtBot, wizard: ImportWizard, path: Path) -> None:
    _open(qtbot, wizard, path)
    assert wizard.encoding.currentData() == "cp1252"
    assert "cp1252" in wizard.read_info.text() and "line 3" in wizard.read_info.text()
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    assert wizard.stack.currentIndex() == COLUMNS
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    assert wizard.stack.currentIndex() == PREVIEW
    qtbot.waitUntil(lambda: wizard.plan is not None)


def test_import_then_undo(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    _to_preview(qtbot, wizard, latin1_csv(tmp_path))
    assert "2 new accounts" in wizard.preview_counts.text()
    assert "2 lines with problems" in wizard.preview_counts.text()
    wizard.only_problems.setChecked(True)
    model = wizard.preview_view.model()
    assert isinstance(model, PreviewModel) and model.rowCount() == 2
    assert "check digit" in model.index(0, 3).data()
    with qtbot.waitSignal(wizard.imported, timeout=10_000):
        qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    assert wizard.stack.currentIndex() == SUMMARY
    assert "2 accounts created" in wizard.summary.text()
    assert "2 contacts created" in wizard.summary.text()
    assert _live_names(ctx) == ["Droguería Santa Fe", "Ferretería El Tornillo S.A.S."]
    with ctx.database.sessions() as s:  # the journal is in the database, not beside it
        assert [line.batch_id for line in batch.undoable(s)] == [
            wizard.journal.batch_id if wizard.journal else ""
        ]
    with qtbot.waitSignal(wizard.undone, timeout=10_000):
        qtbot.mouseClick(wizard.undo_button, Qt.MouseButton.LeftButton)
    assert _live_names(ctx) == []
    with ctx.database.sessions() as s:
        assert s.scalars(select(Contact.id).where(Contact.deleted_at.is_(None))).all() == []


def test_all_or_nothing_blocks_import(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    _to_preview(qtbot, wizard, latin1_csv(tmp_path))
    assert wizard.next.isEnabled()
    wizard.all_or_nothing.setChecked(True)
    assert not wizard.next.isEnabled()


def test_bad_file_gets_words(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    empty = tmp_path / "vacío.csv"
    empty.write_bytes(b"")
    wizard.path_edit.setText(str(empty))
    with qtbot.waitSignal(wizard.file_failed):
        qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    assert wizard.stack.currentIndex() == FILE
    assert wizard.file_error.text() == "The file is empty."


def test_preset_saved_and_applied(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    _open(qtbot, wizard, latin1_csv(tmp_path))
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    combo = wizard.columns.cellWidget(2, 1)  # "Teléfono"
    assert isinstance(combo, QComboBox)
    combo.setCurrentIndex(0)  # not imported
    wizard.save_preset("Sistema anterior")
    assert 2 not in wizard.mapping()
    other = ImportWizard(ctx)
    qtbot.addWidget(other)
    _open(qtbot, other, latin1_csv(tmp_path))
    qtbot.mouseClick(other.next, Qt.MouseButton.LeftButton)
    assert 2 in other.mapping()  # automatic
    other.preset.setCurrentIndex(other.preset.findData("Sistema anterior"))
    other.preset.activated.emit(other.preset.currentIndex())
    assert other.mapping() == wizard.mapping()


def test_main_window_declares_the_import_action() -> None:
    from crm_desktop.views.actions import ACTIONS

    spec = next(a for a in ACTIONS if a.id == "import_accounts")
    assert spec.handler == "import_accounts" and spec.menu == "file"


def test_encoding_and_sheet_can_be_changed(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    _open(qtbot, wizard, latin1_csv(tmp_path))
    wizard.encoding.setCurrentIndex(wizard.encoding.findData("utf-8"))
    with qtbot.waitSignal(wizard.file_failed) as failed:
        wizard.encoding.activated.emit(wizard.encoding.currentIndex())
    assert failed.args == ["The file is not written in utf-8."]
    assert wizard.stack.currentIndex() == READ and not wizard.next.isEnabled()
    wizard.encoding.setCurrentIndex(wizard.encoding.findData("latin-1"))
    with qtbot.waitSignal(wizard.file_opened):
        wizard.encoding.activated.emit(wizard.encoding.currentIndex())
    assert wizard.sample.item(0, 0).text() == "Razón social"
    book = ImportWizard(ctx)
    qtbot.addWidget(book)
    _open(qtbot, book, workbook(tmp_path))
    assert [book.sheet.itemText(i) for i in range(book.sheet.count())] == ["Notas", "Clientes"]
    book.sheet.setCurrentIndex(1)
    with qtbot.waitSignal(book.file_opened):
        book.sheet.activated.emit(1)
    assert book.sample.item(0, 1).text() == "NIT"  # the header, under the merged title
    assert "line 2" in book.read_info.text()


def test_cancel_saves_nothing(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    _to_preview(qtbot, wizard, latin1_csv(tmp_path))
    start = ctx.ops.writer.start

    def cancel_first(job: ImportJob) -> None:  # as if Cancel came before the first chunk ended
        wizard.cancel_button.click()
        start(job)

    monkeypatch.setattr(ctx.ops.writer, "start", cancel_first)
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.stack.currentIndex() == SUMMARY)
    assert wizard.summary.text() == "The import was cancelled; nothing was saved."
    assert not wizard.undo_button.isVisible()
    assert _live_names(ctx) == []


def test_vcard_export_from_the_window(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    from PySide6.QtWidgets import QWidget

    from crm_desktop.services.accounts.accounts import add_contact
    from crm_desktop.services.core.crud import unit_of_work
    from crm_desktop.views.importing.vcard_export import VCardExport
    from tests.factories import make_account

    with unit_of_work(ctx.database.sessions) as s:
        add_contact(s, make_account(s).id, {"first_name": "Lucía", "last_name": "Peña"})
    window = QWidget()
    qtbot.addWidget(window)
    export = VCardExport(ctx, window)
    with qtbot.waitSignal(export.exported) as done:
        export.export(tmp_path / "c.vcf", None)
    assert done.args == [1]
    assert "FN:Lucía Peña" in (tmp_path / "c.vcf").read_text("utf-8")


def test_ical_export_of_the_week(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    from datetime import date, timedelta

    import vobject
    from PySide6.QtWidgets import QWidget

    from crm_desktop.clock import today
    from crm_desktop.services.activity.visits import plan_visit
    from crm_desktop.services.core.crud import unit_of_work
    from crm_desktop.views.importing.ical_export import ICalExport
    from tests.factories import make_account

    window = QWidget()
    qtbot.addWidget(window)
    export = ICalExport(ctx, window)
    week = export.span(week=True)
    day = today(ctx.clock, export.zone())
    assert week.first == day - timedelta(days=day.weekday()) and week.days == 7
    assert export.span(week=False).first == day
    start, _end = week.bounds()
    with unit_of_work(ctx.database.sessions) as s:
        account = make_account(s)
        plan_visit(s, {"account_id": account.id, "planned_at": start + timedelta(hours=10)})
    with qtbot.waitSignal(export.exported):
        export.export(tmp_path / "semana.ics", week)
    parsed = vobject.readOne((tmp_path / "semana.ics").read_text("utf-8"))
    assert len(parsed.vevent_list) == 1
    assert isinstance(week.first, date)


def test_an_earlier_import_is_undone_later(qtbot: QtBot, ctx: AppContext, tmp_path: Path) -> None:
    first = ImportWizard(ctx)
    qtbot.addWidget(first)
    _to_preview(qtbot, first, latin1_csv(tmp_path))
    with qtbot.waitSignal(first.imported, timeout=10_000):
        qtbot.mouseClick(first.next, Qt.MouseButton.LeftButton)
    first.close()
    later = ImportWizard(ctx)  # another day: the summary is gone
    qtbot.addWidget(later)
    qtbot.waitUntil(lambda: later.recent.count() == 1)
    assert "clientes.csv · 2 accounts created" in later.recent.itemText(0)
    with qtbot.waitSignal(later.undone, timeout=10_000):
        qtbot.mouseClick(later.undo_recent, Qt.MouseButton.LeftButton)
    assert _live_names(ctx) == []
    qtbot.waitUntil(lambda: later.recent.count() == 0)
    assert not later.undo_recent.isEnabled()


def test_products_chosen_first_then_imported_and_undone(
    qtbot: QtBot, ctx: AppContext, tmp_path: Path
) -> None:
    wizard = ImportWizard(ctx)
    qtbot.addWidget(wizard)
    wizard.kind.setCurrentIndex(wizard.kind.findData("products"))
    assert "one product per line" in wizard.intro.text()
    assert wizard.duplicates_label.text() == "A product already here (same code):"
    wizard.path_edit.setText(str(latin1(tmp_path, "productos.csv", PRODUCTS)))
    with qtbot.waitSignal(wizard.file_opened):
        qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    assert "the header is line 2" in wizard.read_info.text()
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    assert set(wizard.mapping().values()) == {
        "code", "name", "unit", "tax_category", "product_line", "active",
    }  # fmt: skip
    qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: wizard.plan is not None)
    assert wizard.preview_counts.text().startswith("3 new records")
    assert "2 lines with problems" in wizard.preview_counts.text()
    with qtbot.waitSignal(wizard.imported, timeout=10_000):
        qtbot.mouseClick(wizard.next, Qt.MouseButton.LeftButton)
    assert "3 records created" in wizard.summary.text()
    qtbot.waitUntil(lambda: wizard.recent.count() == 1)
    assert wizard.recent.itemText(0).endswith("productos.csv · 3 records created")
    with qtbot.waitSignal(wizard.undone, timeout=10_000):
        qtbot.mouseClick(wizard.undo_button, Qt.MouseButton.LeftButton)
    with ctx.database.sessions() as s:
        assert s.scalars(select(Product.code).where(Product.deleted_at.is_(None))).all() == []
    ctx.user_id = "a-rep"  # a rep's laptop: the server refuses a rep's catalog changes
    rep_wizard = ImportWizard(ctx)
    qtbot.addWidget(rep_wizard)
    catalog = rep_wizard.kind.model().index(rep_wizard.kind.findData("products"), 0)
    assert not catalog.flags() & Qt.ItemFlag.ItemIsEnabled
