"""The quote builder and the Quotes page, driven as a rep drives them."""

from __future__ import annotations

from decimal import Decimal as D
from pathlib import Path

import pytest
from pypdf import PdfReader
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLineEdit, QPushButton, QWidget
from pytestqt.qtbot import QtBot

from crm_desktop.models import Quote
from crm_desktop.services.core import crud
from crm_desktop.services.core.crud import unit_of_work
from crm_desktop.services.quotes.quote_data import load_quote
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.quotes.quote_builder import QuoteBuilder
from crm_desktop.views.quotes.quote_lines_model import FIELDS
from crm_desktop.views.quotes.quotes import QuotesPage
from tests.services.quote_fixtures import make_catalog, make_quote


@pytest.fixture
def quote_id(ctx: AppContext) -> str:
    with unit_of_work(ctx.database.sessions) as s:
        return make_quote(s, make_catalog(s), lines=1)  # a section and one licence line


@pytest.fixture
def builder(qtbot: QtBot, ctx: AppContext, quote_id: str) -> QuoteBuilder:
    widget = QuoteBuilder(ctx, quote_id)
    qtbot.addWidget(widget)
    widget.show()
    qtbot.waitUntil(lambda: len(widget.model.lines) == 2)
    return widget


def total_text(builder: QuoteBuilder) -> str:
    return builder.totals.total_label.text()


def type_into_cell(qtbot: QtBot, builder: QuoteBuilder, row: int, field: str, text: str) -> None:
    """Open the cell's editor, type over it and press Enter (the delegate commits queued)."""
    index = builder.model.index(row, FIELDS.index(field))
    builder.table.setCurrentIndex(index)
    builder.table.edit(index)
    editors = [w for w in builder.table.findChildren(QLineEdit) if w.isVisible()]
    assert len(editors) == 1, "the cell's editor is open"
    editor = editors[0]
    editor.selectAll()
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: builder.table.state() != builder.table.State.EditingState)


