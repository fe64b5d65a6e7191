"""RFM where reps look: a column and a filter in the accounts table, a line in the 360° view."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from pytestqt.qtbot import QtBot

from crm_desktop.database import Database
from crm_desktop.services.reports.rfm import compute_rfm
from crm_desktop.views.accounts.account_model import COLUMNS
from crm_desktop.views.accounts.account_view import AccountView
from crm_desktop.views.accounts.accounts import AccountsPage
from crm_desktop.views.common.context import AppContext
from tests.factories import make_user
from tests.services import sales_fixtures as fx


def scored(ctx: AppContext) -> dict[str, str]:
    """Two buyers (recent and big; old and small) and one account that never bought."""
    now = ctx.clock.now()
    with ctx.database.sessions() as session, session.begin():
        rep = make_user(session)
        big = fx.account(session, rep.id, legal_name="Alfa Grande S.A.S.")
        small = fx.account(session, rep.id, legal_name="Beta Pequeña S.A.S.")
        never = fx.account(session, rep.id, legal_name="Gamma Nueva S.A.S.")
        fx.quote(session, big, "accepted", "9000000", decided=now - timedelta(days=3))
        fx.quote(session, small, "accepted", "100", decided=now - timedelta(days=400))
        compute_rfm(session, now)  # big: R5 F1 M5 → 4.60, loyal; small: R1 F1 M1 → 1.00, lost
        return {"big": big.id, "small": small.id, "never": never.id}


def cell(page: AccountsPage, row: int, key: str) -> Any:
    column = [k for k, _title in COLUMNS].index(key)
    return page.model.index(row, column).data()


def test_accounts_table_shows_score_and_filters_by_value_segment(
    qtbot: QtBot, ctx: AppContext
) -> None:
    scored(ctx)
    page = AccountsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.model.rowCount() == 3)
    assert [cell(page, r, "rfm_score") for r in range(3)] == ["4.60", "1.00", ""]
    assert [cell(page, r, "value_segment") for r in range(3)] == ["Loyal", "Lost", ""]
    segment = page.filters["value_segment"]
    segment.setCurrentIndex(segment.findData("lost"))
    qtbot.waitUntil(lambda: page.model.rowCount() == 1)
    assert page.model.index(0, 0).data() == "Beta Pequeña S.A.S."
    segment.setCurrentIndex(segment.findData("none"))
    qtbot.waitUntil(lambda: page.model.index(0, 0).data() == "Gamma Nueva S.A.S.")


def test_360_view_shows_the_value_segment_and_score(qtbot: QtBot, ctx: AppContext) -> None:
    ids = scored(ctx)
    view = AccountView(ctx, ids["big"])
    qtbot.addWidget(view)
    with qtbot.waitSignal(view.loaded):
        view.show()
    text = view.value.text()
    assert "Loyal" in text and "RFM 4.60" in text and "R 5 · F 1 · M 5" in text
    other = AccountView(ctx, ids["never"])
    qtbot.addWidget(other)
    with qtbot.waitSignal(other.loaded):
        other.show()
    assert other.value.text() == "Value: no purchases yet"


def test_settings_refuse_rfm_weights_that_do_not_add_up_to_100(
    qtbot: QtBot, ctx: AppContext, database: Database
) -> None:
    from PySide6.QtCore import Qt

    from crm_desktop.views.settings.settings_page import SettingsPage
    from tests.views.test_settings_page import sign_in_as

    sign_in_as(database, ctx, "manager")  # the weights are an administrator's settings
    page = SettingsPage(ctx)
    qtbot.addWidget(page)
    page.show()
    qtbot.waitUntil(lambda: page.administers)
    recency = page.editors["rfm.weight_recency"]
    recency.clear()  # type: ignore[union-attr]
    qtbot.keyClicks(recency, "50")  # 50 + 10 + 60 = 120
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    error = page.errors["rfm.weight_recency"]  # said once, under the first of the three
    assert error.isVisible() and "120" in error.text() and "100" in error.text()
    assert ctx.settings.path is not None and not ctx.settings.path.exists()  # nothing saved
    recency.clear()  # type: ignore[union-attr]
    qtbot.keyClicks(recency, "30")
    qtbot.mouseClick(page.save_button, Qt.MouseButton.LeftButton)
    assert not error.isVisible() and ctx.settings.get("rfm.weight_recency") == 30
