"""Creation and change times of new rows, from the clock the session carries.

One listener on the Session class (not on a sessionmaker), so every session gets it however it
was made; the moment comes from `clock_of(session)`, so a pinned clock pins the stamps too.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import event
from sqlalchemy.orm import Session, UOWTransaction

from crm_desktop.clock import clock_of

STAMPED = ("created_at", "updated_at")


@event.listens_for(Session, "before_flush")
def _stamp_new_rows(session: Session, _ctx: UOWTransaction, _instances: object) -> None:
    now: datetime | None = None
    for obj in session.new:
        for name in STAMPED:
            if hasattr(obj, name) and getattr(obj, name) is None:
                now = now or clock_of(session).now()
                setattr(obj, name, now)
