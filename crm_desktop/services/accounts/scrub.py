"""Erasing a person from rows: which strings name them, and rows with those strings replaced.

Pure functions over a row's values (codec JSON scalars), shared by the laptop and the server so
both arrive at the same values. The person's own row gets its personal fields replaced by a
placeholder; every other row of the account keeps its figures and loses each string that names
the person (full name, e-mail, phones, tax id, address), wherever it stands: notes, subjects,
reminders, a quote revision's frozen snapshot (JSON, so the escaped spelling is replaced too).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping, Sequence
from typing import Any

PLACEHOLDER = "[anonimizado]"
ANONYMOUS_NAME = "Titular anonimizado"
MIN_TERM = 4  # shorter strings would wipe unrelated words
MIN_DIGITS = 7  # a phone or id number in digits only
MIN_PART = 3  # a first or last name alone, as a whole word ("Ana", never inside "Anaconda")
SKIP = frozenset({"id", "created_at", "updated_at", "deleted_at", "server_version"})
# Free text, where a person is named by their first (or last) name alone: "Valentina pidió...".
FREE_TEXT = frozenset({"notes", "body", "subject", "title", "purpose", "description", "vision",
                       "reason", "rejection_reason", "resolution"})  # fmt: skip

# The person's own row: every field that identifies them, and what it becomes.
ANONYMIZED: dict[str, dict[str, Any]] = {
    "contacts": {
        "first_name": ANONYMOUS_NAME, "last_name": "", "job_title": None, "phone": None,
        "mobile": None, "email": None, "notes": None,
    },
    "accounts": {
        "legal_name": ANONYMOUS_NAME, "trade_name": None, "tax_id": None, "address": None,
        "phone": None, "email": None, "website": None, "legal_representative": None,
        "notes": None, "vision": None, "consent_marketing": False, "consent_marketing_at": None,
    },
}  # fmt: skip
# The fields whose values name the person (the terms looked for in every other row).
NAMING: dict[str, tuple[str, ...]] = {
    "contacts": ("email", "phone", "mobile"),
    "accounts": ("legal_name", "trade_name", "tax_id", "email", "phone", "address",
                 "legal_representative", "website"),
}  # fmt: skip


def personal_terms(table: str, data: Mapping[str, Any]) -> list[str]:
    """The strings that name the person of this row, longest first (so a full name goes before
    a part of it); digits-only spellings of phones and ids are included."""
    found: set[str] = set()
    if table == "contacts":
        first, last = str(data.get("first_name") or ""), str(data.get("last_name") or "")
        found |= {f"{first} {last}".strip(), f"{last} {first}".strip(), f"{last}, {first}"}
    for name in NAMING.get(table, ()):
        value = data.get(name)
        if isinstance(value, str):
            found |= _spellings_of(value.strip())
    terms = {t for t in found if len(t) >= MIN_TERM and t != ANONYMOUS_NAME}
    return sorted(terms, key=lambda t: (-len(t), t))


def name_parts(table: str, data: Mapping[str, Any]) -> list[str]:
    """The person's first and last names, word by word ("Valentina", "Ospinal"): looked for as
    whole words in free text only, where a note says "Valentina pidió...". For a natural-person
    account, the words of its legal name."""
    if table == "contacts":
        names = [data.get("first_name"), data.get("last_name")]
    elif table == "accounts" and data.get("kind") == "natural_person":
        names = [data.get("legal_name")]
    else:
        return []
    words = {w for n in names if isinstance(n, str) for w in re.findall(r"\w+", n)}
    skip = {w.casefold() for w in ANONYMOUS_NAME.split()}
    found = {
        w for w in words if len(w) >= MIN_PART and not w.isdigit() and w.casefold() not in skip
    }
    return sorted(found, key=lambda t: (-len(t), t))


def _spellings_of(value: str) -> set[str]:
    """A value, and for a phone (stored as +573105550199) its national number too: a note says
    "310 555 0199" (numbers match however they are spaced, see _regex)."""
    found = {value}
    digits = re.sub(r"\D", "", value)
    if len(digits) >= MIN_DIGITS and len(digits) * 2 >= len(re.sub(r"\s", "", value)):
        found.add(digits)
        if value.startswith("+"):
            found.add(_national(value) or digits)
    return found


def _national(phone: str) -> str | None:
    import phonenumbers

    try:
        return str(phonenumbers.parse(phone, None).national_number)
    except phonenumbers.NumberParseException:
        return None


def _pattern(terms: list[str]) -> re.Pattern[str] | None:
    spellings: set[str] = set()
    for term in terms:
        spellings.add(term)
        spellings.add(json.dumps(term)[1:-1])  # as an ASCII-escaped JSON text holds it
    if not spellings:
        return None
    ordered = sorted(spellings, key=lambda t: (-len(t), t))
    return re.compile("|".join(_regex(t) for t in ordered), re.IGNORECASE)


def _regex(term: str) -> str:
    """A number matches however it is spaced ("310 555 0199", "310-555-0199"), never inside a
    longer number; any other term matches as written (case aside)."""
    if term.isdigit():
        return r"(?<!\d)" + r"[\s.\-]?".join(term) + r"(?!\d)"
    return re.escape(term)


def _parts_pattern(parts: list[str]) -> re.Pattern[str] | None:
    if not parts:
        return None
    ordered = sorted(set(parts), key=lambda t: (-len(t), t))
    return re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, ordered)) + r")(?!\w)", re.I)


def scrub_text(value: str, terms: list[str], parts: list[str] | None = None) -> str:
    for pattern in (_pattern(terms), _parts_pattern(parts or [])):
        if pattern is not None:
            value = pattern.sub(PLACEHOLDER, value)
    return value


def scrub_data(
    table: str,
    data: Mapping[str, Any],
    terms: list[str],
    is_person: bool = False,
    parts: list[str] | None = None,
) -> dict[str, Any]:
    """The fields of a row that change: the person's own row gets its placeholders; any row
    loses every string naming them, and its free text (notes, subjects...) the person's first
    and last names alone (`parts`). Figures, dates and ids are never touched."""
    pattern, by_part = _pattern(terms), _parts_pattern(parts or [])
    changed: dict[str, Any] = {}
    if is_person:
        changed = {k: v for k, v in ANONYMIZED.get(table, {}).items() if k in data and data[k] != v}
    for name, value in data.items():
        if name in SKIP or name.endswith("_id") or name in changed or not isinstance(value, str):
            continue
        scrubbed = pattern.sub(PLACEHOLDER, value) if pattern else value
        if by_part is not None and name in FREE_TEXT:
            scrubbed = by_part.sub(PLACEHOLDER, scrubbed)
        if scrubbed != value:
            changed[name] = scrubbed
    return changed


def parts_for(
    parts: list[str], others: Sequence[Mapping[str, Any]], refers_to_person: bool
) -> list[str]:
    """The name parts to erase from a row: all of them in a row about the person (its contact is
    them, or the person is the account); otherwise only those no other contact of the account
    bears (a note's "Valentina" may be the other Valentina)."""
    if refers_to_person:
        return parts
    taken = {w.casefold() for o in others for w in name_parts("contacts", o)}
    return [p for p in parts if p.casefold() not in taken]


def names_person(text: str, terms: list[str]) -> bool:
    pattern = _pattern(terms)
    return bool(pattern and pattern.search(text))


def scrub_fields_json(
    table: str, raw: str, terms: list[str], is_person: bool, parts: list[str] | None = None
) -> str:
    """A JSON object of a row's fields (an outbox op, a change-log entry), scrubbed like the row
    itself: the person's own row by field (its first and last name apart included)."""
    try:
        fields = json.loads(raw)
    except ValueError:
        return scrub_text(raw, terms, parts)
    if not isinstance(fields, dict):
        return scrub_text(raw, terms, parts)
    changes = scrub_data(table, fields, terms, is_person, parts)
    return json.dumps(fields | changes, ensure_ascii=False) if changes else raw


def person_value(table: str, field: str | None) -> tuple[bool, Any]:
    """(whether the field identifies the person, what it becomes) in their own row."""
    placeholders = ANONYMIZED.get(table, {})
    return (field in placeholders, placeholders.get(field or ""))


def like_spellings(terms: list[str], parts: list[str] | None = None) -> set[str]:
    """Substrings for a database's LIKE to find candidate rows (the pattern then decides): each
    term as written and JSON-escaped, and for a number its last four digits (it may be spaced)."""
    found: set[str] = set()
    for term in [*terms, *(parts or [])]:
        if term.isdigit():
            found.add(term[-4:])
        else:
            found |= {term, json.dumps(term)[1:-1]}
    return found
