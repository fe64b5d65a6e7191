"""Follow-up rules: edge dates, time zones, every rule, and never the same reminder twice."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crm_desktop.i18n import set_language
from crm_desktop.models import AccountProduct, OutboxOp, Reminder
from crm_desktop.models.outbox import remote_changes
from crm_desktop.services.accounts.accounts import update_account
from crm_desktop.services.core import crud
from crm_desktop.services.core.reminder_text import render
from crm_desktop.services.followup.due_reminders import due_between, next_due_at
from crm_desktop.services.followup.followup import (
    FollowupConfig,
    accounts_of_rows,
    add_months,
    evaluate_rules,
    next_after_sale,
    next_news_day,
)
from tests.factories import make_user
from tests.services import sales_fixtures as fx

NOW = datetime(2026, 11, 28, 15, 0, tzinfo=UTC)  # 10:00 in Bogotá


def rule_reminders(session: Session, prefix: str = "") -> list[Reminder]:
    query = select(Reminder).where(Reminder.rule_key.like(prefix + "%")).order_by(Reminder.rule_key)
    return list(session.scalars(query))


@pytest.mark.parametrize(
    ("start", "months", "expected"),
    [
        (date(2026, 11, 30), 3, date(2027, 2, 28)),
        (date(2023, 11, 30), 3, date(2024, 2, 29)),  # leap year
        (date(2024, 1, 31), 1, date(2024, 2, 29)),
        (date(2025, 8, 31), 6, date(2026, 2, 28)),
        (date(2026, 12, 15), 3, date(2027, 3, 15)),
    ],
)
def test_add_months_clamps_to_the_month_end(start: date, months: int, expected: date) -> None:
    assert add_months(start, months) == expected


def test_after_sale_cycle_counts_from_the_sale_so_the_day_does_not_drift() -> None:
    sale = date(2023, 11, 30)
    assert next_after_sale(sale, date(2024, 2, 29), 3) == date(2024, 2, 29)
    assert next_after_sale(sale, date(2024, 3, 1), 3) == date(2024, 5, 30)
    assert next_after_sale(sale, date(2023, 12, 1), 3) == date(2024, 2, 29)


def test_news_days_fall_on_the_quarter_months() -> None:
    assert next_news_day(date(2026, 11, 28), 3, 15) == date(2027, 1, 15)
    assert next_news_day(date(2027, 1, 15), 3, 15) == date(2027, 1, 15)
    assert next_news_day(date(2027, 1, 16), 3, 15) == date(2027, 4, 15)


def test_a_sale_exactly_three_months_ago_is_due_today_at_nine_in_bogota(session: Session) -> None:
    rep = make_user(session)
    acc = fx.account(session, rep.id)
    fx.quote(session, acc, "accepted", "1000", decided=datetime(2026, 8, 28, 15, tzinfo=UTC))
    result = evaluate_rules(session, NOW)
    assert result.by_rule == {"after_sale": 1}
    (reminder,) = rule_reminders(session, "after-sale")
    assert reminder.rule_key == f"after-sale:{acc.id}:2026-11-28"
    assert reminder.due_at == datetime(2026, 11, 28, 14, 0, tzinfo=UTC)  # 9:00 UTC-5
    assert reminder.owner_id == rep.id and reminder.source == "rule"
    assert "evaluar el producto" in shown(reminder)[0]


def test_the_sale_day_is_the_reps_local_day(session: Session) -> None:
    rep = make_user(session)
    acc = fx.account(session, rep.id)
    # 03:00 UTC on Aug 29 is still Aug 28 in Bogotá, but already Aug 29 in Tokyo.
    fx.quote(session, acc, "accepted", "1000", decided=datetime(2026, 8, 29, 3, tzinfo=UTC))
    evaluate_rules(session, NOW)
    assert rule_reminders(session)[0].rule_key.endswith(":2026-11-28")
    tokyo = FollowupConfig(timezone="Asia/Tokyo")
    session.execute(Reminder.__table__.delete())
    evaluate_rules(session, NOW, config=tokyo)
    (reminder,) = rule_reminders(session)
    assert reminder.rule_key.endswith(":2026-11-29")
    assert reminder.due_at == datetime(2026, 11, 29, 0, 0, tzinfo=UTC)  # 9:00 in Tokyo


def test_re_evaluation_and_a_synced_copy_never_duplicate(session: Session) -> None:
    rep = make_user(session)
    acc = fx.account(session, rep.id)
    fx.quote(session, acc, "accepted", "1000", decided=datetime(2026, 8, 28, 15, tzinfo=UTC))
    assert evaluate_rules(session, NOW).created == 1
    assert evaluate_rules(session, NOW).created == 0
    assert evaluate_rules(session, NOW, changed_account_ids=[acc.id]).created == 0
    outbox = session.scalar(
        select(func.count()).select_from(OutboxOp).where(OutboxOp.table_name == "reminders")
    )
    assert outbox == 1  # the rule's reminder travels to the server like any other
    # Another laptop made the same reminder and it arrived by sync before we evaluated.
    other = fx.account(session, rep.id)
    fx.quote(session, other, "accepted", "500", decided=datetime(2026, 8, 28, 15, tzinfo=UTC))
    with remote_changes(session):
        session.add(
            Reminder(account_id=other.id, owner_id=rep.id, due_at=NOW, title="x", source="rule",
                     rule_key=f"after-sale:{other.id}:2026-11-28", server_version=3)
        )  # fmt: skip
        session.flush()
    assert evaluate_rules(session, NOW).created == 0
    assert len(rule_reminders(session)) == 2


def test_a_rule_key_is_unique_per_owner_as_on_the_server(session: Session) -> None:
    """After a reassignment two owners may each hold the reminder of one rule key; a manager's
    laptop receives both (before: UNIQUE(rule_key) set the second aside on every manager)."""
    ana, beto = make_user(session), make_user(session, "beto")
    acc = fx.account(session, ana.id)
    key = f"after-sale:{acc.id}:2026-11-28"
    with remote_changes(session):
        for owner in (ana, beto):
            session.add(Reminder(account_id=acc.id, owner_id=owner.id, due_at=NOW, title="x",
                                 source="rule", rule_key=key, server_version=1))  # fmt: skip
        session.flush()
    assert len(rule_reminders(session)) == 2
    # A rule that already fired for beto does not fire again for him, and fires for carla.
    carla = make_user(session, "carla")
    fx.quote(session, acc, "accepted", "1000", decided=datetime(2026, 8, 28, 15, tzinfo=UTC))
    crud.update(session, fx.Account, acc.id, {"owner_id": carla.id})
    made = evaluate_rules(session, NOW, owner_id=carla.id, rules={"after_sale"})
    assert made.created == 1
    assert sorted(r.owner_id for r in rule_reminders(session) if r.rule_key == key) == sorted(
        [ana.id, beto.id, carla.id]
    )
    with pytest.raises(IntegrityError), session.begin_nested():  # one per owner and key
        session.add(Reminder(account_id=acc.id, owner_id=carla.id, due_at=NOW, title="y",
                             source="rule", rule_key=key))  # fmt: skip
        session.flush()


def test_only_the_changed_accounts_are_looked_at_when_given(session: Session) -> None:
    rep = make_user(session)
    first, second = fx.account(session, rep.id), fx.account(session, rep.id)
    for acc in (first, second):
        fx.quote(session, acc, "accepted", "1000", decided=datetime(2026, 8, 28, 15, tzinfo=UTC))
    result = evaluate_rules(session, NOW, changed_account_ids=[first.id])
    assert [r.account_id for r in rule_reminders(session)] == [first.id]
    assert result.created == 1
    assert evaluate_rules(session, NOW, changed_account_ids=[]).created == 0


def test_licence_renewal_is_reminded_ahead_and_other_products_are_not(session: Session) -> None:
    rep = make_user(session)
    acc = fx.account(session, rep.id)
    licence, chair = fx.product(session, "LIC", licence=True), fx.product(session, "SILLA")
    for prod in (licence, chair):
        crud.create(session, AccountProduct, {"account_id": acc.id, "product_id": prod.id,
                                              "renewal_on": date(2027, 1, 5)})  # fmt: skip
    far = fx.account(session, rep.id)
    crud.create(session, AccountProduct, {"account_id": far.id, "product_id": licence.id,
                                          "renewal_on": date(2027, 3, 1)})  # fmt: skip
    evaluate_rules(session, NOW)
    (reminder,) = rule_reminders(session, "renewal")  # March is beyond the 14-day horizon
    assert reminder.due_at == datetime(2026, 12, 6, 14, tzinfo=UTC)  # 30 days before, 9:00
    assert "Producto LIC" in shown(reminder)[0]


def test_quote_about_to_expire(session: Session) -> None:
    rep = make_user(session)
    acc = fx.account(session, rep.id)
    soon = fx.quote(session, acc, "sent", "10", sent=NOW - timedelta(days=20),
                    valid_until=date(2026, 12, 1))  # fmt: skip
    fx.quote(session, acc, "sent", "10", sent=NOW, valid_until=date(2027, 3, 1))
    evaluate_rules(session, NOW)
    (reminder,) = rule_reminders(session, "quote-expiry")
    assert reminder.rule_key == f"quote-expiry:{soon.id}:2026-12-01"
    assert reminder.due_at == datetime(2026, 11, 28, 14, tzinfo=UTC)  # lead time already begun
    assert soon.number in shown(reminder)[0]


def test_opportunity_without_activity_for_n_days(session: Session) -> None:
    rep = make_user(session)
    acc = fx.account(session, rep.id)
    opp = fx.opportunity(session, acc, "proposal", "100", created=datetime(2026, 10, 1, tzinfo=UTC))
    fx.call(session, acc, datetime(2026, 11, 1, 15, tzinfo=UTC))
    evaluate_rules(session, NOW)  # 27 days of silence > 21
    (reminder,) = rule_reminders(session, "stale-opp")
    assert reminder.rule_key == f"stale-opp:{opp.id}:2026-11-01"
    # Silent since Nov 1 + 21 days = Nov 22, already past: today's work at 9:00, not a backlog
    # of overdue reminders at the first start (issue 11, item 10).
    assert reminder.due_at == datetime(2026, 11, 28, 14, tzinfo=UTC)
    fx.call(session, acc, datetime(2026, 11, 20, 15, tzinfo=UTC))
    assert evaluate_rules(session, NOW).by_rule.get("stale_opportunity", 0) == 0


def test_newly_assigned_account_gets_the_steps_to_follow(session: Session) -> None:
    first, second = make_user(session), make_user(session, "otro", full_name="Otro Asesor")
    acc = fx.account(session, first.id)
    assert evaluate_rules(session, NOW).reassigned == 0  # seen for the first time: no alert
    update_account(session, acc.id, {"owner_id": second.id})
    result = evaluate_rules(session, NOW, changed_account_ids=accounts_of_rows(session, [acc.id]))
    assert result.reassigned == 1
    (reminder,) = rule_reminders(session, "assigned")
    assert reminder.owner_id == second.id and "1." in shown(reminder)[1]
    assert evaluate_rules(session, NOW).created == 0


def test_news_only_for_customers_who_accept_marketing(session: Session) -> None:
    rep = make_user(session)
    yes = fx.account(session, rep.id, consent_marketing=True, consent_marketing_at=NOW)
    fx.account(session, rep.id, consent_marketing=False)
    evaluate_rules(session, datetime(2027, 1, 10, 15, tzinfo=UTC))
    (reminder,) = rule_reminders(session, "news")
    assert reminder.account_id == yes.id and "4651" in shown(reminder)[0]


def test_custom_texts_from_settings_fill_their_placeholders(session: Session) -> None:
    class FakeSettings:
        def get(self, key: str) -> object:
            values = {"followup.after_sale_title": "Llamar a {account} ({months} m) {nope}",
                      "followup.timezone": "America/Bogota"}  # fmt: skip
            return values.get(key, 3 if "months" in key else 9 if "hour" in key else 14)

    rep = make_user(session)
    acc = fx.account(session, rep.id, legal_name="Ferretería Sol S.A.S.")
    fx.quote(session, acc, "accepted", "1000", decided=datetime(2026, 8, 28, 15, tzinfo=UTC))
    evaluate_rules(session, NOW, config=FollowupConfig.from_settings(FakeSettings()))
    assert rule_reminders(session)[0].title == "Llamar a Ferretería Sol S.A.S. (3 m) {nope}"
    assert FollowupConfig.from_settings(FakeSettings()).timezone == "America/Bogota"


def test_a_misspelt_time_zone_falls_back_to_bogota() -> None:
    class Typo:
        def get(self, key: str) -> object:
            return "America/Bogotaa" if key == "followup.timezone" else 3

    assert FollowupConfig.from_settings(Typo()).timezone == "America/Bogota"


def test_next_due_time_and_due_reminders_respect_snoozes(session: Session) -> None:
    rep = make_user(session)
    acc = fx.account(session, rep.id)
    base = {"account_id": acc.id, "owner_id": rep.id}
    early = crud.create(
        session, Reminder, base | {"due_at": NOW + timedelta(hours=1), "title": "A"}
    )
    crud.create(session, Reminder, base | {"due_at": NOW + timedelta(hours=3), "title": "B"})
    assert next_due_at(session, rep.id, NOW) == NOW + timedelta(hours=1)
    crud.update(session, Reminder, early.id, {"snoozed_until": NOW + timedelta(hours=5)})
    assert next_due_at(session, rep.id, NOW) == NOW + timedelta(hours=3)
    due = due_between(session, rep.id, NOW, NOW + timedelta(hours=6))
    assert [d.title for d in due] == ["B", "A"]
    assert due[0].account_name == acc.legal_name


def shown(reminder: Reminder, lang: str = "es") -> tuple[str, str]:
    return render(reminder.title, reminder.body, lang)


def test_a_rules_reminder_is_stored_as_data_and_read_in_each_readers_language() -> None:
    """Issue 11, item 5: made while the program ran in English, read in Spanish (and back)."""
    set_language("en")
    try:
        title, body = FollowupConfig().texts(
            "stale_opportunity",
            account="Andina",
            opportunity="ERP",
            days=21,
            date=date(2026, 11, 9),
        )
    finally:
        set_language("es")
    assert title == "rule:stale_opportunity" and "No activity" not in body
    assert render(title, body, "es")[0] == "Sin actividad hace 21 días: ERP (Andina)"
    assert render(title, body, "en")[0] == "No activity for 21 days: ERP (Andina)"
    assert "09/11/2026" in render(title, body, "es")[1]  # the reader's date format
    assert "11/09/2026" in render(title, body, "en")[1]
    assert render("Llamar a Ana", None) == ("Llamar a Ana", "")  # a rep's own text stays
