"""The Settings page is generated from settings.OPTIONS, validates, and saves all or nothing."""

from __future__ import annotations

import json
from collections.abc import Iterator

import pytest
from PySide6.QtCore import Qt

from crm_desktop.settings import OPTIONS, Option, declare
from crm_desktop.views.settings.settings_page import SettingsPage


@pytest.fixture
def extra_option() -> Iterator[Option]:
    """An option declared by "another part of the program" after the page was written."""
    option = Option("tests.visits_per_day", 6, "Visits a rep can make in a day", int, 1, 20)
    declare(option)
    yield option
    del OPTIONS[option.key]


def make_page(qtbot, ctx) -> SettingsPage:  # type: ignore[no-untyped-def]
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    return page


def sign_in_as(database, ctx, role: str, username: str = "mrojas") -> None:  # type: ignore[no-untyped-def]
    """The laptop signed in (sync.username) as a user the last sync brought, with this role."""
    from tests.factories import make_user

    with database.sessions() as s, s.begin():
        make_user(s, username, full_name="Marta Rojas", role=role, quote_prefix="MR")
    ctx.settings.set("sync.username", username)


@pytest.fixture
def admin_page(qtbot, ctx, database) -> SettingsPage:  # type: ignore[no-untyped-def]
    """The page on a laptop signed in as a manager: the administrator's settings editable."""
    sign_in_as(database, ctx, "manager")
    page = make_page(qtbot, ctx)
    qtbot.waitUntil(lambda: page.administers)
    return page


def test_every_declared_option_has_an_editor(qtbot, ctx, extra_option) -> None:
    page = make_page(qtbot, ctx)
    shown = set(page.editors)
    assert shown == {key for key, option in OPTIONS.items() if not option.secret}
    assert page.editors[extra_option.key].text() == "6"
    # The page's read of who may administer ends before extra_option leaves OPTIONS.
    qtbot.waitUntil(lambda: "Checking" not in page.admin_note.text())


def test_a_bad_number_shows_an_error_and_saves_nothing(
    qtbot, ctx, extra_option, admin_page
) -> None:
    page = admin_page
    name = page.editors["company.name"]
    name.clear()
    qtbot.keyClicks(name, "Tornillos del Norte S.A.S.")
    visits = page.editors[extra_option.key]
    visits.clear()
    qtbot.keyClicks(visits, "40")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert page.errors[extra_option.key].text() == "At most 20."
    assert page.errors[extra_option.key].isVisible()
    assert not ctx.settings.path.exists()
    assert ctx.settings.get("company.name") == "Soluciones Andinas S.A.S."
    visits.clear()
    qtbot.keyClicks(visits, "8")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert not page.errors[extra_option.key].isVisible()
    stored = json.loads(ctx.settings.path.read_text(encoding="utf-8"))["values"]
    assert stored["company.name"] == "Tornillos del Norte S.A.S."
    assert stored[extra_option.key] == 8
    assert "restart" in page.status.text()


def test_language_is_a_choice(qtbot, ctx) -> None:
    page = make_page(qtbot, ctx)
    language = page.editors["general.language"]
    language.setCurrentIndex(language.findData("es"))
    assert page.save()
    assert ctx.settings.get("general.language") == "es"


def test_weights_that_do_not_add_up_are_said_once_not_under_each_field(admin_page) -> None:
    page = admin_page
    for key, value in (("recency", "50"), ("frequency", "30"), ("monetary", "30")):
        editor = page.editors[f"rfm.weight_{key}"]
        editor.setText(value)
    assert not page.save()
    shown = [page.errors[f"rfm.weight_{k}"] for k in ("recency", "frequency", "monetary")]
    texts = [label.text() for label in shown if not label.isHidden()]
    assert len(texts) == 1 and "110" in texts[0]  # once, with the total
    assert all(page.editors[f"rfm.weight_{k}"].styleSheet() for k in ("frequency", "monetary"))


def test_rep_and_admin_settings_apart_choices_as_choices_text_as_text(ctx, admin_page) -> None:
    """Issue 11, item 17."""
    from PySide6.QtWidgets import QComboBox, QPlainTextEdit

    page = admin_page
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "My settings", "Administration", "Taxes", "Product costs", "Market sizes"]  # fmt: skip
    mine = page.tabs.widget(0)
    assert mine.isAncestorOf(page.editors["general.language"])
    assert mine.isAncestorOf(page.editors["mail.body_template"])
    assert not mine.isAncestorOf(page.editors["company.name"])
    zone, security = page.editors["followup.timezone"], page.editors["smtp.security"]
    assert isinstance(zone, QComboBox) and isinstance(security, QComboBox)
    assert zone.findData("America/Argentina/Buenos_Aires") >= 0
    assert [security.itemData(i) for i in range(security.count())] == ["starttls", "ssl", "none"]
    rounding = page.editors["quotes.tax_rounding"]  # words, never the codes "line" / "rate"
    assert isinstance(rounding, QComboBox)
    assert [rounding.itemText(i) for i in range(rounding.count())] == [
        "Each line's tax, then summed (as invoices do)", "Once per tax rate"]  # fmt: skip
    body = page.editors["mail.body_template"]
    assert isinstance(body, QPlainTextEdit)
    body.setPlainText("Hola {contact},\n\nAdjunto la cotización {number}.")
    security.setCurrentIndex(security.findData("ssl"))
    assert page.save()
    assert ctx.settings.get("mail.body_template").count("\n") == 2
    assert ctx.settings.get("smtp.security") == "ssl"


