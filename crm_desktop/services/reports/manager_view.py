"""The manager's view: each rep's accounts by life-cycle phase, contacts and overdue follow-ups.

manager_report gives one row per rep for a period; rep_accounts pages through one rep's
accounts with each one's phase, last contact (visit done, call, e-mail...) and most advanced
open opportunity stage: the phases of contact between that rep and each customer.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import text
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.i18n import N_
from crm_desktop.models.enums import LifecyclePhase, OpportunityStage
from crm_desktop.services.core.collation import fold_sql
from crm_desktop.services.core.sql import utc_text
from crm_desktop.services.reports.reports import (
    CALLS,
    PHASES,
    VISITS_DONE,
    Chart,
    Column,
    Period,
    Report,
    ReportFn,
    Table,
    count_by_owner,
    owner_filter,
    rep_names,
    totals_of,
)

_OVERDUE = """
SELECT owner_id, count(*) FROM reminders WHERE deleted_at IS NULL{own} AND done_at IS NULL
  AND due_at < :now AND (snoozed_until IS NULL OR snoozed_until < :now) GROUP BY 1
"""


def _grouped(session: Session, sql: str, params: dict[str, object]) -> dict[str, int]:
    return {str(k): int(n) for k, n in session.execute(text(sql), params)}


def manager_report(
    session: Session, period: Period, owner_id: str | None, now: datetime | None = None
) -> Report:
    """Per rep: accounts by phase, visits and calls in the period, overdue follow-ups."""
    start, end = period.utc_bounds()
    params: dict[str, object] = {"s": start, "e": end, "owner": owner_id}
    params["now"] = utc_text(now or clock_of(session).now())
    own = owner_filter("owner_id", owner_id)
    phases = session.execute(
        text(
            "SELECT owner_id, lifecycle_phase, count(*) FROM accounts "
            f"WHERE deleted_at IS NULL{own} GROUP BY 1, 2"
        ),
        params,
    ).all()
    by_phase = {(o, ph): int(n) for o, ph, n in phases}
    visits = count_by_owner(session, *VISITS_DONE, params)
    calls = count_by_owner(session, *CALLS, params)
    overdue = _grouped(session, _OVERDUE.format(own=own), params)
    rows = []
    for uid, name in rep_names(session, owner_id).items():
        counts = [by_phase.get((uid, phase.value), 0) for phase in LifecyclePhase]
        rows.append((name, sum(counts), *counts, visits.get(uid, 0), calls.get(uid, 0),
                     overdue.get(uid, 0)))  # fmt: skip
    columns = (
        Column("rep", N_("Rep"), "text"),
        Column("accounts", N_("Accounts")),
        *(Column(phase.value, PHASES[phase.value]) for phase in LifecyclePhase),
        Column("visits", N_("Visits")),
        Column("calls", N_("Calls")),
        Column("overdue", N_("Overdue follow-ups")),
    )
    table = Table("reps", N_("Sales force"), columns, tuple(rows), totals_of(rows))
    chart = Chart("reps", "hstacked", "rep", tuple(p.value for p in LifecyclePhase))
    return Report("manager", N_("Manager's view"), period, owner_id, (table,), chart)


@dataclass(frozen=True)
class AccountContact:
    """One customer of a rep, and where their contact stands."""

    account_id: str
    legal_name: str
    phase: str
    last_contact_at: datetime | None
    last_contact_kind: str | None  # visit | call | email | note | ...
    open_stage: str | None  # the most advanced open opportunity
    overdue: int


_STAGE_ORDER = " ".join(
    f"WHEN '{stage.value}' THEN {i}"
    for i, stage in enumerate(OpportunityStage)
    if not stage.is_closed
)
_REP_ACCOUNTS = f"""
SELECT a.id, a.legal_name, a.lifecycle_phase,
  (SELECT max(v.planned_at) FROM visits v WHERE v.account_id = a.id AND v.status = 'done'
     AND v.deleted_at IS NULL) AS last_visit,
  (SELECT t.occurred_at || '|' || t.kind FROM activities t WHERE t.account_id = a.id
     AND t.deleted_at IS NULL AND t.kind IN ('call', 'email', 'note')
     ORDER BY t.occurred_at DESC LIMIT 1) AS last_activity,
  (SELECT o.stage FROM opportunities o WHERE o.account_id = a.id AND o.deleted_at IS NULL
     AND o.stage NOT IN ('closed_won', 'closed_lost')
     ORDER BY CASE o.stage {_STAGE_ORDER} ELSE -1 END DESC LIMIT 1) AS open_stage,
  (SELECT count(*) FROM reminders r WHERE r.account_id = a.id AND r.done_at IS NULL
     AND r.deleted_at IS NULL AND r.due_at < :now) AS overdue
FROM accounts a WHERE a.deleted_at IS NULL AND a.owner_id = :rep
ORDER BY {fold_sql("a.legal_name")}, a.legal_name LIMIT :limit OFFSET :offset
"""


def _moment(value: object) -> datetime | None:
    return datetime.fromisoformat(str(value)).replace(tzinfo=UTC) if value else None


def rep_accounts(
    session: Session, rep_id: str, now: datetime, limit: int = 200, offset: int = 0
) -> list[AccountContact]:
    """A page of the rep's accounts (by name) with phase, last contact and open stage."""
    rows = session.execute(
        text(_REP_ACCOUNTS),
        {"rep": rep_id, "now": utc_text(now), "limit": limit, "offset": offset},
    )
    found = []
    for account_id, name, phase, last_visit, last_activity, stage, overdue in rows:
        kind, at = None, _moment(last_visit)
        if at is not None:
            kind = "visit"
        if last_activity:
            when, _, what = str(last_activity).partition("|")
            activity_at = _moment(when)
            if at is None or (activity_at is not None and activity_at > at):
                kind, at = what, activity_at
        found.append(AccountContact(account_id, name, phase, at, kind, stage, int(overdue)))
    return found


def count_rep_accounts(session: Session, rep_id: str) -> int:
    sql = "SELECT count(*) FROM accounts WHERE deleted_at IS NULL AND owner_id = :rep"
    return int(session.scalar(text(sql), {"rep": rep_id}) or 0)


MANAGER_REPORTS: dict[str, tuple[str, ReportFn]] = {
    "manager": (N_("Manager's view"), manager_report),
}
