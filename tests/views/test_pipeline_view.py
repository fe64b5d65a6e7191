"""The pipeline page: drag a card to another stage, the list and its totals, the rep filter."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QDialogButtonBox
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from crm_desktop.database import Database
from crm_desktop.models import Activity, Opportunity
from crm_desktop.services.accounts.timeline import account_timeline
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.ops import ChangeSet
from crm_desktop.views.pipeline.pipeline import LostReasonDialog, PipelinePage
from crm_desktop.views.pipeline.pipeline_board import CARD_ROLE, CardList
from tests.factories import make_account, make_user
from tests.views.b_support import World, add_opportunity, ctx, world  # noqa: F401


def open_page(qtbot: QtBot, ctx: AppContext) -> PipelinePage:  # noqa: F811
    page = PipelinePage(ctx)
    qtbot.addWidget(page)
    with qtbot.waitSignal(page.loaded):
        page.show()
    return page


def names_in(cards: CardList) -> list[str]:
    return [card.name for card in cards.cards()]


def drag_card(source: CardList, name: str, target: CardList) -> None:
    """What Qt does on a real drag: the source makes the mime data, the target gets the events."""
    item = next(
        source.item(i) for i in range(source.count()) if source.item(i).text().startswith(name)
    )
    mime = source.mimeData([item])
    viewport = target.viewport()
    where = QPointF(viewport.rect().center())
    buttons, mods = Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier
    action = Qt.DropAction.MoveAction
    enter = QDragEnterEvent(where.toPoint(), action, mime, buttons, mods)
    QCoreApplication.sendEvent(viewport, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(where.toPoint(), action, mime, buttons, mods)
    QCoreApplication.sendEvent(viewport, move)
    assert move.isAccepted()
    drop = QDropEvent(where, action, mime, buttons, mods)
    QCoreApplication.sendEvent(viewport, drop)
    assert drop.isAccepted()


def test_drag_card_to_another_stage(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    add_opportunity(database, world, "ERP 2027", amount="9000000")
    add_opportunity(database, world, "POS 2027", amount="2000000", stage="proposal")
    page = open_page(qtbot, ctx)
    prospecting, proposal = page.column("prospecting"), page.column("proposal")
    assert names_in(prospecting.cards) == ["ERP 2027"]
    assert prospecting.title.text() == "Prospecting (1)"
    drag_card(prospecting.cards, "ERP 2027", proposal.cards)
    qtbot.waitUntil(lambda: names_in(proposal.cards) == ["ERP 2027", "POS 2027"])
    assert names_in(prospecting.cards) == []
    assert proposal.title.text() == "Proposal (2)"
    assert "COP\xa011,000,000" in proposal.totals.text()  # 9 M + 2 M, both at 60 %
    assert "weighted COP\xa06,600,000" in proposal.totals.text()
    with database.sessions() as s:
        timeline = account_timeline(s, world.account_id)
    assert timeline[0].kind == "stage_change" and "prospecting → proposal" in timeline[0].title


def test_drop_on_closed_lost_asks_why_from_the_list_of_reasons(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    """Issue 11, item 13: a reason from the configured list (the report counts it once) and
    an optional note of the rep's own, which goes to the timeline."""
    ctx.settings.set("pipeline.lost_reasons", "Price above the budget\nChose a competitor\n")
    opp_id = add_opportunity(database, world, "ERP 2027", stage="negotiation")
    page = open_page(qtbot, ctx)
    drag_card(page.column("negotiation").cards, "ERP 2027", page.column("closed_lost").cards)
    dialog = page.dialog
    assert isinstance(dialog, LostReasonDialog) and dialog.isVisible()
    assert [dialog.reasons.itemText(i) for i in range(1, dialog.reasons.count())] == [
        "Price above the budget", "Chose a competitor"]  # fmt: skip
    ok = dialog.buttons.button(QDialogButtonBox.StandardButton.Ok)
    assert not ok.isEnabled()  # no reason chosen yet
    dialog.reasons.setCurrentIndex(2)
    dialog.note_edit.setText("Their cousin sells it")
    qtbot.mouseClick(ok, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: names_in(page.column("closed_lost").cards) == ["ERP 2027"])
    with database.sessions() as s:
        opp = s.get(Opportunity, opp_id)
        assert opp is not None
        assert (opp.stage, opp.lost_reason) == ("closed_lost", "Chose a competitor")
        assert opp.closed_at is not None
        bodies = s.scalars(select(Activity.body).where(Activity.opportunity_id == opp_id)).all()
    assert "Chose a competitor — Their cousin sells it" in bodies


