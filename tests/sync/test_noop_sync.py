"""A sync with nothing to push or pull is one request, and still renews the unlock code.

Requests are counted on the laptop's own HTTP client (an httpx event hook), not timed.
"""

from __future__ import annotations

from pathlib import Path

import httpx

from crm_desktop.secure.stale import VERIFIER_KEY
from crm_desktop.services.core.device import meta_get
from crm_desktop.sync.protocol import UnlockVerifier, unlock_code_hash
from crm_server import admin
from tests.sync.harness import Laptop, ServerDb, ServerProcess, add_user, make_laptop


def _count_requests(laptop: Laptop) -> list[str]:
    seen: list[str] = []

    def note(request: httpx.Request) -> None:
        seen.append(request.url.path)

    http = laptop.client._http  # the laptop's real client: counting, nothing replaced
    http.event_hooks = {**http.event_hooks, "request": [*http.event_hooks["request"], note]}
    return seen


def _verifier_matches_the_server(laptop: Laptop, db: ServerDb) -> bool:
    """The hash the laptop keeps is that of the code a manager would read out now."""
    with laptop.tx() as s:
        device, kept = meta_get(s, "client_id"), meta_get(s, VERIFIER_KEY)
    with db.engine.begin() as conn:
        code = admin.unlock_code(conn, str(device))
    return kept is not None and UnlockVerifier.model_validate_json(kept).code_hash == (
        unlock_code_hash(code)
    )


def test_a_sync_with_nothing_to_do_is_one_request(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    rep = add_user(server_db, "ana")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    a.new_account(rep, legal_name="Ferretería El Tornillo S.A.S.")
    a.sync()  # something to push: push and pull
    seen = _count_requests(a)
    report = a.sync()  # nothing left either way
    assert (report.pushed, report.pulled) == (0, 0)
    assert seen == ["/v1/sync/pull"]  # no push, no separate unlock-verifier request
    assert _verifier_matches_the_server(a, server_db)  # the pull brought the new code's hash
    a.close()


def test_a_laptop_that_asks_apart_still_gets_its_unlock_code(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    """The way of a server that ignores the unlock header (older): the laptop asks for it."""
    add_user(server_db, "ana")
    a = make_laptop("a", tmp_path, template_db, server, "ana")
    a.engine.unlock_in_pull = False
    seen = _count_requests(a)
    a.sync()
    assert seen == ["/v1/sync/pull", "/v1/laptop/unlock-verifier"]
    assert _verifier_matches_the_server(a, server_db)
    a.close()
