"""Possible duplicates by name: an account to be created whose name is close to one already in
the same city ("Ferretería El Tornillo" and "FERRETERIA EL TORNILLO S.A.S." in Bogotá).

Names are compared without accents, case, punctuation and legal forms, with rapidfuzz's token
sort ratio; only names sharing the city, the first significant word and the first three letters
of the last one, and the same digits, are compared (blocking: a typo there is missed; "Tienda 1"
and "Tienda 2" are two shops), so a 100,000-line file against
100,000 accounts stays a matter of seconds. A warning, never a
refusal: two shops may share a name.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz, process
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crm_desktop.models import Account
from crm_desktop.services.accounts.accounts import same_tax_id
from crm_desktop.services.importing.mapping import normalise

THRESHOLD = 90
LEGAL_FORMS = {"sas", "s a s", "sa", "s a", "ltda", "srl", "s r l", "sca", "eu", "e u", "y", "cia"}
SMALL_WORDS = {"de", "del", "la", "las", "el", "los", "y", "e"}

Block = tuple[str, str, str, str]


def simple_name(name: str) -> str:
    """ "Ferretería El Tornillo S.A.S." -> "ferreteria el tornillo" """
    words = normalise(name.replace(".", "")).split()
    while words and words[-1] in LEGAL_FORMS:
        words.pop()
    return " ".join(words)


def _block(name: str, city: str | None) -> Block | None:
    significant = [w for w in name.split() if w not in SMALL_WORDS]
    if not significant or not city:
        return None
    digits = "".join(ch for ch in name if ch.isdigit())  # "Tienda 1" and "Tienda 2" differ
    return normalise(city), significant[0], significant[-1][:3], digits


class NameIndex:
    """Live accounts' simplified names by (city, first significant word, start of the last)."""

    def __init__(self) -> None:
        self.blocks: dict[Block, list[str]] = defaultdict(list)
        self.names: dict[tuple[Block, str], str] = {}

    @classmethod
    def load(cls, session: Session) -> NameIndex:
        index = cls()
        query = select(Account.legal_name, Account.city).where(Account.deleted_at.is_(None))
        index.add_all(session.execute(query).tuples())
        return index

    def add_all(self, accounts: Iterable[tuple[str, str | None]]) -> None:
        for legal_name, city in accounts:
            self.add(legal_name, city)

    def add(self, legal_name: str, city: str | None) -> None:
        simple = simple_name(legal_name)
        block = _block(simple, city)
        if block is not None and (block, simple) not in self.names:
            self.blocks[block].append(simple)
            self.names[(block, simple)] = legal_name

    def similar(self, legal_name: str, city: str | None) -> str | None:
        """The legal name of an account close to this one in the same city, if any."""
        simple = simple_name(legal_name)
        block = _block(simple, city)
        if block is None or block not in self.blocks:
            return None
        found = process.extractOne(
            simple, self.blocks[block], scorer=fuzz.token_sort_ratio, score_cutoff=THRESHOLD
        )
        return self.names[(block, found[0])] if found else None


@dataclass(frozen=True)
class PossibleTwin:
    """An account already here that the one being typed may be: same tax id, or a close name
    in the same city."""

    account_id: str
    legal_name: str
    by_tax_id: bool


def possible_twin(
    session: Session, values: dict[str, Any], own_id: str | None = None
) -> PossibleTwin | None:
    """Asked while the rep types (the tax id, the name, the city): a warning, never a refusal
    for the name (two shops may share one); the tax id is refused at save as before."""
    same = same_tax_id(session, values, own_id)
    if same is not None:
        return PossibleTwin(same[0], same[1], by_tax_id=True)
    name, city = values.get("legal_name"), values.get("city")
    if not name or not city or not str(city).strip():
        return None
    rows = session.execute(
        select(Account.id, Account.legal_name, Account.city).where(
            Account.deleted_at.is_(None),
            func.lower(Account.city) == str(city).strip().lower(),
            Account.id != (own_id or ""),
        )
    ).all()
    index = NameIndex()
    index.add_all((r.legal_name, r.city) for r in rows)
    found = index.similar(str(name), str(city))
    if found is None:
        return None
    account_id = next(r.id for r in rows if r.legal_name == found)
    return PossibleTwin(account_id, found, by_tax_id=False)
