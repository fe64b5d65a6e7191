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


def test_every_declared_option_has_an_editor(qtbot, ctx, extra_option) -> None:
    page = make_page(qtbot, ctx)
    shown = set(page.editors)
    assert shown == {key for key, option in OPTIONS.items() if not option.secret}
    assert page.editors[extra_option.key].text() == "6"


def test_a_bad_number_shows_an_error_and_saves_nothing(qtbot, ctx, extra_option) -> None:
    page = make_page(qtbot, ctx)
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


def test_weights_that_do_not_add_up_are_said_once_not_under_each_field(qtbot, ctx) -> None:
    page = make_page(qtbot, ctx)
    for key, value in (("recency", "50"), ("frequency", "30"), ("monetary", "30")):
        editor = page.editors[f"rfm.weight_{key}"]
        editor.setText(value)
    assert not page.save()
    shown = [page.errors[f"rfm.weight_{k}"] for k in ("recency", "frequency", "monetary")]
    texts = [label.text() for label in shown if not label.isHidden()]
    assert len(texts) == 1 and "110" in texts[0]  # once, with the total
    assert all(page.editors[f"rfm.weight_{k}"].styleSheet() for k in ("frequency", "monetary"))


def test_rep_and_admin_settings_apart_choices_as_choices_text_as_text(qtbot, ctx) -> None:
    """Issue 11, item 17."""
    from PySide6.QtWidgets import QComboBox, QPlainTextEdit

    page = make_page(qtbot, ctx)
    assert [page.tabs.tabText(i) for i in range(page.tabs.count())] == [
        "My settings", "Administration"]  # fmt: skip
    mine = page.tabs.widget(0)
    assert mine.isAncestorOf(page.editors["general.language"])
    assert mine.isAncestorOf(page.editors["mail.body_template"])
    assert not mine.isAncestorOf(page.editors["company.name"])
    zone, security = page.editors["followup.timezone"], page.editors["smtp.security"]
    assert isinstance(zone, QComboBox) and isinstance(security, QComboBox)
    assert zone.findData("America/Argentina/Buenos_Aires") >= 0
    assert [security.itemData(i) for i in range(security.count())] == ["starttls", "ssl", "none"]
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
    qtbot.waitUntil(lambda: not page.tabs.widget(1).isEnabled())
    assert page.tabs.tabText(1) == "Administration (read only)"
    assert not page.editors["general.current_user"].isEnabled()
    assert page.tabs.widget(0).isEnabled()
