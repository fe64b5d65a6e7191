"""The start looks the database key up off the main process's GIL: on Linux in a forked child that
hands it back through a pipe, so the program itself does not even import `keyring` to open a
file whose key is in the keyring (a fresh process each: a fork is only safe with one thread)."""

from __future__ import annotations

import json
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

from crm_desktop.secure import keys
from tests.memory_keyring import MemoryKeyring

START = """
import json, sys, threading
from pathlib import Path
from crm_desktop.secure import keys
path = Path(sys.argv[1])
keys.prefetch(path).join()
cached = keys._cache.get(keys._user(path))
found = keys.key_for(path, create=True)
print(json.dumps({
    "prefetched": cached.key.hex() if cached else None,
    "key": found.key.hex(),
    "keyring_imported": "keyring" in sys.modules,
    "threads": threading.active_count(),
}))
"""


def _start(path: Path) -> dict[str, object]:
    done = subprocess.run(
        [sys.executable, "-c", START, str(path)],
        capture_output=True, text=True, timeout=60, check=True,
    )  # fmt: skip
    answer: dict[str, object] = json.loads(done.stdout.splitlines()[-1])
    return answer


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the fork is Linux's way only")
def test_the_key_comes_from_a_forked_child_and_keyring_is_not_imported(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    path = tmp_path / "crm.db"
    key = secrets.token_bytes(32)
    memory_keyring.set_password(keys.KEYRING_SERVICE, str(path.resolve()), key.hex())

    found = _start(path)

    assert found == {
        "prefetched": key.hex(),
        "key": key.hex(),
        "keyring_imported": False,  # the ~80 ms import ran in the child, on another core
        "threads": 1,  # the child was reaped and the worker is done
    }


def test_a_file_with_no_key_yet_still_gets_one_in_this_process(
    tmp_path: Path, memory_keyring: MemoryKeyring
) -> None:
    path = tmp_path / "new.db"

    found = _start(path)

    assert found["prefetched"] is None  # the child found nothing: the main thread makes it
    assert memory_keyring.get_password(keys.KEYRING_SERVICE, str(path.resolve())) == found["key"]
