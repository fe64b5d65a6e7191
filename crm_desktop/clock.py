"""The one clock: every "now" and "today" of the program and the server comes from here.

A Clock is carried, never reached for: the composition root makes one (SystemClock) and hands it
to the Database, whose sessions carry it in `session.info["clock"]` (services read it with
`clock_of(session)`), to the views through AppContext.clock, and to the server's app. Tests pin
it with FixedClock, so the suite passes at any hour of any day; a test (tests/test_clock_rule.py)
keeps `datetime.now()`, `date.today()`, `time.time()` and Qt's current-date calls out of the code.
No Qt and no SQLAlchemy here: every layer may import it.
"""

from __future__ import annotations

import threading
from datetime import UTC, date, datetime, timedelta, tzinfo
from typing import Any, Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """Now, aware, in UTC."""
        ...


class SystemClock:
    """The machine's clock."""

    def now(self) -> datetime:
        return datetime.now(UTC)  # the one place that reads the wall clock

    def __repr__(self) -> str:
        return "SystemClock()"


class FixedClock:
    """A clock that stands still until told to move: what tests pin."""

    def __init__(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("a pinned clock needs an aware moment")
        self._at = at.astimezone(UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._at

    def set(self, at: datetime) -> None:
        if at.tzinfo is None:
            raise ValueError("a pinned clock needs an aware moment")
        with self._lock:
            self._at = at.astimezone(UTC)

    def advance(self, delta: timedelta) -> None:
        with self._lock:
            self._at += delta

    def __repr__(self) -> str:
        return f"FixedClock({self._at.isoformat()})"


SYSTEM = SystemClock()


def clock_of(holder: Any) -> Clock:
    """The clock a Session (or anything with an `info` dict) carries; the system clock if none."""
    info = getattr(holder, "info", None)
    clock = info.get("clock") if isinstance(info, dict) else None
    return clock if clock is not None else SYSTEM


def local_now(clock: Clock, where: str | tzinfo | None = None) -> datetime:
    """Now in a zone (an IANA name or a tzinfo); None: the machine's own zone at that moment."""
    moment = clock.now()
    if where is None:
        return moment.astimezone()
    if isinstance(where, str):
        from zoneinfo import ZoneInfo  # not at import: the first paint does not need it

        where = ZoneInfo(where)
    return moment.astimezone(where)


def today(clock: Clock, where: str | tzinfo | None = None) -> date:
    """Today's date in a zone (the machine's own by default): the date a person there would say."""
    return local_now(clock, where).date()


def timestamp(clock: Clock) -> float:
    """Now as seconds since the epoch (what the server stores for tokens and logs)."""
    return clock.now().timestamp()
