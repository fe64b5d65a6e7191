"""A person erased at their request stays erased: no laptop's op may put them back.

A laptop that was offline during an erase still holds the person and may push an edit naming
them (their own row, a visit's note) after it. At the erase the server keeps, per request, keyed
hashes (HMAC-SHA256 under the server's key) of the strings that named the person — never the
strings themselves. An op on a row of that account whose new text holds one of them, or that
gives the erased row a personal field again, is refused with the reason: the laptop shows it,
and drops its own copy of the person when the erase reaches it in the same sync's pull.
Matching is by words (case aside): a full name, an e-mail, an address as a run of words, a phone
as a run of digits however spaced; a first or last name alone only in the free text of a row
about the person (their visits, or any row of a natural-person account).

The erase follows the person's rows wherever they go: an account merged into another brings its
erased people along (an op on the survivor is checked against them too, and a merge that would
carry the person's strings into an account where they were erased is refused row by row,
`merge_refusals`); the administrator's bulk import checks each line's identifiers (tax id,
e-mail, phones) against every erased person on the server (`ErasedIdentifiers`).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Connection, insert, select

from crm_desktop.i18n import N_
from crm_desktop.services.accounts.scrub import ANONYMIZED, FREE_TEXT, SKIP, personal_terms
from crm_desktop.sync.protocol import PushOp
from crm_server import rows as R
from crm_server.auth import token_key
from crm_server.batch import Batch
from crm_server.db.schema import account_merge_rows, account_merges, erased_people

REASON = (
    "This change would put back the data of a person erased at their request (Ley 1581 / Ley "
    "25.326): their name, e-mail or phone cannot return. Take them out of it and send it again, "
    "or discard it."
)
MAX_WORDS = 12  # longer terms (a long address) are matched by their digits or not at all
MAX_RUN = 6  # a phone spaced into at most this many groups


MAX_CHAIN = 20  # accounts merged into accounts merged into ... (account_merge.MAX_CHAIN)


@dataclass(frozen=True)
class Erased:
    table: str
    row_id: str
    terms: frozenset[str]
    parts: frozenset[str]
    lengths: frozenset[int]  # word counts of the terms (which n-grams of a text to look at)
    account_id: str = ""  # the account the person was erased in (merged into another since?)


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.casefold())


def _term_key(term: str) -> tuple[str, int] | None:
    words = _words(term)
    if not words or len(words) > MAX_WORDS:
        return None
    if all(w.isdigit() for w in words):
        return "d:" + "".join(words), 0
    return "t:" + " ".join(words), len(words)


def _digest(key: bytes, value: str) -> str:
    return hmac.new(key, f"erased:{value}".encode(), hashlib.sha256).hexdigest()[:32]


def remember(
    conn: Connection,
    request_id: str,
    account_id: str,
    person: tuple[str, str],
    terms: Iterable[str],
    parts: Iterable[str],
    now: float,
) -> None:
    """Keep the hashes of what named the person (called by the erase, in its transaction)."""
    key = token_key(conn)
    keys = [k for k in map(_term_key, terms) if k is not None]
    digests = {
        "terms": sorted({_digest(key, k) for k, _n in keys}),
        "lengths": sorted({n for _k, n in keys if n}),
        "parts": sorted({_digest(key, "p:" + p.casefold()) for p in parts}),
    }
    conn.execute(
        insert(erased_people).values(
            request_id=request_id,
            account_id=account_id,
            table_name=person[0],
            row_id=person[1],
            digests=json.dumps(digests),
            erased_at=now,
        )
    )


def _merged_into(conn: Connection, account_ids: Iterable[str]) -> dict[str, set[str]]:
    """Each account with every account merged into it, directly or through a chain of merges
    (one statement per link of the chain, for all the accounts at once)."""
    found = {account_id: {account_id} for account_id in account_ids}
    root_of = {account_id: {account_id} for account_id in found}  # an account -> its askers
    frontier = set(found)
    for _ in range(MAX_CHAIN):
        if not frontier:
            break
        query = select(account_merges.c.survivor_id, account_merges.c.merged_id).where(
            account_merges.c.survivor_id.in_(sorted(frontier))
        )
        step: set[str] = set()
        for survivor_id, merged_id in conn.execute(query):
            for asker in root_of.get(survivor_id, ()):
                if merged_id not in found[asker]:
                    found[asker].add(merged_id)
                    root_of.setdefault(merged_id, set()).add(asker)
                    step.add(merged_id)
        frontier = step
    return found


def _erased_of(row: Any) -> Erased:
    d = json.loads(row.digests)
    return Erased(row.table_name, row.row_id, frozenset(d["terms"]), frozenset(d["parts"]),
                  frozenset(d["lengths"]), row.account_id)  # fmt: skip


def preload(batch: Batch, account_ids: Iterable[str]) -> None:
    """The people erased in every account a push touches, or in any account merged into one
    of them since, in one statement per link of merges and one per 500 accounts (else
    statements per account, on first use)."""
    cache: dict[str, list[Erased]] = batch.memo.setdefault("erased", {})
    wanted = sorted(set(account_ids) - set(cache))
    for start in range(0, len(wanted), 500):
        chunk = wanted[start : start + 500]
        _load(batch, chunk, cache)


def _load(batch: Batch, account_ids: list[str], cache: dict[str, list[Erased]]) -> None:
    merged = _merged_into(batch.conn, account_ids)
    askers: dict[str, list[str]] = {}
    for asker, accounts in merged.items():
        cache[asker] = []
        for account_id in accounts:
            askers.setdefault(account_id, []).append(asker)
    query = select(erased_people).where(erased_people.c.account_id.in_(sorted(askers)))
    for row in batch.conn.execute(query):
        entry = _erased_of(row)
        for asker in askers.get(row.account_id, ()):
            cache[asker].append(entry)


def _entries(batch: Batch, account_id: str) -> list[Erased]:
    """The people erased in this account, or in any account merged into it since."""
    cache: dict[str, list[Erased]] = batch.memo.setdefault("erased", {})
    if account_id not in cache:
        _load(batch, [account_id], cache)
    return cache[account_id]


def _moved_from(batch: Batch, merged_id: str) -> set[tuple[str, str]]:
    """The rows a merge moved out of the account merged_id (the rows that were about it)."""
    cache: dict[str, set[tuple[str, str]]] = batch.memo.setdefault("moved_from", {})
    if merged_id not in cache:
        query = select(account_merge_rows.c.table_name, account_merge_rows.c.row_id).where(
            account_merge_rows.c.merged_id == merged_id
        )
        cache[merged_id] = {(t, r) for t, r in batch.conn.execute(query)}
    return cache[merged_id]


def _about(
    batch: Batch, entry: Erased, account_id: str, key: tuple[str, str], data: Mapping[str, Any]
) -> bool:
    """Whether a row is about the erased person (their first name alone is theirs there): a
    row of their own natural-person account, or a row pointing at them as its contact. After a
    merge, only the rows that came from their account are about a natural person erased there
    (the survivor's own rows are another client's)."""
    if data.get("contact_id") == entry.row_id:
        return True
    if entry.table != "accounts":
        return False
    return entry.account_id in ("", account_id) or key in _moved_from(batch, entry.account_id)


def _key(batch: Batch) -> bytes:
    if "key" not in batch.memo:
        batch.memo["key"] = token_key(batch.conn)
    key: bytes = batch.memo["key"]
    return key


def _text_keys(text: str, lengths: Iterable[int]) -> set[str]:
    """Every run of words of the terms' lengths, and every run of digit groups joined."""
    words = _words(text)
    found = {"t:" + " ".join(words[i : i + n]) for n in lengths for i in range(len(words) - n + 1)}
    for i, _word in enumerate(words):
        digits = ""
        for follower in words[i : i + MAX_RUN]:
            if not follower.isdigit():
                break
            digits += follower
            found.add("d:" + digits)
    return found


