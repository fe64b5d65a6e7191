"""Follow-up rules: the reminders the CRM creates so a rep never has to remember them.

Rules (seed 004, "Reglas"), each stamping a rule_key so re-evaluation never duplicates:
  after-sale     every N months after the last sale, contact the customer (evaluate, sell more)
  news           every N months, news relevant to the customer's economic activity (CIIU);
                 only for customers who consented to marketing
  renewal        a licence's renewal date comes, N days ahead
  quote-expiry   a sent quote is about to expire, N days ahead
  stale-opp      an open opportunity with no activity on its account for N days
  assigned       an account newly assigned to a rep (its owner changed), with the steps to
                 follow
Reminders fall due at the configured hour in the reps' time zone, stored as UTC. Month
arithmetic clamps to the month's end (Nov 30 + 3 months = Feb 28, or 29 in a leap year) and
always counts from the original date, so the day does not drift. Reminders are created ahead,
up to horizon_days, so evaluation also runs periodically (views/today/alerts.py) besides after
changes.
"""

from __future__ import annotations

import calendar
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any, Protocol
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from sqlalchemy import bindparam, text
from sqlalchemy.orm import Session

from crm_desktop.models import Reminder
from crm_desktop.models.ids import rule_reminder_id
from crm_desktop.services.core import crud
from crm_desktop.services.core.reminder_text import TEXTS, encode, render
from crm_desktop.services.core.sql import SALES_SQL

CHUNK = 900  # bound parameters per IN (...) list, under SQLite's limit


class SettingsLike(Protocol):
    def get(self, key: str) -> Any: ...


@dataclass(frozen=True)
class FollowupConfig:
    timezone: str = "America/Bogota"
    due_hour: int = 9
    horizon_days: int = 14
    after_sale_months: int = 3
    news_months: int = 3
    news_day: int = 15
    renewal_lead_days: int = 30
    quote_expiry_lead_days: int = 5
    stale_opportunity_days: int = 21
    titles: Mapping[str, str] = field(default_factory=dict)  # rule -> custom title
    assigned_steps: str = ""

    @classmethod
    def from_settings(cls, settings: SettingsLike) -> FollowupConfig:
        ints = {
            name: int(settings.get(f"followup.{name}"))
            for name in cls.__dataclass_fields__
            if cls.__dataclass_fields__[name].type == "int"
        }
        titles = {rule: str(settings.get(f"followup.{rule}_title") or "") for rule in TEXTS}
        return cls(
            timezone=_known_zone(str(settings.get("followup.timezone") or "")),
            titles={rule: title for rule, title in titles.items() if title.strip()},
            assigned_steps=str(settings.get("followup.assigned_steps") or ""),
            **ints,
        )

    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def due(self, day: date) -> datetime:
        """day at the due hour in the reps' zone, as aware UTC."""
        return datetime.combine(day, time(self.due_hour), tzinfo=self.zone()).astimezone(UTC)

    def texts(self, rule: str, **params: Any) -> tuple[str, str]:
        """What the reminder stores: the rule's key and parameters, rendered in each reader's
        language when shown (services/core/reminder_text.py); a custom text from Settings is
        stored as written, since it was typed in one language."""
        custom_title = self.titles.get(rule)
        custom_body = self.assigned_steps if rule == "assigned" else ""
        if not custom_title and not custom_body:
            return encode(rule, params)
        title, body = render(*encode(rule, params))
        values = _Blank({k: str(v) for k, v in params.items()})
        return (
            (custom_title.format_map(values) if custom_title else title)[:240],
            custom_body.format_map(values) if custom_body else body,
        )


def _known_zone(name: str) -> str:
    """name if it is an IANA time zone, else Bogotá's (a typo must not stop the reminders)."""
    try:
        ZoneInfo(name)
    except (ValueError, ZoneInfoNotFoundError):
        return "America/Bogota"
    return name


class _Blank(dict[str, Any]):
    """Placeholders a custom text names but this rule does not have stay as they were typed."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


@dataclass(frozen=True)
class Candidate:
    rule: str
    rule_key: str
    account_id: str
    owner_id: str | None
    due_at: datetime
    title: str
    body: str


@dataclass(frozen=True)
class EvaluationResult:
    created: int
    by_rule: dict[str, int]
    considered: int  # candidates before removing the ones that already exist
    reassigned: int


def add_months(day: date, months: int) -> date:
    """day + months, clamped to the end of a shorter month (Nov 30 + 3 = Feb 28/29)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(day.day, last))


