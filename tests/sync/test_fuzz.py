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
MAX_EXAMPLES = "12"


@pytest.mark.slow
@pytest.mark.parametrize("who", ["nobody", "rep"])
def test_no_input_gives_a_server_error(
    server: ServerProcess, server_db: ServerDb, who: str, tmp_path: Path
) -> None:
    st = Path(sys.executable).with_name("st")
    args = [
        str(st), "--config-file", str(CONFIG), "--no-color", "run",
        f"{server.base}/openapi.json",
        "--checks", "all", "--max-examples", MAX_EXAMPLES, "--seed", "20261130",
        "--workers", "2", "--phases", "examples,coverage,fuzzing,stateful",
        "-H", "X-CRM-Protocol: 1", "-H", "X-CRM-Schema: 1",
    ]  # fmt: skip
    if who == "rep":
        add_user(server_db, "ana")
        token = login(server, "ana")["access_token"]
        # Signing out everywhere would end the token the rest of the run relies on.
        args += ["-H", f"Authorization: Bearer {token}"]
        args += ["--exclude-path", "/v1/auth/logout-everywhere"]
    run = subprocess.run(args, capture_output=True, text=True, timeout=600, check=False)
    (tmp_path / "schemathesis.txt").write_text(run.stdout + run.stderr)
    assert run.returncode == 0, run.stdout[-6000:]
    assert "Traceback" not in server.log.read_text()