def refusal(batch: Batch, op: PushOp, row: R.Row | None) -> str | None:
    """REASON if the op would bring back a person erased in its account; else None."""
    if op.table == "privacy_requests" or op.op == "delete":
        return None
    data: dict[str, Any] = (dict(row.data) if row else {}) | dict(op.fields) | {"id": op.row_id}
    try:
        _owner, account_id = R.locate(batch.get, op.table, data)
    except (KeyError, TypeError, ValueError):
        return None
    entries = _entries(batch, account_id) if account_id else []
    for entry in entries:
        if (op.table, op.row_id) == (entry.table, entry.row_id) and _restores(entry.table, op):
            return REASON
        about = _about(batch, entry, str(account_id), (op.table, op.row_id), data)
        if _names(batch, entry, op.table, op.fields, data, about):
            return REASON
    return None


def _restores(table: str, op: PushOp) -> bool:
    """A personal field of the erased row given any value but its placeholder."""
    placeholders = ANONYMIZED.get(table, {})
    return any(
        name in op.fields and op.fields[name] not in (value, None, "")
        for name, value in placeholders.items()
    )


def _names(
    batch: Batch,
    entry: Erased,
    table: str,
    fields: Mapping[str, Any],
    data: Mapping[str, Any],
    about: bool,
) -> bool:
    """Whether the new values (fields) of a row (data: the whole row) name the person."""
    key = _key(batch)
    texts = [(n, v) for n, v in fields.items()
             if isinstance(v, str) and n not in SKIP and not n.endswith("_id")]  # fmt: skip
    if table == "contacts" and {"first_name", "last_name"} & set(fields):
        whole = f"{data.get('first_name') or ''} {data.get('last_name') or ''}"
        texts.append(("name", whole))
    for name, value in texts:
        keys = _text_keys(value, entry.lengths)
        if any(_digest(key, k) in entry.terms for k in keys):
            return True
        by_part = about and name in FREE_TEXT and entry.parts
        if by_part and any(_digest(key, "p:" + w) in entry.parts for w in set(_words(value))):
            return True
    return False


