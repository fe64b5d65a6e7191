"""Endpoints of duplicate accounts: the pairs found at push, a manager's merge or dismissal."""

# No `from __future__ import annotations`: FastAPI reads the `who` dependency passed in at
# install time from each handler's evaluated annotations.
from collections.abc import Callable
from typing import Any

from fastapi import APIRouter
from sqlalchemy import Connection

from crm_desktop.sync import protocol as P
from crm_server import account_merge, auth, duplicates
from crm_server.account_merge import MergeError


def _manager(conn: Connection, who: auth.Principal, at: float) -> None:
    auth.check_active(conn, who)
    auth.check_laptop(conn, who, at)  # a revoked laptop is refused here too, not only at sync
    if not who.sees_everything:
        raise MergeError(403, "forbidden", "Only managers see and merge duplicate accounts.")


def install(
    api: APIRouter,
    tx: Callable[[Callable[[Connection], Any]], Any],
    now: Callable[[], float],
    who_dep: Any,
    check_versions: Callable[[int | None, int | None], None],
) -> None:
    @api.post("/v1/accounts/duplicates")
    def duplicate_accounts(
        body: P.DuplicatesRequest,
        who: who_dep,
    ) -> P.DuplicatesResponse:
        """Pairs of live accounts with one tax id, flagged at push (managers only)."""
        check_versions(body.protocol, body.schema_version)

        at = now()

        def work(conn: Connection) -> list[duplicates.DuplicatePair]:
            _manager(conn, who, at)
            return duplicates.open_pairs(conn)

        pairs = tx(work)
        return P.DuplicatesResponse(
            pairs=[
                P.DuplicatePair(
                    id=p.id,
                    tax_id=p.tax_id,
                    first_id=p.first_id,
                    second_id=p.second_id,
                    created_at=p.created_at,
                )
                for p in pairs
            ]
        )

    @api.post("/v1/accounts/duplicates/dismiss")
    def dismiss_duplicate(
        body: P.DismissRequest,
        who: who_dep,
    ) -> P.DuplicatesResponse:
        """Two different companies after all: the pair is no longer shown."""
        check_versions(body.protocol, body.schema_version)
        at = now()

        def work(conn: Connection) -> bool:
            _manager(conn, who, at)
            return duplicates.dismiss(conn, body.pair_id, at)

        if not tx(work):
            raise MergeError(404, "no_pair", "There is no open pair of duplicates with this id.")
        return duplicate_accounts(
            P.DuplicatesRequest(protocol=body.protocol, schema_version=body.schema_version), who
        )

    @api.post("/v1/accounts/merge")
    def merge_accounts(
        body: P.MergeRequest,
        who: who_dep,
    ) -> P.MergeResponse:
        """Merge one account into another; every laptop follows at its next sync."""
        check_versions(body.protocol, body.schema_version)
        at = now()

        def work(conn: Connection) -> account_merge.MergeOutcome:
            _manager(conn, who, at)
            return account_merge.merge(conn, who, body.survivor_id, body.merged_id, body.take, at)

        done = tx(work)
        return P.MergeResponse(
            survivor_id=done.survivor_id, survivor_version=done.survivor_version,
            moved=done.moved, taken=list(done.taken),
        )  # fmt: skip