def test_dropping_back_on_its_own_column_changes_nothing(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    add_opportunity(database, world, "ERP 2027")
    page = open_page(qtbot, ctx)
    cards = page.column("prospecting").cards
    with qtbot.assertNotEmitted(cards.card_dropped):
        drag_card(cards, "ERP 2027", cards)
    assert names_in(cards) == ["ERP 2027"]


def test_list_sorts_and_shows_weighted_totals(
    qtbot: QtBot,
    qtmodeltester: object,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    add_opportunity(database, world, "Small", amount="1000000", stage="qualification")
    add_opportunity(database, world, "Big", amount="5000000", stage="negotiation")
    add_opportunity(database, world, "Middle", amount="3000000")
    page = open_page(qtbot, ctx)
    model = page.list_model
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    page.views.setCurrentIndex(1)
    page.table.sortByColumn(3, Qt.SortOrder.DescendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == ["Big", "Middle", "Small"]
    assert model.index(0, 3).data() == "COP\xa05,000,000"
    assert model.index(0, 5).data() == "COP\xa04,000,000"  # 80 % of 5 M
    page.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
    assert [model.index(r, 0).data() for r in range(3)] == ["Big", "Middle", "Small"]
    page.table.sortByColumn(2, Qt.SortOrder.AscendingOrder)  # by stage order, not by name
    assert [model.index(r, 2).data() for r in range(3)] == [
        "Prospecting",
        "Qualification",
        "Negotiation",
    ]
    qtmodeltester.check(model)  # type: ignore[attr-defined]
    totals = page.stage_totals.text()
    assert "Negotiation" in totals and "weighted COP\xa04,000,000" in totals


def test_rep_filter_shows_only_that_reps_opportunities(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    add_opportunity(database, world, "Juana's")
    with database.sessions() as s, s.begin():
        other = make_user(s, "lgomez", full_name="Luis Gómez")
        account = make_account(s, legal_name="Otra S.A.S.", tax_id="800.197.268-4")
        other_id, other_account = other.id, account.id
    add_opportunity(database, world, "Luis's", owner_id=other_id, account_id=other_account)
    ctx.user_id = world.rep_id  # the signed-in rep sees their own by default
    page = open_page(qtbot, ctx)
    assert page.rep.currentData() == world.rep_id
    assert names_in(page.column("prospecting").cards) == ["Juana's"]
    with qtbot.waitSignal(page.loaded):
        page.rep.setCurrentIndex(page.rep.findData(other_id))
    assert names_in(page.column("prospecting").cards) == ["Luis's"]
    with qtbot.waitSignal(page.loaded):
        page.rep.setCurrentIndex(page.rep.findData(None))  # everyone
    assert sorted(names_in(page.column("prospecting").cards)) == ["Juana's", "Luis's"]


def test_board_caps_cards_and_says_how_many_more(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
    monkeypatch: object,
) -> None:
    import crm_desktop.views.pipeline.pipeline as page_module

    monkeypatch.setattr(page_module, "BOARD_CAP", 2)  # type: ignore[attr-defined]
    for n in range(5):
        add_opportunity(database, world, f"Opp {n}", amount=str(1000000 * (n + 1)))
    page = open_page(qtbot, ctx)
    column = page.column("prospecting")
    assert names_in(column.cards) == ["Opp 4", "Opp 3"]  # largest first
    assert column.title.text() == "Prospecting (5)"
    assert column.more.text() == "+3 more" and not column.more.isHidden()
    with database.sessions() as s:
        assert len(s.scalars(select(Opportunity)).all()) == 5
    assert all(card.data(CARD_ROLE) for card in [column.cards.item(0)])


def test_move_by_menu_and_open_account_by_double_click(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    add_opportunity(database, world, "ERP 2027")
    page = open_page(qtbot, ctx)
    cards = page.column("prospecting").cards
    menu = cards.move_menu(cards.cards()[0])
    titles = [action.text() for action in menu.actions()]
    assert "Move to Prospecting" not in titles and len(titles) == 6
    next(a for a in menu.actions() if a.text() == "Move to Negotiation").trigger()
    qtbot.waitUntil(lambda: names_in(page.column("negotiation").cards) == ["ERP 2027"])
    negotiation = page.column("negotiation").cards
    rect = negotiation.visualItemRect(negotiation.item(0))
    qtbot.mouseClick(negotiation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(negotiation.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    view = page.account_window
    qtbot.addWidget(view)
    qtbot.waitUntil(lambda: view.title.text() == "Distribuciones Andina S.A.S.")
    assert view.isWindow() and view.timeline_model.entries[0].kind == "stage_change"


def test_board_follows_the_rep_the_program_works_as(
    qtbot: QtBot,
    ctx: AppContext,  # noqa: F811
    world: World,  # noqa: F811
    database: Database,
) -> None:
    add_opportunity(database, world, "Juana's")
    page = open_page(qtbot, ctx)
    assert page.rep.currentData() is None  # everyone
    ctx.user_id = world.rep_id
    with qtbot.waitSignal(page.loaded):
        ctx.ops.changed.emit(ChangeSet(tables=frozenset({"users", "*"})))
    assert page.rep.currentData() == world.rep_id
    assert names_in(page.column("prospecting").cards) == ["Juana's"]


def test_a_failed_move_is_said_in_words_without_field_names() -> None:
    from crm_desktop.services.core.errors import FieldProblem, ValidationError
    from crm_desktop.views.common.field_errors import failure_text

    error = ValidationError(
        [FieldProblem("lost_reason", "required", "Say why the opportunity was lost.")]
    )
    assert failure_text(error, "es") == "Indique por qué se perdió la oportunidad."
    assert failure_text(RuntimeError("disk full"), "en") == "It could not be done: disk full"
