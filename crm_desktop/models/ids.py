"""UUIDv7 identifiers made on the laptop, so rows created offline never collide."""

from __future__ import annotations

import os
import threading
import time
import uuid

_lock = threading.Lock()
_last_ms = 0
_counter = 0


def uuid7() -> uuid.UUID:
    """A time-ordered UUID (RFC 9562 version 7), monotonic within this process."""
    global _last_ms, _counter
    with _lock:
        ms = time.time_ns() // 1_000_000  # wall clock: a UUIDv7 carries when it was made
        if ms <= _last_ms:
            # Same or earlier millisecond: keep order by bumping a 12-bit counter.
            _counter += 1
            if _counter > 0xFFF:
                _last_ms += 1
                _counter = 0
            ms = _last_ms
        else:
            _last_ms = ms
            _counter = int.from_bytes(os.urandom(2), "big") & 0x3FF
        rand_b = int.from_bytes(os.urandom(8), "big") & ((1 << 62) - 1)
        value = (ms & ((1 << 48) - 1)) << 80
        value |= 0x7 << 76
        value |= _counter << 64
        value |= 0b10 << 62
        value |= rand_b
        return uuid.UUID(int=value)


def new_id() -> str:
    """A new row id as the canonical 36-character string."""
    return str(uuid7())


# Rows two laptops may make for the same fact get an id derived from their natural key (UUIDv5),
# so both make the same row and it merges on the server instead of colliding on a unique key.
# Shared with the server (it may check it): never change the namespace or the key formats.
NATURAL_KEY_NAMESPACE = uuid.UUID("6f1c7a52-3a0e-5b7e-9d51-2f4c8e1b0a77")


def natural_id(kind: str, *parts: str) -> str:
    """The id of the row of `kind` with this natural key: the same on every laptop."""
    return str(uuid.uuid5(NATURAL_KEY_NAMESPACE, "\x1f".join((kind, *parts))))


def rule_reminder_id(owner_id: str | None, rule_key: str) -> str:
    """A follow-up rule's reminder: one per owner and rule_key (UUIDv5 of both)."""
    return natural_id("reminders", owner_id or "", rule_key)


def quote_revision_id(quote_id: str, revision: int) -> str:
    """Revision N of a quote: the same row whichever laptop froze it (UUIDv5)."""
    return natural_id("quote_revisions", quote_id, str(revision))


def quote_acceptance_id(quote_id: str, revision: int) -> str:
    """The signed acceptance of revision N of a quote: one row whichever laptop took it."""
    return natural_id("quote_acceptances", quote_id, str(revision))
