"""A bounded slice of the sync chaos bench (`python -m bench.run sync_chaos`): one seed per
server database with real faults inside the run (kill -9 of the server mid-push and of a
laptop's sync mid-pull, a proxy dropping requests and losing answers, raw-HTTP poison), then the
convergence test's oracle; a rep's second laptop joins new and bootstraps in such children,
killed at random points of the bootstrap, while the others push. The bench runs hundreds of
seeds; CRM_CHAOS_SEED=<n> replays one."""

from __future__ import annotations

import os
from pathlib import Path

from bench._sync_chaos import run_seed
from tests.sync.harness import ServerDb

SEED = int(os.environ.get("CRM_CHAOS_SEED", "3"))


def test_laptops_converge_through_kills_lost_answers_and_poison(
    tmp_path: Path, template_db: Path, server_db: ServerDb
) -> None:
    tally = run_seed(SEED, server_db, tmp_path, template_db, steps=24)
    assert tally.violations == []
    assert sum(tally.faults.values()) > 0  # the run did meet faults
    booted = {k: n for k, n in tally.faults.items() if k.startswith("bootstrap")}
    assert booted, tally.faults  # a new laptop bootstrapped in the run (killed, or it completed)
