"""The laptop's attachment store (issue 17): write and read of a 20 MB file through the
encrypted content file, a 12-megapixel photo downscaled on import, and 1,000 attachments'
metadata added and listed (pending_uploads, missing_content, the account's list).

Works on a new database in a temporary folder (the 100,000-account one is not needed).
"""

from __future__ import annotations

import argparse
import io
import os
import tempfile
import time
from pathlib import Path
from typing import Any

TARGET = "20 MB store write and read >= 50 MB/s; 1,000 metadata rows < 1 s (issue 17)"
MB = 1_000_000


def _photo() -> bytes:
    from PIL import Image

    noise = Image.effect_noise((4000, 3000), 60).convert("RGB")  # 12 MP, hard to compress
    out = io.BytesIO()
    noise.save(out, "JPEG", quality=90)
    return out.getvalue()


def run(args: argparse.Namespace) -> dict[str, Any]:
    from crm_desktop.database import open_database
    from crm_desktop.services.attachments import attachments as A
    from crm_desktop.services.attachments import store
    from tests.factories import make_account

    big, photo = os.urandom(20 * MB), _photo()
    figures: dict[str, Any] = {}
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "bench.db"
        db = open_database(path)
        with db.sessions() as s, s.begin():
            account_id = make_account(s).id
        parent = ("accounts", account_id)
        started = time.perf_counter()
        with db.sessions() as s, s.begin():
            row = A.add_bytes(s, path, parent, big, "big.bin", None)
        figures["write_20mb_mb_s"] = round(20 / (time.perf_counter() - started), 1)
        started = time.perf_counter()
        assert store.open_content(path, row.sha256) == big
        figures["read_20mb_mb_s"] = round(20 / (time.perf_counter() - started), 1)
        started = time.perf_counter()
        with db.sessions() as s, s.begin():
            pic = A.add_bytes(s, path, parent, photo, "foto.jpg", None)
        figures["photo_12mp_import_ms"] = round((time.perf_counter() - started) * 1000)
        figures["photo_bytes_in_out"] = [len(photo), pic.size]
        started = time.perf_counter()
        with db.sessions() as s, s.begin():
            for n in range(1000):
                A.add_bytes(s, path, parent, f"nota {n}".encode(), f"nota-{n}.txt", None)
        figures["add_1000_small_s"] = round(time.perf_counter() - started, 2)
        started = time.perf_counter()
        pending = store.pending_uploads(path)
        figures["pending_uploads_ms"] = round((time.perf_counter() - started) * 1000, 1)
        started = time.perf_counter()
        with db.sessions() as s:
            listed = A.list_for(s, None, "", account_id=account_id)
        figures["list_1002_ms"] = round((time.perf_counter() - started) * 1000, 1)
        figures["rows"] = [len(pending), len(listed)]
        db.engine.dispose()
    figures["load"] = Path("/proc/loadavg").read_text().split()[:3]
    return figures
