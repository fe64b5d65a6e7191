"""A new laptop's bootstrap in its own process, for its peak memory (bench_bootstrap_million).

    python -m bench._bootstrap_laptop FOLDER BASE USERNAME

Makes a new laptop file in FOLDER, signs in, syncs with bootstrap on (a snapshot in pages, then
the pull) and prints one JSON line: the seconds from sign-in to the last row, the rows, the
bytes received and this process's peak resident memory (VmHWM, whole process: Python, SQLite's
cache, the page being applied and the one prefetched).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return -1.0


def main() -> int:
    from bench import _sync_world as W
    from bench.bench_sync import Laptop

    folder, base, username = Path(sys.argv[1]), sys.argv[2], sys.argv[3]
    W.use_memory_keyring()
    template = W.laptop_template(folder)
    before = peak_rss_mb()
    started = time.perf_counter()
    laptop = Laptop(template, folder, base, username, bootstrap=True)
    report = laptop.engine.sync()
    seconds = time.perf_counter() - started
    received = laptop.client.received_bytes
    laptop.close()
    figures = {"seconds": round(seconds, 2), "rows": report.pulled, "received_bytes": received,
               "peak_rss_mb": peak_rss_mb(), "rss_before_mb": before}  # fmt: skip
    print(json.dumps(figures), flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
