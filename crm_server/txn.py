"""Run a unit of work in one transaction, retrying when the database asks for it (bounded)."""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import TypeVar

from sqlalchemy import Connection, Engine
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError

T = TypeVar("T")
ATTEMPTS = 8
RETRY_SQLSTATES = {"40001", "40P01"}  # serialization failure, deadlock


def _retryable(error: DBAPIError) -> bool:
    if isinstance(error, IntegrityError):
        return True  # two pushes created the same new row at once: the retry sees it exists
    code = getattr(error.orig, "sqlstate", None)
    if code in RETRY_SQLSTATES:
        return True
    return isinstance(error, OperationalError) and "locked" in str(error.orig)


def run_tx(engine: Engine, work: Callable[[Connection], T]) -> T:
    for attempt in range(ATTEMPTS):
        try:
            with engine.begin() as conn:
                return work(conn)
        except DBAPIError as error:
            if attempt == ATTEMPTS - 1 or not _retryable(error):
                raise
            time.sleep(random.uniform(0.01, 0.05) * (attempt + 1))
    raise AssertionError("unreachable")
