"""One program per database file; the second copy says where the first is (issue 11, item 16)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from crm_desktop.views.common.instance_lock import InstanceLock, already_open_text


def test_a_second_lock_on_the_same_file_is_refused_and_names_the_holder(tmp_path: Path) -> None:
    db = tmp_path / "crm.db"
    first, second = InstanceLock(db), InstanceLock(db)
    assert first.acquire() is None
    holder = second.acquire()
    assert holder is not None and holder.pid == os.getpid()
    text = already_open_text(db, holder)
    assert str(db) in text and str(os.getpid()) in text
    first.release()
    assert second.acquire() is None  # free again once the first copy closes
    second.release()
    assert InstanceLock(tmp_path / "other.db").acquire() is None  # another file: no conflict


def test_the_program_refuses_to_open_a_file_another_copy_has_open(
    db_path: Path, tmp_path: Path
) -> None:
    lock = InstanceLock(db_path)
    assert lock.acquire() is None
    try:
        done = subprocess.run(
            [sys.executable, "-m", "crm_desktop", "--self-test", "--db", str(db_path)],
            capture_output=True,
            text=True,
            env=dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(tmp_path)),
            check=False,
            timeout=120,
        )
    finally:
        lock.release()
    assert done.returncode == 3
    # In Spanish, the default (the text was once filed under no context and came out English).
    assert "ya está abierto con esta base de datos" in done.stderr
    assert f"en el proceso {os.getpid()} de este equipo" in done.stderr
