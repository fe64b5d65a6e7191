"""The lock of a laptop that has not synced for too long, and the manager's unlock code. No Qt.

A laptop out of contact for `sync.stale_lock_days` days (by the injected clock) locks: its data
may be out of date, and a lost laptop stops being usable on its own. It unlocks when a sync goes
through, or with the one-time code a manager reads out (`crm-server unlock-code DEVICE`): the
laptop keeps only the hash of that code, received at its last sync, so nothing in its file yields
the code. The code unlocks for another full period, once; after that only a sync does.
"""

from __future__ import annotations

import hmac
import json
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy.orm import Session

from crm_desktop.services.core.device import meta_get, meta_set
from crm_desktop.sync.protocol import UnlockVerifier, unlock_code_hash

LAST_OK_KEY = "last_sync_ok_at"  # written by the sync engine after every successful sync
VERIFIER_KEY = "unlock_verifier"
UNLOCKED_UNTIL_KEY = "stale_unlocked_until"
USED_PERIOD_KEY = "unlock_used_period"


@dataclass(frozen=True)
class StaleState:
    locked: bool
    last_sync: datetime | None
    days_without: int  # whole days since the last sync (0 if it never synced)
    device: str  # what the rep reads to the manager
    can_unlock: bool  # a code for this period exists and was not used yet


def _moment(text: str | None) -> datetime | None:
    try:
        return datetime.fromisoformat(text) if text else None
    except ValueError:
        return None


def stale_state(session: Session, days: int, now: datetime) -> StaleState:
    """Whether this laptop is locked for going `days` days without a sync (0: never locks).

    A laptop that never synced does not lock: it holds only what its rep typed."""
    last = _moment(meta_get(session, LAST_OK_KEY))
    without = max(0, (now - last).days) if last else 0
    until = _moment(meta_get(session, UNLOCKED_UNTIL_KEY))
    locked = bool(days > 0 and last and now - last >= timedelta(days=days))
    locked = locked and not (until is not None and now < until)
    verifier = _verifier(session)
    can_unlock = verifier is not None and meta_get(session, USED_PERIOD_KEY) != verifier.period
    device = meta_get(session, "client_id") or ""  # read only: a laptop that synced has one
    return StaleState(locked, last, without, device, can_unlock)


def _verifier(session: Session) -> UnlockVerifier | None:
    raw = meta_get(session, VERIFIER_KEY)
    try:
        return UnlockVerifier.model_validate(json.loads(raw)) if raw else None
    except ValueError:
        return None


def keep_verifier(session: Session, verifier: UnlockVerifier) -> None:
    """After a sync: the new code's hash replaces the old one; any unlock ends (it synced)."""
    meta_set(session, VERIFIER_KEY, verifier.model_dump_json())
    meta_set(session, UNLOCKED_UNTIL_KEY, "")


def unlock_with_code(session: Session, code: str, days: int, now: datetime) -> bool:
    """Unlock for another `days` days if the code is this laptop's current one, unused."""
    verifier = _verifier(session)
    if verifier is None or meta_get(session, USED_PERIOD_KEY) == verifier.period:
        return False
    if not hmac.compare_digest(unlock_code_hash(code), verifier.code_hash):
        return False
    meta_set(session, USED_PERIOD_KEY, verifier.period)
    meta_set(session, UNLOCKED_UNTIL_KEY, (now + timedelta(days=max(days, 1))).isoformat())
    return True
