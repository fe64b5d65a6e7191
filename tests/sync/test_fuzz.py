"""Zero 5xx under fuzzing: schemathesis, every check on, against a live server on both databases,
unauthenticated and signed in as a rep (a bounded number of examples, so it fits in CI); signed
in, also its stateful phase, which chains requests along the document's links."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.sync.harness import PASSWORD, ServerDb, ServerProcess, add_user
from tests.sync.raw import login

CONFIG = Path(__file__).with_name("schemathesis.toml")
MAX_EXAMPLES = "10"

# Logins of the stateful phase are often the rep's own (a session to refresh, rotate, reuse and
# end along the links); the others stay random.
REP_LOGIN = f"""
[dictionaries.username]
values = ["ana"]

[dictionaries.password]
values = ["{PASSWORD}"]

[[operations]]
include-name = "POST /v1/auth/login"
parameters = {{ "body.username" = {{ dictionary = "username", probability = 0.8 }}, \
"body.password" = {{ dictionary = "password", probability = 0.8 }} }}
"""


def _st(server: ServerProcess, config: Path, folder: Path, *args: str) -> str:
    st = Path(sys.executable).with_name("st")
    # One worker: hypothesis parses lambdas' source with ast, which CPython 3.11 cannot do from
    # two threads at once ("AST constructor recursion depth mismatch", a tool error).
    command = [
        str(st), "--config-file", str(config), "--no-color", "run",
        f"{server.base}/openapi.json",
        "--checks", "all", "--max-examples", MAX_EXAMPLES, "--seed", "20261130",
        "--workers", "1",
        "-H", "X-CRM-Protocol: 1", "-H", "X-CRM-Schema: 1", *args,
    ]  # fmt: skip
    run = subprocess.run(
        command, capture_output=True, text=True, timeout=600, check=False, cwd=folder
    )
    output = run.stdout + run.stderr
    with (folder / "schemathesis.txt").open("a") as log:
        log.write(output)
    assert run.returncode == 0, run.stdout[-6000:]
    return output


def _links_followed(output: str) -> int:
    covered = re.search(r"API Links:\s+(\d+) covered", output)
    return int(covered.group(1)) if covered else 0


@pytest.mark.slow
@pytest.mark.parametrize("who", ["nobody", "rep"])
def test_no_input_gives_a_server_error(
    server: ServerProcess, server_db: ServerDb, who: str, tmp_path: Path
) -> None:
    if who == "nobody":  # without a token, random fuzzing only (time in CI)
        _st(server, CONFIG, tmp_path, "--phases", "fuzzing")
        assert "Traceback" not in server.log.read_text()
        return
    add_user(server_db, "ana")
    token = login(server, "ana")["access_token"]
    # Signing out everywhere would end the token the rest of the run relies on.
    signed_in = ["-H", f"Authorization: Bearer {token}", "--exclude-path",
                 "/v1/auth/logout-everywhere"]  # fmt: skip
    # The coverage phase (every boundary value of every field, ~25 s): each request reaches
    # the database.
    _st(server, CONFIG, tmp_path, *signed_in, "--phases", "examples,coverage,fuzzing")
    config = tmp_path / "stateful.toml"
    config.write_text(CONFIG.read_text() + REP_LOGIN)
    # Schemathesis starts its scenarios only from operations it thinks need no earlier answer
    # when there are any: to it `client_id` names a "Client" that no operation creates, so the
    # two operations without one (duplicates, calendar token) would start every scenario and
    # the sync and session links would never be followed. Left out of this phase only.
    stateful = _st(
        server, config, tmp_path, *signed_in, "--phases", "stateful",
        "--exclude-path", "/v1/accounts/duplicates", "--exclude-path", "/v1/calendar/token",
    )  # fmt: skip
    assert _links_followed(stateful) >= 2, stateful[-3000:]  # 4 to 7 seen of 11
    # The calendar token's link to its feed, on its own (it found the feed's media type
    # missing from the document).
    calendar = _st(server, config, tmp_path, *signed_in, "--phases", "stateful",
                   "--include-path-regex", "^/v1/calendar/")  # fmt: skip
    assert _links_followed(calendar) == 1, calendar[-3000:]
    assert "Traceback" not in server.log.read_text()
