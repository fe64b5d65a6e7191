"""An in-memory keyring backend for tests: secrets never touch the machine's real keyring.

A program the test starts (`crm-desktop …` in a subprocess) cannot see this process's memory;
to open the test's encrypted database it needs the test's keys. So each test's keyring also
mirrors its secrets to a file in the test's own temporary folder, named by CRM_TEST_KEYRING,
and a child process loads MirroredKeyring from it (PYTHON_KEYRING_BACKEND, set by conftest).
Test keys only: the program itself never writes a key to a file.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from keyring.backend import KeyringBackend
from keyring.errors import PasswordDeleteError

MIRROR_ENV = "CRM_TEST_KEYRING"


class MemoryKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def __init__(self, mirror: Path | None = None) -> None:
        super().__init__()
        self.secrets: dict[tuple[str, str], str] = {}
        self.mirror = mirror

    def get_password(self, service: str, username: str) -> str | None:
        if (service, username) not in self.secrets and self.mirror and self.mirror.is_file():
            self._read()  # a program the test started may have made it
        return self.secrets.get((service, username))

    def others(self) -> dict[tuple[str, str], str]:
        """The secrets but the databases' keys (each test's database has one)."""
        return {k: v for k, v in self.secrets.items() if k[0] != "crm-desktop-db"}

    def _read(self) -> None:
        if self.mirror is not None and self.mirror.is_file():
            rows = json.loads(self.mirror.read_text(encoding="utf-8"))
            self.secrets = {(s, u): p for s, u, p in rows}

    def set_password(self, service: str, username: str, password: str) -> None:
        self.secrets[(service, username)] = password
        self._write()

    def delete_password(self, service: str, username: str) -> None:
        if self.secrets.pop((service, username), None) is None:
            raise PasswordDeleteError(f"no password for {username} at {service}")
        self._write()

    def _write(self) -> None:
        if self.mirror is not None:
            rows = [[s, u, p] for (s, u), p in self.secrets.items()]
            self.mirror.write_text(json.dumps(rows), encoding="utf-8")


class MirroredKeyring(MemoryKeyring):
    """A child process's keyring: the parent test's secrets, read from (and kept in) its file."""

    def __init__(self) -> None:
        where = os.environ.get(MIRROR_ENV)
        super().__init__(Path(where) if where else None)
        self._read()
