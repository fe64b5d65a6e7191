"""Free text that may name a person misspelt ("Valentna", "Ospínal"): listed for the manager to
confirm before an erase, never erased on its own.

The erase takes out exact strings (the full name, e-mail, phones, and the first and last names
as whole words, case aside). A typo escapes it. Looking for near spellings is a guess: "Ospina"
is one letter from "Ospinal" and is another family's name, "Valentín" another person. So this
only finds the candidates — a word of the account's free text whose accent- and case-free form is
within one edit of a name part of five letters or more (two edits from nine letters), and is not
the exact part (the erase takes that) nor a name another live contact of the account bears — for
a person to read and decide; nothing here changes a row.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session, class_mapper

from crm_desktop.models import Contact
from crm_desktop.models.base import synced_classes
from crm_desktop.services.accounts.privacy import _of_account, _values, person_of
from crm_desktop.services.accounts.scrub import FREE_TEXT, name_parts

MIN_LETTERS = 5  # shorter names ("Ana", "Luis") are one letter from too many words
TWO_EDITS_FROM = 9


@dataclass(frozen=True)
class Mention:
    """A word that may be the person's name misspelt, where it is."""

    table: str
    row_id: str
    field: str
    word: str
    near: str  # the name part it resembles


def folded(word: str) -> str:
    """Without accents or case: "Ospínal" -> "ospinal"."""
    decomposed = unicodedata.normalize("NFKD", word)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


def edits(a: str, b: str, most: int) -> int:
    """Edit distance (insert, delete, replace, swap of neighbours), stopping above `most`."""
    if abs(len(a) - len(b)) > most:
        return most + 1
    before: list[int] = []
    row = list(range(len(b) + 1))
    for i, x in enumerate(a, 1):
        current = [i] + [0] * len(b)
        for j, y in enumerate(b, 1):
            current[j] = min(row[j] + 1, current[j - 1] + 1, row[j - 1] + (x != y))
            if i > 1 and j > 1 and x == b[j - 2] and a[i - 2] == y:
                current[j] = min(current[j], before[j - 2] + 1)
        before, row = row, current
        if min(row) > most:
            return most + 1
    return row[-1]


def resembles(word: str, part: str) -> bool:
    """Whether word may be part misspelt (not part itself, as the erase finds that)."""
    if len(part) < MIN_LETTERS or word.casefold() == part.casefold():
        return False
    a, b = folded(word), folded(part)
    if a == b:
        return True  # only accents differ: the erase's exact match misses it
    most = 2 if len(b) >= TWO_EDITS_FROM else 1
    return edits(a, b, most) <= most


def misspelt_mentions(session: Session, account_id: str, contact_id: str | None) -> list[Mention]:
    """Words of the account's free text that may name the person misspelt (see the module)."""
    person = person_of(session, account_id, contact_id)
    target = session.get(synced_classes()[person.table], person.row_id)
    parts = name_parts(person.table, _values(target)) if target is not None else []
    others = session.scalars(
        select(Contact).where(
            Contact.account_id == account_id,
            Contact.id != person.row_id,
            Contact.deleted_at.is_(None),
        )
    )
    taken = {folded(w) for c in others for w in name_parts("contacts", _values(c))}
    found: list[Mention] = []
    for table, model in sorted(synced_classes().items()):
        scope = _of_account(model, account_id)
        fields = [a.key for a in class_mapper(model).column_attrs if a.key in FREE_TEXT]
        if scope is None or not fields or not parts:
            continue
        for row in session.scalars(select(model).where(scope)):
            for field in fields:
                found += _in_text(table, row.id, field, getattr(row, field), parts, taken)
    return found


def _in_text(
    table: str, row_id: str, field: str, text: object, parts: list[str], taken: set[str]
) -> list[Mention]:
    if not isinstance(text, str):
        return []
    found = []
    for word in dict.fromkeys(re.findall(r"\w+", text)):
        if folded(word) in taken:
            continue
        near = next((p for p in parts if resembles(word, p)), None)
        if near is not None:
            found.append(Mention(table, row_id, field, word, near))
    return found
