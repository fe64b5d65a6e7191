"""The 360° view driven as a user would: header, timeline, details, contacts, products."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QObject, Qt, QUrl, Slot
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from crm_desktop.database import Database
from crm_desktop.models import Account, Contact, Product
from crm_desktop.services.accounts import accounts
from crm_desktop.services.core import crud
from crm_desktop.views.accounts.account_view import AccountView
from crm_desktop.views.activity.contact_dialog import ContactDialog
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.ops import ChangeSet
from tests.factories import make_user
from tests.views.b_support import World, ctx, save_button, world  # noqa: F401


def open_view(qtbot: QtBot, ctx: AppContext, account_id: str) -> AccountView:  # noqa: F811
    view = AccountView(ctx, account_id)
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded):
        view.show()
    return view


def test_open_account_shows_header_and_timeline(
    qtbot: QtBot,
    qtmodeltester: object,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
) -> None:
    view = open_view(qtbot, ctx, world.account_id)
    assert view.title.text() == "Distribuciones Andina S.A.S."
    facts = view.facts.text()
    for expected in ("NIT 900.123.456-8", "Legal entity", "Prospect", "Customer", "Juana Pérez"):
        assert expected in facts
    model = view.timeline_model
    shown = [model.index(row).data() for row in range(model.rowCount())]
    assert shown == ["Call: Price check", "Visit: First meeting"]  # newest first
    assert view.tabs.tabText(0) == "Timeline (2)"
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    qtmodeltester.check(view.contacts.model)  # type: ignore[attr-defined]
    names = [view.contacts.model.index(r, 0).data() for r in range(2)]
    assert names == ["★ Ana Ruiz", "Beto Gil"]


def test_invalid_detail_shows_error_under_field_and_saves_nothing(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    view = open_view(qtbot, ctx, world.account_id)
    view.tabs.setCurrentIndex(1)
    tax_id = view.form.field("tax_id")
    legal_name = view.form.field("legal_name")
    assert isinstance(tax_id, QLineEdit) and isinstance(legal_name, QLineEdit)
    legal_name.clear()
    qtbot.keyClicks(legal_name, "Andina Renamed S.A.S.")
    tax_id.clear()
    qtbot.keyClicks(tax_id, "900.123.456-9")  # wrong check digit
    qtbot.mouseClick(view.save_details, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.form.error_text("tax_id") != "")
    assert "check digit" in view.form.error_text("tax_id")
    assert "Not saved" in view.details_saved.text()
    with database.sessions() as s:
        account = s.get(Account, world.account_id)
        assert account is not None
        assert (account.legal_name, account.tax_id) == (
            "Distribuciones Andina S.A.S.",
            "9001234568",
        )
    tax_id.clear()
    qtbot.keyClicks(tax_id, "900.123.456-8")
    qtbot.mouseClick(view.save_details, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.title.text() == "Andina Renamed S.A.S.")
    assert view.form.error_text("tax_id") == ""


def test_add_contact_with_inline_error_then_mark_primary(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    view = open_view(qtbot, ctx, world.account_id)
    tab = view.contacts
    view.tabs.setCurrentWidget(tab)
    qtbot.mouseClick(tab.buttons["add"], Qt.MouseButton.LeftButton)
    dialog = tab.dialog
    assert isinstance(dialog, ContactDialog)
    qtbot.keyClicks(dialog.first_name, "Carla")
    qtbot.keyClicks(dialog.last_name, "Mejia")
    qtbot.keyClicks(dialog.email, "carla@")
    qtbot.mouseClick(save_button(dialog.buttons), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.errors.text_of("email") != "")
    assert dialog.errors.text_of("email") == "This is not a valid e-mail address."
    with database.sessions() as s:
        assert s.scalar(select(Contact).where(Contact.first_name == "Carla")) is None
    dialog.email.clear()
    qtbot.keyClicks(dialog.email, "carla@andina.co")
    qtbot.mouseClick(save_button(dialog.buttons), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 3)
    assert not dialog.isVisible()
    carla_row = [c.full_name for c in tab.model.contacts].index("Carla Mejia")
    tab.table.selectRow(carla_row)
    assert tab.buttons["primary"].isEnabled()
    qtbot.mouseClick(tab.buttons["primary"], Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.contacts[0].full_name == "Carla Mejia")
    assert tab.model.index(0, 0).data() == "★ Carla Mejia"
    assert [c.is_primary for c in tab.model.contacts] == [True, False, False]


class _UrlCatcher(QObject):
    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []

    @Slot(QUrl)
    def catch(self, url: QUrl) -> None:
        self.urls.append(url.toString())


def test_call_and_email_open_tel_and_mailto(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
) -> None:
    catcher = _UrlCatcher()
    QDesktopServices.setUrlHandler("tel", catcher, "catch")
    QDesktopServices.setUrlHandler("mailto", catcher, "catch")
    try:
        view = open_view(qtbot, ctx, world.account_id)
        tab = view.contacts
        tab.table.selectRow(0)  # Ana: a mobile, no e-mail
        assert not tab.buttons["email"].isEnabled()
        qtbot.mouseClick(tab.buttons["call"], Qt.MouseButton.LeftButton)
        tab.table.selectRow(1)  # Beto: an e-mail, no phone
        assert not tab.buttons["call"].isEnabled()
        qtbot.mouseClick(tab.buttons["email"], Qt.MouseButton.LeftButton)
    finally:
        QDesktopServices.unsetUrlHandler("tel")
        QDesktopServices.unsetUrlHandler("mailto")
    assert catcher.urls == ["tel:+573001234567", "mailto:beto@andina.co"]


def test_delete_contact_asks_first(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
) -> None:
    view = open_view(qtbot, ctx, world.account_id)
    tab = view.contacts
    tab.table.selectRow(1)
    qtbot.mouseClick(tab.buttons["delete"], Qt.MouseButton.LeftButton)
    box = tab.dialog
    assert isinstance(box, QMessageBox) and "Beto Gil" in box.text()
    qtbot.mouseClick(box.button(QMessageBox.StandardButton.Yes), Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: tab.model.rowCount() == 1)
    assert tab.model.contacts[0].full_name == "Ana Ruiz"


def test_products_owned_checklist_saves(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    with database.sessions() as s, s.begin():
        for code in ("ERP", "POS"):
            crud.create(s, Product, {"code": code, "name": f"Licencia {code}", "unit": "u"})
    view = open_view(qtbot, ctx, world.account_id)
    assert view.products.count() == 2
    view.products.item(1).setCheckState(Qt.CheckState.Checked)  # Licencia POS
    qtbot.mouseClick(view.save_products, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: view.products_note.text() != "")
    assert view.products_note.text() == "Saved: 1 product owned."
    with database.sessions() as s:
        owned = accounts.owned_products(s, world.account_id)
        codes = [s.get(Product, ap.product_id).code for ap in owned]  # type: ignore[union-attr]
    assert codes == ["POS"]


def test_refreshes_only_the_parts_a_change_touches(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
) -> None:
    view = open_view(qtbot, ctx, world.account_id)
    reads: list[str] = []
    real_read = ctx.ops.read

    def counting_read(work: Any, on_success: Any, on_failure: Any = None) -> None:
        reads.append(getattr(on_success, "__qualname__", ""))
        real_read(work, on_success, on_failure)

    ctx.ops.read = counting_read  # type: ignore[method-assign]
    try:
        ctx.ops.changed.emit(ChangeSet(tables=frozenset({"reminders", "quote_lines"})))
        assert reads == []  # nothing on this view shows reminders or quote lines
        ctx.ops.changed.emit(ChangeSet(tables=frozenset({"contacts"})))
        assert len(reads) == 1  # the contacts alone, not the timeline or the header
        with qtbot.waitSignal(view.timeline_loaded):
            ctx.ops.changed.emit(ChangeSet(tables=frozenset({"visits"})))
        assert len(reads) == 2
    finally:
        ctx.ops.read = real_read  # type: ignore[method-assign]


def test_the_360_view_lists_the_accounts_opportunities_and_quotes(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    database: Database,
) -> None:
    """Issue 11, item 11: a Sales tab with the account's opportunities and quotes."""
    from tests.services import sales_fixtures as fx

    with database.sessions() as s, s.begin():
        rep = make_user(s)
        account = fx.account(s, rep.id, roles="customer")
        fx.opportunity(s, account, "proposal", "5000000")
        fx.quote(s, account, "sent", "1190000", sent=ctx.clock.now())
        account_id = account.id
    view = AccountView(ctx, account_id)
    qtbot.addWidget(view)
    view.show()
    view.tabs.setCurrentWidget(view.sales)
    qtbot.waitUntil(lambda: view.sales.quotes.rowCount() == 1)
    assert view.sales.opportunities.rowCount() == 1
    assert view.sales.opportunities.index(0, 2).data() == "COP\xa05,000,000"
    assert view.sales.quotes.index(0, 1).data() == "Sent"


def test_the_ciiu_code_is_shown_as_a_code_without_an_invented_name(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    """Issue 11: the 360° view did not show the activity at all. No licensed list of the CIIU
    Rev. 4 A.C. names was found, so the code is shown as a code, and where to look it up."""
    with database.sessions() as s, s.begin():
        crud.update(s, Account, world.account_id, {"economic_activity": "4659"})
    view = open_view(qtbot, ctx, world.account_id)
    assert "CIIU activity 4659" in view.facts.text()
    assert "dane.gov.co" in view.facts.toolTip()
    with database.sessions() as s, s.begin():
        crud.update(s, Account, world.account_id, {"economic_activity": None})
    bare = open_view(qtbot, ctx, world.account_id)
    assert "CIIU" not in bare.facts.text() and bare.facts.toolTip() == ""
