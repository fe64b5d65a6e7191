"""The idle lock's offline password check and its idle measure (no Qt).

At each successful sign-in the password's argon2id hash is kept in the OS keyring (service
"crm-desktop-unlock", one entry per user name), never the password; the locked window checks
what is typed against it without the server. Idle time is read from the injected clock, so
tests pin it.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from crm_desktop.clock import Clock

UNLOCK_SERVICE = "crm-desktop-unlock"


def remember_password(username: str, password: str) -> None:
    """Keep the argon2id hash of a password the server just accepted (slow: a worker's job).

    With no keyring at all nothing is kept, and the idle lock stays off (can_check)."""
    import keyring
    from argon2 import PasswordHasher
    from keyring.errors import KeyringError

    with contextlib.suppress(KeyringError):
        keyring.set_password(UNLOCK_SERVICE, username, PasswordHasher().hash(password))


def can_check(username: str) -> bool:
    """Whether a hash is kept for this user (a user who never signed in here has none)."""
    import keyring
    from keyring.errors import KeyringError

    try:
        return bool(username) and keyring.get_password(UNLOCK_SERVICE, username) is not None
    except KeyringError:
        return False


def password_matches(username: str, password: str) -> bool:
    """Whether password is the one of the user's last successful sign-in here."""
    import keyring
    from argon2 import PasswordHasher
    from argon2.exceptions import InvalidHashError, VerificationError

    stored = keyring.get_password(UNLOCK_SERVICE, username)
    if not stored or not password:
        return False
    try:
        return PasswordHasher().verify(stored, password)
    except (VerificationError, InvalidHashError):
        return False


@dataclass
class IdleMeasure:
    """When the user last did something, and whether `minutes` have passed since (0: never)."""

    clock: Clock
    minutes: int
    last_activity: datetime = field(init=False)

    def __post_init__(self) -> None:
        self.last_activity = self.clock.now()

    def touch(self) -> None:
        self.last_activity = self.clock.now()

    def due(self) -> bool:
        limit = timedelta(minutes=self.minutes)
        return self.minutes > 0 and self.clock.now() - self.last_activity >= limit