def test_a_signed_in_rep_reads_the_administrators_settings_but_cannot_change_them(
    qtbot, ctx, database
) -> None:
    from tests.factories import make_user

    with database.sessions() as s, s.begin():
        make_user(s)
    ctx.settings.set("sync.username", "jperez")
    page = make_page(qtbot, ctx)
    qtbot.waitUntil(lambda: "Juana Pérez" in page.admin_note.text())
    assert page.tabs.tabText(1) == "Administration (read only)"
    assert not page.editors["company.name"].isEnabled()
    assert not page.editors["general.current_user"].isEnabled()
    assert page.tabs.widget(0).isEnabled() and page.editors["general.language"].isEnabled()


@pytest.mark.parametrize("who", ["never signed in", "rep", "unknown user"])
def test_only_a_signed_in_manager_or_admin_may_change_the_administrators_settings(
    qtbot, ctx, database, who: str
) -> None:
    """Issue 11: the Administration tab was editable on a laptop that never signed in."""
    if who == "rep":
        sign_in_as(database, ctx, "rep")
    elif who == "unknown user":
        ctx.settings.set("sync.username", "nadie")  # signed in; the first sync not done yet
    page = make_page(qtbot, ctx)
    qtbot.waitUntil(lambda: "Checking" not in page.admin_note.text())
    note = page.admin_note
    assert not note.isHidden() and note.text().startswith("Read only")
    assert {"never signed in": "has not signed in", "rep": "Marta Rojas",
            "unknown user": "nadie"}[who] in note.text()  # fmt: skip
    assert page.tabs.tabText(1) == "Administration (read only)"
    admin = [key for key, option in OPTIONS.items() if option.admin and key in page.editors]
    assert admin and not any(page.editors[key].isEnabled() for key in admin)
    page.editors["company.name"].setText("Otra empresa S.A.S.")  # even if set from code
    page.editors["general.language"].setCurrentIndex(2)
    assert page.save()  # what the rep may change is saved; the administrator's is not
    assert ctx.settings.get("company.name") == "Soluciones Andinas S.A.S."
    assert ctx.settings.get("general.language") == "en"


@pytest.mark.parametrize("role", ["manager", "admin"])
def test_a_signed_in_manager_or_admin_changes_them(qtbot, ctx, database, role: str) -> None:
    sign_in_as(database, ctx, role)
    page = make_page(qtbot, ctx)
    qtbot.waitUntil(lambda: page.administers)
    assert page.tabs.tabText(1) == "Administration" and page.admin_note.isHidden()
    page.editors["company.name"].setText("Otra empresa S.A.S.")
    assert page.save() and ctx.settings.get("company.name") == "Otra empresa S.A.S."
    combo = page.editors["general.current_user"]
    assert combo.isEnabled() and combo.count() == 2  # "everyone" and the one user known


def test_the_taxes_tab_lists_the_synced_taxes_read_only(qtbot, ctx) -> None:  # type: ignore[no-untyped-def]
    """Issue 13, item 3: the laptop shows the taxes it holds; one that ended says so."""
    from datetime import timedelta
    from decimal import Decimal

    from PySide6.QtWidgets import QAbstractItemView

    from crm_desktop.clock import today
    from crm_desktop.models import Tax
    from crm_desktop.services.core import crud
    from crm_desktop.services.core.crud import unit_of_work

    with unit_of_work(ctx.database.sessions) as s:
        day = today(ctx.clock)
        crud.create(s, Tax, {"code": "ar_perc3", "name_es": "Percepción IVA 3 %",
                             "name_en": "VAT perception 3 %", "rate": Decimal("0.03"),
                             "kind": "vat", "country": "AR",
                             "valid_to": day - timedelta(days=1)})  # fmt: skip
    page = make_page(qtbot, ctx)
    table = page.taxes.table
    qtbot.waitUntil(lambda: table.rowCount() == 12)
    rows = {
        table.item(r, 0).text(): [table.item(r, c).text() for c in range(7)]
        for r in range(table.rowCount())
    }
    assert rows["ar_perc3"][1] == "VAT perception 3 %" and rows["ar_perc3"][6] == "No"
    assert rows["iva19"][6] == "Yes" and rows["iva19i"][4] == "Yes"
    assert table.editTriggers() == QAbstractItemView.EditTrigger.NoEditTriggers
    assert page.tabs.tabText(page.tabs.indexOf(page.taxes)) == "Taxes"
