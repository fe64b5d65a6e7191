"""Zero 5xx under fuzzing: schemathesis, every check on, against a live server on both databases,
unauthenticated and signed in as a rep (a bounded number of examples, so it fits in CI)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from tests.sync.harness import ServerDb, ServerProcess, add_user
from tests.sync.raw import login

CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_EXAMPLES = "10"


@pytest.mark.slow
@pytest.mark.parametrize("who", ["nobody", "rep"])
def test_no_input_gives_a_server_error(
    server: ServerProcess, server_db: ServerDb, who: str, tmp_path: Path
) -> None:
    st = Path(sys.executable).with_name("st")
    # One worker: hypothesis parses lambdas' source with ast, which CPython 3.11 cannot do from
    # two threads at once ("AST constructor recursion depth mismatch", a tool error).
    args = [
        str(st), "--config-file", str(CONFIG), "--no-color", "run",
        f"{server.base}/openapi.json",
        "--checks", "all", "--max-examples", MAX_EXAMPLES, "--seed", "20261130",
        "--workers", "1",
        "-H", "X-CRM-Protocol: 1", "-H", "X-CRM-Schema: 1",
    ]  # fmt: skip
    # The coverage phase (every boundary value of every field, ~25 s) runs signed in, where
    # each request reaches the database; without a token, random fuzzing only (time in CI).
    args += ["--phases", "examples,coverage,fuzzing,stateful" if who == "rep" else "fuzzing"]
    if who == "rep":
        add_user(server_db, "ana")
        token = login(server, "ana")["access_token"]
        # Signing out everywhere would end the token the rest of the run relies on.
        args += ["-H", f"Authorization: Bearer {token}"]
        args += ["--exclude-path", "/v1/auth/logout-everywhere"]
    run = subprocess.run(
        args, capture_output=True, text=True, timeout=600, check=False, cwd=tmp_path
    )
    (tmp_path / "schemathesis.txt").write_text(run.stdout + run.stderr)
    assert run.returncode == 0, run.stdout[-6000:]
    assert "Traceback" not in server.log.read_text()
