"""The server checks every op whole, whatever a laptop (or an attacker) sends (raw HTTP)."""

from __future__ import annotations

import uuid

import pytest

from tests.sync.harness import ServerDb, ServerProcess, add_user
from tests.sync.raw import RawRep
from tests.sync.serverdb import server_row


def _rep(server: ServerProcess, server_db: ServerDb) -> RawRep:
    add_user(server_db, "ana")
    return RawRep.sign_in(server, "ana")


def _contact(account_id: str, **extra: object) -> dict[str, object]:
    return {"account_id": account_id, "first_name": "Marta", "last_name": "Ríos"} | extra


@pytest.mark.parametrize(
    ("extra", "field"),
    [
        ({"created_at": "garbage"}, "created_at"),
        ({"updated_at": "2026-11-30T10:00:00+00:00"}, "updated_at"),
        ({"server_version": 7}, "server_version"),
        ({"deleted_at": "garbage"}, "deleted_at"),
        ({"deleted_at": "2026-11-30T10:00:00"}, "deleted_at"),  # no time zone
        ({"deleted_at": "0001-01-01T00:00:00+14:00"}, "deleted_at"),  # before year 1 in UTC
        ({"favourite_colour": "blue"}, "favourite_colour"),
        ({"is_primary": "yes"}, "is_primary"),
        ({"first_name": None}, "first_name"),
        ({"job_title": "x" * 121}, "job_title"),
    ],
)
def test_poison_fields_are_refused_per_op_and_the_batch_goes_on(
    server: ServerProcess, server_db: ServerDb, extra: dict[str, object], field: str
) -> None:
    rep = _rep(server, server_db)
    acc = rep.new_account()
    bad, good = str(uuid.uuid4()), str(uuid.uuid4())
    first, second = rep.push(
        rep.op("contacts", bad, "insert", _contact(acc, **extra)),
        rep.op("contacts", good, "insert", _contact(acc)),
    )
    assert first["status"] == "refused" and field in first["problems"], first
    assert field in first["reason"]
    assert second["status"] == "applied"
    assert server_row(server_db, "contacts", bad) is None


def test_a_delete_carries_nothing_but_the_delete_and_gets_the_servers_time(
    server: ServerProcess, server_db: ServerDb
) -> None:
    rep = _rep(server, server_db)
    acc = rep.new_account()
    contact = str(uuid.uuid4())
    rep.push(rep.op("contacts", contact, "insert", _contact(acc)))
    sneaky, words, plain = rep.push(
        rep.op("contacts", contact, "delete", {"deleted_at": None, "first_name": "X"}, 1),
        rep.op("contacts", contact, "delete", {"deleted_at": "yesterday"}, 1),
        rep.op("contacts", contact, "delete", {"deleted_at": "1999-01-01T00:00:00+00:00"}, 1),
    )
    assert sneaky["status"] == "refused" and "first_name" in sneaky["problems"]
    assert words["status"] == "refused" and "deleted_at" in words["problems"]
    assert plain["status"] == "applied"
    stored = server_row(server_db, "contacts", contact)
    assert stored is not None and stored["deleted_at"] > "2026"  # the server's time, not 1999
    disguised = rep.push(
        rep.op("contacts", contact, "update", {"deleted_at": "2030-01-01T00:00:00+00:00"}, 2)
    )[0]
    assert disguised["status"] in ("refused", "conflict")


def test_a_record_larger_than_the_row_limit_is_refused(
    server: ServerProcess, server_db: ServerDb
) -> None:
    rep = _rep(server, server_db)
    acc = rep.new_account()
    quote = str(uuid.uuid4())
    rep.push(rep.op("quotes", quote, "insert", _quote(acc, "ANA-L1-000009")))
    big = {"quote_id": quote, "revision": 2, "snapshot": "€" * 400_000, "total": "0"}
    small = big | {"snapshot": "{}", "revision": 3}
    refused, fine = rep.push(
        rep.op("quote_revisions", str(uuid.uuid4()), "insert", big),
        rep.op("quote_revisions", str(uuid.uuid4()), "insert", small),
    )
    assert refused["status"] == "refused" and "too large" in refused["reason"]
    assert fine["status"] == "applied"


def _quote(account_id: str, number: str) -> dict[str, object]:
    return {
        "account_id": account_id, "number": number, "status": "draft", "currency": "COP",
        "exchange_rate": "1", "language": "es", "issued_on": "2026-11-30",
        "valid_until": "2026-12-30",
    }  # fmt: skip


def test_the_laptops_unique_keys_hold_on_the_server(
    server: ServerProcess, server_db: ServerDb
) -> None:
    rep = _rep(server, server_db)
    acc = rep.new_account()
    q1, q2 = str(uuid.uuid4()), str(uuid.uuid4())
    first, second = rep.push(
        rep.op("quotes", q1, "insert", _quote(acc, "ANA-L1-000001")),
        rep.op("quotes", q2, "insert", _quote(acc, "ANA-L1-000001")),
    )
    assert first["status"] == "applied"
    assert second["status"] == "refused" and "ANA-L1-000001" in second["reason"]
    assert "number" in second["problems"]
    renumbered = rep.push(rep.op("quotes", q2, "insert", _quote(acc, "ANA-L2-000001")))[0]
    assert renumbered["status"] == "applied"
    stolen = rep.push(rep.op("quotes", q2, "update", {"number": "ANA-L1-000001"}, 1))[0]
    assert stolen["status"] == "refused"

    snapshot = {"quote_id": q1, "revision": 2, "snapshot": "{}", "total": "0"}
    r1, r2 = rep.push(
        rep.op("quote_revisions", str(uuid.uuid4()), "insert", snapshot),
        rep.op("quote_revisions", str(uuid.uuid4()), "insert", snapshot),
    )
    assert r1["status"] == "applied"
    assert r2["status"] == "refused" and "revision 2" in r2["reason"]


def test_a_second_rule_reminder_with_another_id_is_refused(
    server: ServerProcess, server_db: ServerDb
) -> None:
    rep = _rep(server, server_db)
    acc = rep.new_account()
    reminder = {
        "account_id": acc, "owner_id": rep.user_id, "title": "Call them",
        "due_at": "2026-12-01T14:00:00+00:00", "source": "rule",
        "rule_key": f"news:{acc}:2026-12-01",
    }  # fmt: skip
    same_id = str(uuid.uuid4())
    first, again, other = rep.push(
        rep.op("reminders", same_id, "insert", reminder),
        rep.op("reminders", same_id, "insert", reminder),  # the same row from a second laptop
        rep.op("reminders", str(uuid.uuid4()), "insert", reminder),
    )
    assert first["status"] == "applied"
    assert again["status"] in ("duplicate", "merged", "applied")
    assert other["status"] == "refused" and "rule_key" in other["problems"]


def test_numbers_out_of_any_range_are_refused_not_a_500(
    server: ServerProcess, server_db: ServerDb
) -> None:
    rep = _rep(server, server_db)
    acc = rep.new_account()
    huge, tiny, fine = (
        rep.op("quotes", str(uuid.uuid4()), "insert", _quote(acc, f"N-{i}") | {"exchange_rate": v})
        for i, v in enumerate(("9e999999", "1e-999999999", "4100.5"))
    )
    first, second, third = rep.push(huge, tiny, fine)
    assert first["status"] == "refused" and "exchange_rate" in first["problems"]
    assert second["status"] == "refused" and "exchange_rate" in second["problems"]
    assert third["status"] == "applied"