def test_rep_builds_a_quote_and_sees_totals_change_as_they_type(
    qtbot: QtBot, builder: QuoteBuilder, ctx: AppContext, quote_id: str, qtmodeltester: object
) -> None:
    qtmodeltester.check(builder.model)  # type: ignore[attr-defined]
    # One licence at 1 250 000 with 5 % off, IVA 19 %: 1 187 500 + 225 625.
    assert total_text(builder) == "COP\xa01,413,125"
    builder.table.setCurrentIndex(builder.model.index(1, 0))
    qtbot.keyClicks(builder.product_search, "lector")
    qtbot.waitUntil(lambda: builder.product_results.count() == 1)
    qtbot.keyClick(builder.product_search, Qt.Key.Key_Return)
    assert [line.description for line in builder.model.lines][-1].startswith("Lector")
    assert total_text(builder) == "COP\xa01,854,125"  # + 420 000 + 5 % IVA
    type_into_cell(qtbot, builder, 2, "quantity", "3")
    assert total_text(builder) == "COP\xa02,736,125"  # the reader x 3: 1 260 000 + 63 000
    builder.global_discount.selectAll()
    qtbot.keyClicks(builder.global_discount, "10")
    # 10 % of 2 447 500 = 244 750, allocated: IVA 19 % on 1 068 750 = 203 062.5 → 203 063,
    # IVA 5 % on 1 134 000 = 56 700.
    assert total_text(builder) == "COP\xa02,462,513"
    qtbot.mouseClick(builder.findChild(QPushButton, "save"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not builder.findChild(QPushButton, "save").isDown())
    ctx.ops.wait()
    qtbot.waitUntil(lambda: _saved_total(ctx, quote_id) == D(2462513))
    with ctx.database.sessions() as s:
        saved = load_quote(s, quote_id)
    assert [(line.kind, line.quantity) for line in saved.lines] == [
        ("section", D(1)),
        ("item", D(1)),
        ("item", D(3)),
    ]
    assert saved.global_discount_pct == D(10)


def _saved_total(ctx: AppContext, quote_id: str) -> D:
    with ctx.database.sessions() as s:
        return crud.get_live(s, Quote, quote_id).total


def test_price_override_without_reason_is_shown_at_the_cell_and_nothing_is_saved(
    qtbot: QtBot, builder: QuoteBuilder, ctx: AppContext, quote_id: str
) -> None:
    before = _saved_total(ctx, quote_id)
    type_into_cell(qtbot, builder, 1, "unit_price", "1000000")
    assert total_text(builder) == "COP\xa01,130,500"  # 950 000 + 19 %
    qtbot.mouseClick(builder.findChild(QPushButton, "save"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: bool(builder.model.errors))
    assert (1, "price_override_reason") in builder.model.errors
    assert "Line 2" in builder.errors.general.text()
    assert _saved_total(ctx, quote_id) == before
    type_into_cell(qtbot, builder, 1, "price_override_reason", "Cliente antiguo")
    qtbot.mouseClick(builder.findChild(QPushButton, "save"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _saved_total(ctx, quote_id) == D(1130500))


def test_sending_freezes_the_builder(qtbot: QtBot, builder: QuoteBuilder) -> None:
    qtbot.mouseClick(builder.findChild(QPushButton, "send"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: builder.data is not None and builder.data.status == "sent")
    assert not builder.findChild(QPushButton, "save").isEnabled()
    assert builder.findChild(QPushButton, "new_revision").isEnabled()
    assert not builder.product_search.isEnabled() and builder.frozen.isVisibleTo(builder)
    assert not builder.model.flags(builder.model.index(1, FIELDS.index("quantity"))) & (
        Qt.ItemFlag.ItemIsEditable
    )


def test_preview_renders_the_proposal_off_the_gui_thread(
    qtbot: QtBot, builder: QuoteBuilder
) -> None:
    qtbot.mouseClick(builder.findChild(QPushButton, "preview"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: builder.quote_actions.preview is not None)
    preview = builder.quote_actions.preview
    assert preview is not None and preview.document.pageCount() == 1
    preview.close()


def _exports_every_quote_typed(qtbot: QtBot, page: QuotesPage, tmp_path: Path) -> None:
    """Issue 14, item 2: the list as CSV/XLSX, total and dates as typed cells."""
    from openpyxl import load_workbook

    path = tmp_path / "cotizaciones.xlsx"
    with qtbot.waitSignal(page.exporter.saved, timeout=5000):
        page.exporter.export(path)
    sheet = load_workbook(path).active
    assert sheet is not None and sheet["D2"].value == "Ferretería El Tornillo Feliz Ñ"
    assert sheet["G2"].value == 1413125 and "#,##0.00" in sheet["G2"].number_format
    assert sheet["E2"].is_date and sheet["B2"].value == 1


def test_quotes_page_lists_filters_and_opens_quotes(
    qtbot: QtBot, ctx: AppContext, quote_id: str, qtmodeltester: object, tmp_path: Path
) -> None:
    page = QuotesPage(ctx)
    qtbot.addWidget(page)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    qtmodeltester.check(page.model)  # type: ignore[attr-defined]
    assert page.model.index(0, 3).data() == "Ferretería El Tornillo Feliz Ñ"
    assert page.model.index(0, 6).data() == "COP\xa01,413,125"
    _exports_every_quote_typed(qtbot, page, tmp_path)
    page.status.setCurrentIndex(page.status.findData("sent"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 0)
    page.status.setCurrentIndex(0)
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    builder = page.open_builder(quote_id)
    qtbot.waitUntil(lambda: builder.data is not None)
    assert builder.data is not None and builder.data.id == quote_id
    builder.close()


def test_print_draws_every_page_of_the_proposal(qtbot: QtBot, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    from crm_desktop.documents.proposal import Company, render_proposal
    from crm_desktop.documents.samples import sample_quote
    from crm_desktop.settings import Settings
    from crm_desktop.views.quotes.quote_dialogs import print_pdf

    pdf = render_proposal(sample_quote(40), Company.from_settings(Settings(None)))
    parent = QWidget()
    qtbot.addWidget(parent)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    assert print_pdf(pdf, parent, printer, ask=False)
    printed = PdfReader(tmp_path / "printed.pdf")
    assert len(printed.pages) == 3
    # Issue 11, item 14: the vector PDF with its text, not 1 MB of page images.
    assert "JP-7F3A-000042" in printed.pages[0].extract_text()
    assert (tmp_path / "printed.pdf").stat().st_size == len(pdf)


def test_print_to_file_starts_with_the_quotes_name_in_the_documents_folder(
    qtbot: QtBot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtCore import QStandardPaths
    from PySide6.QtPrintSupport import QPrinter

    from crm_desktop.views.quotes.quote_dialogs import print_pdf

    monkeypatch.setattr(QStandardPaths, "writableLocation", lambda _where: str(tmp_path))
    parent = QWidget()
    qtbot.addWidget(parent)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    assert print_pdf(
        b"%PDF-1.4 test", parent, printer, ask=False, file_name="Cotización-X-1-r1.pdf"
    )
    assert (tmp_path / "Cotización-X-1-r1.pdf").read_bytes() == b"%PDF-1.4 test"


def test_email_is_prefilled_queued_and_its_state_shown_in_the_list(
    qtbot: QtBot, builder: QuoteBuilder, ctx: AppContext
) -> None:
    from crm_desktop.services.quotes.mail import outbox

    page = QuotesPage(ctx)
    qtbot.addWidget(page)
    qtbot.mouseClick(builder.findChild(QPushButton, "email"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: builder.quote_actions.mail_dialog is not None)
    dialog = builder.quote_actions.mail_dialog
    assert dialog is not None and dialog.to.text() == "oscar@tornillo.co"
    assert dialog.subject.text().startswith("Cotización ")  # in the quote's language
    dialog.to.setText("no es correo")
    qtbot.mouseClick(dialog.queue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors.text_of("to") != "")
    dialog.to.clear()
    qtbot.keyClicks(dialog.to, "compras@tornillo.co")
    qtbot.mouseClick(dialog.queue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    with ctx.database.sessions() as s:
        (message,) = outbox(s)
    assert (message.to, message.state) == ("compras@tornillo.co", "queued")
    qtbot.waitUntil(
        lambda: page.model.rowCount() == 1 and page.model.index(0, 7).data() == "Queued"
    )


def test_with_no_smtp_settings_the_dialog_says_so_and_send_now_always_answers(
    qtbot: QtBot, builder: QuoteBuilder, ctx: AppContext
) -> None:
    """Issue 11, item 2: a message that cannot leave is never silent."""
    page = QuotesPage(ctx)
    qtbot.addWidget(page)
    qtbot.mouseClick(builder.findChild(QPushButton, "email"), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: builder.quote_actions.mail_dialog is not None)
    dialog = builder.quote_actions.mail_dialog
    assert dialog is not None and not dialog.setup_warning.isHidden()
    assert "No outgoing mail server is set" in dialog.setup_warning.text()
    qtbot.mouseClick(dialog.queue_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    page.show_outbox()
    qtbot.waitUntil(lambda: page.outbox_dialog is not None)
    outbox_dialog = page.outbox_dialog
    assert outbox_dialog is not None
    assert outbox_dialog.table.item(0, 2).text() == "Queued, not tried yet"
    for _press in range(2):  # every press answers, the second one too
        outbox_dialog.status.clear()
        qtbot.mouseClick(outbox_dialog.send_button, Qt.MouseButton.LeftButton)
        qtbot.waitUntil(lambda: "Nothing was sent" in outbox_dialog.status.text())
        assert "1 message waits for" in outbox_dialog.status.text()
        assert "No outgoing mail server is set" in outbox_dialog.status.text()


def test_the_outbox_says_each_state_in_words(qtbot: QtBot) -> None:
    from crm_desktop.services.quotes.mail import MailState, SendReport
    from crm_desktop.views.quotes.quote_dialogs import OutboxDialog

    rows = [
        MailState("1", None, "a@b.co", "S", "failed", 1, "SMTPRecipientsRefused: {'a@b.co'}"),
        MailState("2", None, "a@b.co", "S", "queued", 2, "timed out"),
        MailState("3", None, "a@b.co", "S", "sending", 1, None),
    ]
    dialog = OutboxDialog(rows)
    qtbot.addWidget(dialog)
    states = [dialog.table.item(r, 2).text() for r in range(3)]
    assert states == [
        "Failed: The mail server refused the recipient's address.",
        "Queued; last try: The mail server did not answer in time.",
        "Sending…",
    ]
    dialog.show_report(SendReport())
    assert dialog.status.text() == "Nothing to send: the outbox has no queued message."
    dialog.show_report(SendReport(sent=2, failed=1))
    assert dialog.status.text() == "Sent: 2. Failed: 1. Still queued: 0."


def test_a_percentage_discount_shows_its_amount_now_after_a_quantity_change(
    qtbot: QtBot, builder: QuoteBuilder
) -> None:
    """Issue 11, item 14: "Desc. valor" is the amount taken now, never the last save's."""
    row = next(r for r, line in enumerate(builder.model.lines) if line.kind == "item")
    type_into_cell(qtbot, builder, row, "discount_pct", "10")
    column = FIELDS.index("discount_amount")
    assert builder.model.index(row, column).data() == "125,000"  # 10 % of 1 250 000
    type_into_cell(qtbot, builder, row, "quantity", "8")
    assert builder.model.index(row, column).data() == "1,000,000"  # 10 % of 10 000 000


def test_dates_are_typed_in_full_and_read_back(qtbot: QtBot, builder: QuoteBuilder) -> None:
    """Issue 11, item 18: a date field takes a typed date (and shows a four-digit year)."""
    from PySide6.QtCore import QDate

    builder.valid.setFocus()
    builder.valid.lineEdit().selectAll()
    qtbot.keyClicks(builder.valid, "12/31/2026")  # the English UI: month first
    assert builder.valid.date() == QDate(2026, 12, 31)
    assert builder.valid.text() == "12/31/2026"


def test_a_new_quote_closed_without_lines_is_not_kept_nor_synced(
    qtbot: QtBot, ctx: AppContext, quote_id: str
) -> None:
    """Issue 11, item 14: no numbered $ 0 draft left behind to sync to the office."""
    from sqlalchemy import select

    from crm_desktop.models.local import OutboxOp

    with ctx.database.sessions() as s:
        account_id = s.get(Quote, quote_id).account_id
    page = QuotesPage(ctx)
    qtbot.addWidget(page)
    page.create_for(account_id)
    qtbot.waitUntil(lambda: any(b.new for b in page.builders))
    builder = next(b for b in page.builders if b.new)
    new_id = builder.quote_id
    builder.close()
    ctx.ops.wait()
    with ctx.database.sessions() as s:
        assert s.get(Quote, new_id).deleted_at is not None
        states = s.scalars(select(OutboxOp.state).where(OutboxOp.row_id == new_id)).all()
    assert states and set(states) == {"discarded"}  # never pushed: the office never sees it
    kept = QuoteBuilder(ctx, quote_id)  # an existing quote opened and closed stays
    qtbot.addWidget(kept)
    kept.close()
    ctx.ops.wait()
    with ctx.database.sessions() as s:
        assert s.get(Quote, quote_id).deleted_at is None


def test_rep_picks_an_argentine_tax_in_the_tax_column(qtbot: QtBot, builder: QuoteBuilder) -> None:
    from PySide6.QtWidgets import QAbstractItemDelegate, QComboBox

    index = builder.model.index(1, FIELDS.index("tax_category"))
    builder.table.setCurrentIndex(index)
    builder.table.edit(index)
    combos = [w for w in builder.table.findChildren(QComboBox) if w.isVisible()]
    assert len(combos) == 1, "the tax editor is open"
    combo = combos[0]
    codes = [combo.itemData(i) for i in range(combo.count())]
    assert {"iva19", "inc8", "ar_iva21", "ar_iva10_5", "ar_iva27", "ar_iva0"} <= set(codes)
    combo.setCurrentIndex(codes.index("ar_iva10_5"))
    builder.table.commitData(combo)
    builder.table.closeEditor(combo, QAbstractItemDelegate.EndEditHint.NoHint)
    qtbot.waitUntil(lambda: builder.model.lines[1].tax_category == "ar_iva10_5")
    assert builder.model.totals.taxes[0].rate == D("0.105")
    assert builder.model.index(1, FIELDS.index("tax_category")).data() in (
        "VAT 10.5 %",
        "IVA 10,5 %",
    )


def test_a_line_takes_iva_and_inc_from_the_tax_column_and_saves_both(
    qtbot: QtBot, builder: QuoteBuilder, ctx: AppContext, quote_id: str
) -> None:
    """Issue 13, item 2: the tax column offers "IVA 19 % + INC 8 %"; the totals add both."""
    from crm_desktop.views.quotes.quote_lines_model import tax_choices

    assert ("iva19+inc8", "IVA 19% + Consumption tax 8 %") in tax_choices()  # in English here
    index = builder.model.index(1, FIELDS.index("tax_category"))
    assert builder.model.setData(index, "iva19+inc8")
    # 1 187 500 net: IVA 225 625 + INC 95 000.
    assert total_text(builder) == "COP\xa01,508,125"
    assert str(index.data()) == "IVA 19% + Consumption tax 8 %"
    qtbot.mouseClick(builder.findChild(QPushButton, "save"), Qt.MouseButton.LeftButton)
    ctx.ops.wait()
    qtbot.waitUntil(lambda: _saved_total(ctx, quote_id) == D(1508125))
    with unit_of_work(ctx.database.sessions) as s:
        saved = load_quote(s, quote_id).lines[1]
    assert saved.extra_taxes == (("inc8", D("0.08")),)


def test_a_tax_an_admin_added_is_offered_and_a_retired_one_is_not(
    qtbot: QtBot, ctx: AppContext, quote_id: str
) -> None:
    """Issue 13, item 1: taxes are data; the builder offers the synced table's taxes valid on the
    quote's day (an admin's `crm-server taxes add` reaches the laptop as a row like this)."""
    from datetime import timedelta

    from PySide6.QtWidgets import QAbstractItemDelegate, QComboBox

    from crm_desktop.models import Tax
    from crm_desktop.services.core import crud

    with unit_of_work(ctx.database.sessions) as s:
        issued = s.get(Quote, quote_id).issued_on
        for code, rate, valid_to in (
            ("ar_perc3", D("0.03"), None),
            ("co_old16", D("0.16"), issued - timedelta(days=1)),  # retired before the quote
        ):
            crud.create(s, Tax, {"code": code, "name_es": f"Nuevo {code}",
                                 "name_en": f"New {code}", "rate": rate, "kind": "vat",
                                 "country": "AR", "valid_to": valid_to})  # fmt: skip
    builder = QuoteBuilder(ctx, quote_id)
    qtbot.addWidget(builder)
    builder.show()
    qtbot.waitUntil(lambda: builder.data is not None and len(builder.model.lines) > 1)
    index = builder.model.index(1, FIELDS.index("tax_category"))
    builder.table.setCurrentIndex(index)
    builder.table.edit(index)
    [combo] = [w for w in builder.table.findChildren(QComboBox) if w.isVisible()]
    codes = [combo.itemData(i) for i in range(combo.count())]
    assert "ar_perc3" in codes and "co_old16" not in codes and "iva19" in codes
    assert combo.itemText(codes.index("ar_perc3")) == "New ar_perc3"  # its own name, in English
    combo.setCurrentIndex(codes.index("ar_perc3"))
    builder.table.commitData(combo)
    builder.table.closeEditor(combo, QAbstractItemDelegate.EndEditHint.NoHint)
    qtbot.waitUntil(lambda: builder.model.lines[1].tax_category == "ar_perc3")
    assert builder.model.index(1, FIELDS.index("tax_category")).data() == "New ar_perc3"
    assert D("0.03") in {group.rate for group in builder.model.totals.taxes}
