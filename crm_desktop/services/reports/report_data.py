"""What reports are made of: periods, typed columns, tables, chart hints, money in COP.

Plain frozen dataclasses, so a report computed on a worker thread crosses to the GUI as it is.
Column titles are English marked with N_ (gettext shows them); code columns ("code:stage"...)
are turned into words by Column.label.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.orm import Session

from crm_desktop.i18n import N_, gettext
from crm_desktop.services.core.sql import utc_text
from crm_desktop.services.reports.rfm import NO_PURCHASES, SEGMENTS, latest_rates

SCALE = Decimal(1).scaleb(-4)  # FixedDecimal(4) columns are integers scaled by 10^4
HUNDRED = Decimal(100)
PERIOD_KINDS = {
    "week": N_("Week"),
    "month": N_("Month"),
    "quarter": N_("Quarter"),
    "custom": N_("Custom range"),
}


@dataclass(frozen=True)
class Period:
    """Whole local days from start to end, both included."""

    start: date
    end: date
    kind: str = "custom"
    timezone: str = "America/Bogota"

    def utc_bounds(self) -> tuple[str, str]:
        """[start, end) as the naive-UTC text datetime columns hold."""
        zone = ZoneInfo(self.timezone)
        first = datetime.combine(self.start, time(0), tzinfo=zone)
        after = datetime.combine(self.end + timedelta(days=1), time(0), tzinfo=zone)
        return utc_text(first), utc_text(after)

    def previous(self) -> Period:
        """The period of the same length just before this one."""
        length = self.end - self.start + timedelta(days=1)
        return Period(self.start - length, self.start - timedelta(days=1), self.kind, self.timezone)


def period_of(kind: str, day: date, timezone: str = "America/Bogota") -> Period:
    """The week (Monday to Sunday), month or quarter that contains day."""
    if kind == "week":
        start = day - timedelta(days=day.weekday())
        return Period(start, start + timedelta(days=6), kind, timezone)
    first_month = day.month if kind == "month" else 3 * ((day.month - 1) // 3) + 1
    start = date(day.year, first_month, 1)
    months = 1 if kind == "month" else 3
    index = start.year * 12 + start.month - 1 + months
    end = date(index // 12, index % 12 + 1, 1) - timedelta(days=1)
    if kind not in ("month", "quarter"):
        raise ValueError(f"unknown period kind {kind!r}")
    return Period(start, end, kind, timezone)


STAGES = {
    "prospecting": N_("Prospecting"),
    "qualification": N_("Qualification"),
    "needs_analysis": N_("Needs analysis"),
    "proposal": N_("Proposal"),
    "negotiation": N_("Negotiation"),
    "closed_won": N_("Closed won"),
    "closed_lost": N_("Closed lost"),
}
KINDS = {
    "natural_person": N_("Natural person"),
    "legal_entity": N_("Legal entity"),
    "corporate": N_("Corporate"),
}
PHASES = {
    "engagement": N_("Engagement"),
    "acquisition": N_("Acquisition"),
    "retention": N_("Retention and extension"),
    "knowledge": N_("Knowledge"),
}
# Vocabularies of "code:<name>" columns: stored code -> English label (gettext translates).
CODE_LABELS: dict[str, dict[str, str]] = {
    "stage": STAGES,
    "kind": KINDS,
    "phase": PHASES,
    "segment": {**SEGMENTS, "none": NO_PURCHASES},
}


@dataclass(frozen=True)
class Column:
    key: str
    title: str  # English, marked with N_; shown through gettext
    kind: str = "int"  # text | int | money | pct | date | decimal | code:<vocabulary>

    def label(self, value: Any, lang: str | None = None) -> str:
        """A code column's value in words; other values as text (numbers unformatted)."""
        if self.kind.startswith("code:") and value is not None:
            vocabulary = CODE_LABELS.get(self.kind[5:], {})
            return gettext(vocabulary[value], lang) if value in vocabulary else str(value)
        return "" if value is None else str(value)


@dataclass(frozen=True)
class Table:
    key: str
    title: str
    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    totals: tuple[Any, ...] | None = None

    def column(self, key: str) -> list[Any]:
        index = [c.key for c in self.columns].index(key)
        return [row[index] for row in self.rows]


@dataclass(frozen=True)
class Chart:
    """What a view should draw: a chart of table's label column against value columns."""

    table: str
    kind: str  # bar | stacked | hbar | hstacked | pie
    label: str
    values: tuple[str, ...]


@dataclass(frozen=True)
class Report:
    key: str
    title: str
    period: Period | None
    owner_id: str | None
    tables: tuple[Table, ...]
    chart: Chart | None = None

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


class Money:
    """Sums per currency turned into COP at the latest quote rates."""

    def __init__(self, session: Session) -> None:
        self.rates = latest_rates(session)

    def cop(self, scaled: int | None, currency: str) -> Decimal:
        rate = 1 if currency == "COP" else self.rates.get(currency, 1)
        return (Decimal(int(scaled or 0)) * SCALE * rate).quantize(Decimal("0.01"))


def pct(part: int | Decimal, whole: int | Decimal) -> Decimal:
    """part / whole as a percentage with one decimal; 0 when whole is 0."""
    if not whole:
        return Decimal(0)
    return (Decimal(part) * HUNDRED / Decimal(whole)).quantize(Decimal("0.1"))


def owner_filter(column: str, owner_id: str | None) -> str:
    return f" AND {column} = :owner" if owner_id is not None else ""


def totals_of(rows: Iterable[tuple[Any, ...]], label: str = N_("Total")) -> tuple[Any, ...]:
    """A totals row: the label, then the sum of every numeric column (text columns left blank)."""
    rows = list(rows)
    if not rows:
        return ()
    sums: list[Any] = [label]
    for index in range(1, len(rows[0])):
        values = [row[index] for row in rows]
        numeric = all(isinstance(v, int | Decimal) for v in values)
        sums.append(sum(values, Decimal(0) if any(isinstance(v, Decimal) for v in values) else 0)
                    if numeric else "")  # fmt: skip
    sums[0] = gettext(label)
    return tuple(sums)