def known(conn: Connection, request_id: str) -> bool:
    query = select(erased_people.c.request_id).where(erased_people.c.request_id == request_id)
    return conn.execute(query).first() is not None


# -- a manager's merge -------------------------------------------------------------------------
MERGE_WORDS = (
    "This merge would put back the data of a person erased at their request (Ley 1581 / Ley "
    "25.326) in the account that stays: the records listed name them. Take them out of those "
    "records (or delete them), then merge again; nothing was merged."
)


def merge_refusals(
    batch: Batch,
    survivor_id: str,
    taken: Mapping[str, Any],
    moving: Iterable[R.Row],
) -> dict[str, str]:
    """What of a merge would name a person erased in the survivor (or in an account merged into
    it before): the fields it takes from the other account and each row it moves there, by
    "table row_id" (no value: the words must not repeat what was erased). Rows of the merged
    account are weighed as they would sit in the survivor."""
    entries = _entries(batch, survivor_id)
    if not entries:
        return {}
    found: dict[str, str] = {}
    survivor = batch.get("accounts", survivor_id)
    whole = (dict(survivor.data) if survivor else {}) | dict(taken)
    for entry in entries:
        if entry.table == "accounts" and entry.row_id == survivor_id:
            names = [n for n in taken if n in ANONYMIZED["accounts"]]
            if any(taken[n] not in (ANONYMIZED["accounts"][n], None, "") for n in names):
                found[f"accounts {survivor_id}"] = REASON
        if _names(batch, entry, "accounts", taken, whole, entry.account_id == survivor_id):
            found[f"accounts {survivor_id}"] = REASON
    for row in moving:
        if row.deleted:
            continue  # a tombstone: nothing of it shows in the survivor
        data = dict(row.data) | {"account_id": survivor_id}
        for entry in entries:
            about = data.get("contact_id") == entry.row_id or (
                entry.table == "accounts" and entry.account_id == survivor_id
            )
            if _names(batch, entry, row.table, row.data, data, about):
                found[f"{row.table} {row.row_id}"] = REASON
                break
    return found


# -- the administrator's bulk import -----------------------------------------------------------
IMPORT_WORDS = N_(
    "This is the data of a person erased at their request (Ley 1581 / Ley 25.326), which cannot "
    "return: take them out of the file. The line was not imported."
)
CONTACT_WORDS = N_(
    "This is the data of a person erased at their request (Ley 1581 / Ley 25.326), which cannot "
    "return: take them out of the file."
)
IDENTIFIERS: dict[str, tuple[str, ...]] = {
    "accounts": ("tax_id", "email", "phone"),
    "contacts": ("email", "phone", "mobile"),
}


class ErasedIdentifiers:
    """The hashes of everything that named a person erased anywhere on the server, to check a
    bulk import's lines by their identifiers (tax id, e-mail, phones): a new account of the
    import may belong to anyone, so a name alone there is not a match (it may be another
    person's), as for a push outside the erased person's account."""

    def __init__(self, conn: Connection) -> None:
        self._key = token_key(conn)
        self._terms: set[str] = set()
        for raw in conn.scalars(select(erased_people.c.digests)):
            self._terms.update(json.loads(raw)["terms"])

    def matched(self, table: str, values: Mapping[str, Any]) -> str | None:
        """The first identifier of values (a line's account or contact) that an erased person
        had, by field name; None if none."""
        if not self._terms:
            return None
        for name in IDENTIFIERS.get(table, ()):
            value = values.get(name)
            if not isinstance(value, str) or not value.strip():
                continue
            for term in personal_terms("accounts", {"email": value.strip()}):  # its spellings
                found = _term_key(term)
                if found and _digest(self._key, found[0]) in self._terms:
                    return name
        return None