def next_after_sale(sale_day: date, today: date, months: int) -> date:
    """The first of sale + months, sale + 2·months, … that is today or later."""
    elapsed = (today.year - sale_day.year) * 12 + today.month - sale_day.month
    k = max(1, elapsed // months)
    while add_months(sale_day, k * months) < today:
        k += 1
    while k > 1 and add_months(sale_day, (k - 1) * months) >= today:
        k -= 1
    return add_months(sale_day, k * months)


def next_news_day(today: date, months: int, day: int) -> date:
    """The next news date on or after today: the given day of every months-th month from January."""
    candidate = date(today.year, today.month, day)
    while (candidate.month - 1) % months or candidate < today:
        candidate = add_months(candidate, 1)
    return candidate


@dataclass(frozen=True)
class _Eval:
    session: Session
    cfg: FollowupConfig
    now: datetime
    today: date
    accounts: tuple[str, ...] | None  # None: every account
    owner_id: str | None

    def local_day(self, stored: Any) -> date:
        moment = stored if isinstance(stored, datetime) else datetime.fromisoformat(str(stored))
        return moment.replace(tzinfo=moment.tzinfo or UTC).astimezone(self.cfg.zone()).date()

    def rows(self, sql: str, account_col: str, **params: Any) -> list[Any]:
        """sql with {scope} replaced by the account and owner filters, run chunk by chunk."""
        owner = " AND a.owner_id = :owner" if self.owner_id is not None else ""
        params |= {"owner": self.owner_id}
        if self.accounts is None:
            return list(self.session.execute(text(sql.format(scope=owner)), params))
        stmt = text(sql.format(scope=f" AND {account_col} IN :ids{owner}"))
        stmt = stmt.bindparams(bindparam("ids", expanding=True))
        found: list[Any] = []
        for start in range(0, len(self.accounts), CHUNK):
            chunk = list(self.accounts[start : start + CHUNK])
            found.extend(self.session.execute(stmt, params | {"ids": chunk}))
        return found

    def make(self, rule: str, key: str, account_id: str, owner: str | None, day: date, /,
             **params: Any) -> Candidate:  # fmt: skip
        title, body = self.cfg.texts(rule, **params)
        # A rule that fires for a day already past (first start, a long time offline) gives
        # today's work once, not a backlog of overdue reminders; its key keeps the day.
        due = self.cfg.due(max(day, self.today))
        return Candidate(rule, key, account_id, owner, due, title, body)


def _after_sale(ev: _Eval) -> list[Candidate]:
    sql = (
        f"SELECT s.account_id, a.owner_id, a.legal_name, max(s.at) FROM ({SALES_SQL}) s "
        "JOIN accounts a ON a.id = s.account_id AND a.deleted_at IS NULL "
        "WHERE 1 = 1{scope} GROUP BY s.account_id"
    )
    months, limit = ev.cfg.after_sale_months, ev.today + timedelta(ev.cfg.horizon_days)
    found = []
    for account, owner, name, last in ev.rows(sql, "s.account_id"):
        sale_day = ev.local_day(last)
        day = next_after_sale(sale_day, ev.today, months)
        if day <= limit:
            found.append(ev.make("after_sale", f"after-sale:{account}:{day}", account, owner, day,
                                 account=name, months=months, date=sale_day))  # fmt: skip
    return found


def _news(ev: _Eval) -> list[Candidate]:
    day = next_news_day(ev.today, ev.cfg.news_months, ev.cfg.news_day)
    if day > ev.today + timedelta(ev.cfg.horizon_days):
        return []
    sql = (
        "SELECT a.id, a.owner_id, a.legal_name, a.economic_activity FROM accounts a "
        "WHERE a.deleted_at IS NULL AND a.consent_marketing = 1 AND a.economic_activity IS NOT NULL"
        " AND ',' || a.roles || ',' LIKE '%,customer,%'{scope}"
    )
    return [
        ev.make("news", f"news:{account}:{day}", account, owner, day, account=name, activity=ciiu)
        for account, owner, name, ciiu in ev.rows(sql, "a.id")
    ]


def _ahead_of(
    ev: _Eval, rule: tuple[str, str], sql: str, scope: str, lead: int, label: str
) -> list[Candidate]:
    """A reminder `lead` days before each dated row's day (never before today), keyed by the row
    and its day. sql yields (row id, account, owner, account name, what, day); `label` names
    `what` in the reminder's text. rule is (rule name, key prefix)."""
    name_of_rule, prefix = rule
    last = ev.today + timedelta(ev.cfg.horizon_days + lead)
    found = []
    for row_id, account, owner, name, what, day in ev.rows(
        sql, scope, today=ev.today.isoformat(), last=last.isoformat()
    ):
        due = date.fromisoformat(str(day))
        found.append(ev.make(name_of_rule, f"{prefix}:{row_id}:{due}", account, owner,
                             max(ev.today, due - timedelta(lead)), account=name, date=due,
                             **{label: what}))  # fmt: skip
    return found


def _renewals(ev: _Eval) -> list[Candidate]:
    lead = ev.cfg.renewal_lead_days
    sql = (
        "SELECT ap.id, ap.account_id, a.owner_id, a.legal_name, p.name, ap.renewal_on "
        "FROM account_products ap JOIN products p ON p.id = ap.product_id AND p.is_license = 1 "
        "JOIN accounts a ON a.id = ap.account_id AND a.deleted_at IS NULL "
        "WHERE ap.deleted_at IS NULL AND ap.renewal_on >= :today AND ap.renewal_on <= :last{scope}"
    )
    return _ahead_of(ev, ("renewal", "renewal"), sql, "ap.account_id", lead, "product")


def _quote_expiry(ev: _Eval) -> list[Candidate]:
    lead = ev.cfg.quote_expiry_lead_days
    sql = (
        "SELECT q.id, q.account_id, coalesce(q.owner_id, a.owner_id), a.legal_name, q.number, "
        "q.valid_until FROM quotes q JOIN accounts a ON a.id = q.account_id "
        "AND a.deleted_at IS NULL WHERE q.status = 'sent' AND q.deleted_at IS NULL "
        "AND q.valid_until >= :today AND q.valid_until <= :last{scope}"
    )
    return _ahead_of(ev, ("quote_expiry", "quote-expiry"), sql, "q.account_id", lead, "quote")


_STALE_SQL = """
SELECT o.id, o.account_id, coalesce(o.owner_id, a.owner_id), a.legal_name, o.name,
  max(o.updated_at,
      coalesce((SELECT max(t.occurred_at) FROM activities t
                WHERE t.account_id = o.account_id AND t.deleted_at IS NULL), ''),
      coalesce((SELECT max(v.planned_at) FROM visits v WHERE v.account_id = o.account_id
                AND v.status = 'done' AND v.deleted_at IS NULL), ''))
FROM opportunities o JOIN accounts a ON a.id = o.account_id AND a.deleted_at IS NULL
WHERE o.deleted_at IS NULL AND o.stage NOT IN ('closed_won', 'closed_lost'){scope}
"""


def _stale_opportunities(ev: _Eval) -> list[Candidate]:
    days = ev.cfg.stale_opportunity_days
    found = []
    for opp, account, owner, name, opp_name, last in ev.rows(_STALE_SQL, "o.account_id"):
        last_day = ev.local_day(last)
        due_day = last_day + timedelta(days)
        if due_day <= ev.today:
            found.append(ev.make("stale_opportunity", f"stale-opp:{opp}:{last_day}", account,
                                 owner, ev.today, account=name, opportunity=opp_name, days=days,
                                 date=last_day))  # fmt: skip
    return found


def _assigned(ev: _Eval) -> tuple[list[Candidate], int]:
    """Owner changes of accounts seen before; accounts seen for the first time are recorded.

    An account met for the first time (created here, or pulled by a first sync) is only
    recorded: a new laptop's first pull must not raise one alert per account. A reassignment
    made on a manager's laptop raises the reminder there, and it syncs to the new owner.
    """
    sql = (
        "SELECT a.id, a.owner_id, a.legal_name, s.account_id IS NULL, a.deleted_at IS NULL "
        "FROM accounts a LEFT JOIN account_owner_seen s ON s.account_id = a.id "
        "WHERE (s.account_id IS NULL OR coalesce(s.owner_id, '') != coalesce(a.owner_id, ''))"
        "{scope}"
    )
    everyone = _Eval(ev.session, ev.cfg, ev.now, ev.today, ev.accounts, None)
    changed = everyone.rows(sql, "a.id")
    found = []
    for account, owner, name, unseen, live in changed:
        mine = ev.owner_id is None or owner == ev.owner_id
        if owner is not None and live and not unseen and mine:
            found.append(ev.make("assigned", f"assigned:{account}:{owner}:{ev.today}", account,
                                 owner, ev.today, account=name))  # fmt: skip
    if changed:
        ev.session.execute(
            text(
                "INSERT OR REPLACE INTO account_owner_seen (account_id, owner_id) VALUES (:a, :o)"
            ),
            [{"a": row[0], "o": row[1]} for row in changed],
        )
    return found, len(found)


RULES = {
    "after_sale": _after_sale,
    "news": _news,
    "renewal": _renewals,
    "quote_expiry": _quote_expiry,
    "stale_opportunity": _stale_opportunities,
}
ALL_RULES = frozenset({*RULES, "assigned"})


def _existing_keys(session: Session, keys: Sequence[str]) -> set[tuple[str | None, str]]:
    """The (owner, rule_key) pairs already here, deleted ones included (a rule that fired once
    never fires again for the same owner, even if its reminder was deleted)."""
    stmt = text("SELECT owner_id, rule_key FROM reminders WHERE rule_key IN :keys").bindparams(
        bindparam("keys", expanding=True)
    )
    found: set[tuple[str | None, str]] = set()
    for start in range(0, len(keys), CHUNK):
        rows = session.execute(stmt, {"keys": list(keys[start : start + CHUNK])})
        found.update((owner, key) for owner, key in rows)
    return found


def evaluate_rules(
    session: Session,
    now: datetime,
    changed_account_ids: Iterable[str] | None = None,
    config: FollowupConfig | None = None,
    owner_id: str | None = None,
    rules: Collection[str] = ALL_RULES,
) -> EvaluationResult:
    """Create the reminders the rules call for and that do not exist yet.

    With changed_account_ids only those accounts are looked at (after an edit or a sync);
    without, every account (of owner_id, when given). rules picks some of ALL_RULES: a
    manager's laptop runs only "assigned", so each rep's own laptop alone makes the rest.
    Runs inside the caller's transaction.
    """
    cfg = config or FollowupConfig()
    accounts = None if changed_account_ids is None else tuple(sorted(set(changed_account_ids)))
    today = now.astimezone(cfg.zone()).date()
    ev = _Eval(session, cfg, now, today, accounts, owner_id)
    if accounts == ():
        return EvaluationResult(0, {}, 0, 0)
    candidates, reassigned = _assigned(ev) if "assigned" in rules else ([], 0)
    for name, rule in RULES.items():
        if name in rules:
            candidates.extend(rule(ev))
    unique = {(c.owner_id, c.rule_key): c for c in candidates}  # a key is unique per owner
    existing = _existing_keys(session, sorted({key for _owner, key in unique}))
    fresh = [c for pair, c in unique.items() if pair not in existing]
    crud.create_many(session, Reminder, [_values(c) for c in fresh])
    by_rule: dict[str, int] = {}
    for c in fresh:
        by_rule[c.rule] = by_rule.get(c.rule, 0) + 1
    return EvaluationResult(len(fresh), by_rule, len(unique), reassigned)


def _values(c: Candidate) -> dict[str, Any]:
    return {
        "id": rule_reminder_id(c.owner_id, c.rule_key),  # two laptops of a rep make one row
        "account_id": c.account_id,
        "owner_id": c.owner_id,
        "due_at": c.due_at,
        "title": c.title,
        "body": c.body,
        "source": "rule",
        "rule_key": c.rule_key,
    }


# Tables whose rows carry an account_id, to turn changed row ids into the accounts to look at.
_ACCOUNT_TABLES = ("quotes", "opportunities", "account_products", "activities", "visits")


def rows_written_since(session: Session, op_seq: int) -> tuple[set[str], int]:
    """Ids of rows written here since outbox op op_seq (for changes announced without ids),
    and the newest op_seq. Pushed ops may be deleted and their numbers reused: when the newest
    op is older than op_seq, every op still in the outbox counts."""
    newest = int(session.scalar(text("SELECT coalesce(max(op_seq), 0) FROM sync_outbox")) or 0)
    since = op_seq if newest >= op_seq else 0
    rows = session.scalars(text("SELECT row_id FROM sync_outbox WHERE op_seq > :s"), {"s": since})
    return set(rows), newest


def accounts_of_rows(session: Session, row_ids: Iterable[str]) -> set[str]:
    """The accounts that the given row ids (of any table) belong to."""
    ids = sorted(set(row_ids))
    found: set[str] = set()
    for start in range(0, len(ids), CHUNK):
        chunk = ids[start : start + CHUNK]
        found.update(
            session.scalars(
                text("SELECT id FROM accounts WHERE id IN :ids").bindparams(
                    bindparam("ids", expanding=True)
                ),
                {"ids": chunk},
            )
        )
        for table in _ACCOUNT_TABLES:
            stmt = text(f"SELECT account_id FROM {table} WHERE id IN :ids").bindparams(
                bindparam("ids", expanding=True)
            )
            found.update(session.scalars(stmt, {"ids": chunk}))
    return found
