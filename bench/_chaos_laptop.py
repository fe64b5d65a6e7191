"""A laptop's sync in its own process, killed (SIGKILL, by itself) at a chosen point of its pull.

    python bench/_chaos_laptop.py DB BASE USERNAME POINT NTH

    python bench/_chaos_laptop.py DB BASE USERNAME POINT NTH bootstrap  (a new laptop)

POINT: before_request (the NTH pull request is about to leave), after_answer (the NTH pull
answer arrived, nothing of it applied), inside_page (the NTH run of rows is written inside the
page's transaction, not committed). With `bootstrap` the laptop takes its scope as a snapshot
in pages of BOOTSTRAP_PAGE rows first, and POINT may also be boot_answer (the NTH bootstrap
page arrived, nothing of it applied), boot_inside (the NTH bootstrap page written inside its
transaction, not committed) or boot_rebuild (the indexes built again after the last page, not
committed). Exit 0: the sync finished before that point; 3: it failed on a network fault
(expected under the chaos proxy).
"""

from __future__ import annotations

import os
import signal
import sys
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
BOOTSTRAP_PAGE = 4  # rows: a small world's scope still takes several pages


def main() -> int:
    import keyring

    from bench._sync_world import use_memory_keyring
    from crm_desktop.database import open_database
    from crm_desktop.sync import bulk_indexes
    from crm_desktop.sync import engine as E
    from crm_desktop.sync.client import SyncClient, SyncError
    from tests.memory_keyring import MIRROR_ENV, MirroredKeyring
    from tests.sync.harness import PASSWORD

    path, base, username, point, nth = sys.argv[1:6]
    bootstrap = sys.argv[6:7] == ["bootstrap"]
    if os.environ.get(MIRROR_ENV):  # started by a test: its keys (the laptop file's) too
        keyring.set_keyring(MirroredKeyring())
    else:
        use_memory_keyring()
    calls = 0
    pulling = False

    def reached() -> None:
        nonlocal calls
        calls += 1
        if calls == int(nth):
            os.kill(os.getpid(), signal.SIGKILL)

    client = SyncClient(base, username, attempts=2)
    real_pull, real_apply = client.pull, E.apply_states

    def pull(request: Any, unlock: bool = False) -> Any:
        nonlocal pulling
        pulling = True
        if point == "before_request":
            reached()
        answer = real_pull(request, unlock)
        if point == "after_answer":
            reached()
        return answer

    def apply_states(session: Any, states: Any) -> int:
        done = real_apply(session, states)
        if point == "inside_page" and pulling and states:
            session.flush()
            reached()
        return done

    real_boot, real_snapshot, real_restore = (
        client.bootstrap, E.apply_snapshot, bulk_indexes.restore,
    )  # fmt: skip

    def boot(request: Any) -> Any:
        answer = real_boot(request)
        if point == "boot_answer":
            reached()
        return answer

    def apply_snapshot(session: Any, rows: Any, **kw: Any) -> int:
        done = real_snapshot(session, rows, **kw)
        if point == "boot_inside":
            session.flush()
            reached()
        return done

    def restore(conn: Any) -> bool:
        rebuilt = real_restore(conn)
        if point == "boot_rebuild" and rebuilt:
            reached()
        return rebuilt

    client.pull = pull  # type: ignore[method-assign]
    client.bootstrap = boot  # type: ignore[method-assign]
    E.apply_states = apply_states  # type: ignore[assignment]
    E.apply_snapshot = apply_snapshot
    bulk_indexes.restore = restore
    E.BOOTSTRAP_LIMIT = BOOTSTRAP_PAGE
    db = open_database(Path(path))
    try:
        client.login(PASSWORD)
        E.SyncEngine(db.sessions, db.path, client, bootstrap=bootstrap).sync()
    except SyncError:
        return 3
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
