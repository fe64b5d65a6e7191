"""A keyring backend for benchmarks on a machine with no keyring service (this VM has none).

The benchmark's processes share the benchmark database's key through a file under var/bench:
a benchmark's throwaway key, never the program's way (the program keeps keys in the OS keyring
or asks for a passphrase). Selected with PYTHON_KEYRING_BACKEND, which also skips keyring's
backend discovery: the figures leave out the OS keyring's own lookup (see the README).
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from keyring.backend import KeyringBackend

FILE_ENV = "CRM_BENCH_KEYRING"
BACKEND = "bench._keyring.BenchKeyring"


def use(folder: Path) -> None:
    """Every benchmark of this run (and the programs it starts) keeps its keys here."""
    import keyring

    folder.mkdir(parents=True, exist_ok=True)
    os.environ[FILE_ENV] = str(folder / "bench-keys.json")
    os.environ["PYTHON_KEYRING_BACKEND"] = BACKEND
    root = str(Path(__file__).resolve().parent.parent)  # programs started import this module
    os.environ["PYTHONPATH"] = os.pathsep.join(filter(None, [root, os.environ.get("PYTHONPATH")]))
    keyring.set_keyring(BenchKeyring())


class BenchKeyring(KeyringBackend):
    priority = 1  # type: ignore[assignment]

    def _file(self) -> Path:
        return Path(os.environ[FILE_ENV])

    def _all(self) -> dict[str, str]:
        file = self._file()
        return json.loads(file.read_text("utf-8")) if file.is_file() else {}

    def get_password(self, service: str, username: str) -> str | None:
        return self._all().get(f"{service}\n{username}")

    @contextmanager
    def _changing(self) -> Iterator[dict[str, str]]:
        """Read, change and write the file under a lock, the new file swapped in whole: the
        bench's processes and the laptops it starts read it while others write (two bench runs
        side by side once read a half-written file)."""
        file = self._file()
        with open(file.with_name(file.name + ".lock"), "a") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)
            found = self._all()
            yield found
            partial = file.with_name(f"{file.name}.{os.getpid()}.tmp")
            partial.write_text(json.dumps(found), "utf-8")
            os.replace(partial, file)

    def set_password(self, service: str, username: str, password: str) -> None:
        with self._changing() as found:
            found[f"{service}\n{username}"] = password

    def delete_password(self, service: str, username: str) -> None:
        with self._changing() as found:
            found.pop(f"{service}\n{username}", None)
