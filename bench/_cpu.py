"""CPU seconds spent by a server's processes and by the PostgreSQL backends of one database.

Read from /proc (utime + stime) every SAMPLE seconds in a thread, so a process that ends in
between (a pooled connection closed, its backend gone) still counts up to its last sample.
Linux only; the benchmark's own process is measured with time.process_time() by the caller.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

SAMPLE = 0.05
TICK = os.sysconf("SC_CLK_TCK")


def _stat(pid: int) -> tuple[int, float] | None:
    """(parent pid, CPU seconds) of a live process, or None."""
    try:
        raw = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    fields = raw[raw.rindex(")") + 2 :].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / TICK


def _cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except OSError:
        return ""


class CpuMeter:
    """server_s: the process `root` and its descendants; db_s: backends of database `dbname`."""

    def __init__(self, root: int, dbname: str) -> None:
        self.root, self.dbname = root, dbname
        self.kind: dict[int, str] = {}  # pid -> "server", "db" or "" (someone else's)
        self.first: dict[int, float] = {}
        self.last: dict[int, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _classify(self, pid: int, parent: int) -> str:
        if pid == self.root or self.kind.get(parent) == "server":
            return "server"
        line = _cmdline(pid)
        return "db" if line.startswith("postgres: ") and f" {self.dbname} " in line else ""

    def _sample(self, baseline: bool) -> None:
        self.kind.setdefault(self.root, "server")
        for name in os.listdir("/proc"):
            if not name.isdigit():
                continue
            pid = int(name)
            if self.kind.get(pid) == "":
                continue
            found = _stat(pid)
            if found is None:
                continue
            parent, cpu = found
            if pid not in self.kind:
                self.kind[pid] = self._classify(pid, parent)
                if not self.kind[pid]:
                    continue
            if pid not in self.first:
                self.first[pid] = cpu if baseline else 0.0  # born during the measure: all of it
            self.last[pid] = cpu

    def _run(self) -> None:
        while not self._stop.wait(SAMPLE):
            self._sample(False)

    def start(self) -> None:
        self._sample(True)
        self._thread.start()

    def stop(self) -> dict[str, float]:
        self._stop.set()
        self._thread.join()
        self._sample(False)
        spent = {"server": 0.0, "db": 0.0}
        for pid, last in self.last.items():
            spent[self.kind[pid]] += last - self.first[pid]
        return {"server_s": round(spent["server"], 2), "db_s": round(spent["db"], 2)}
