"""Keep secrets out of the server's access log: a calendar feed's address is its credential."""

from __future__ import annotations

import logging
import re

CALENDAR_PATH = re.compile(r"(/v1/calendar/)[^/?\s]+(\.ics)")


def redact(text: str) -> str:
    return CALENDAR_PATH.sub(r"\1…\2", text)


class RedactCalendarTokens(logging.Filter):
    """uvicorn's access records carry the path in their args: the token is replaced by '…'."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(redact(a) if isinstance(a, str) else a for a in record.args)
        elif isinstance(record.msg, str):
            record.msg = redact(record.msg)
        return True


def install() -> None:
    """Once per process (the filter is not added twice)."""
    access = logging.getLogger("uvicorn.access")
    if not any(isinstance(f, RedactCalendarTokens) for f in access.filters):
        access.addFilter(RedactCalendarTokens())
