"""Contacts from a .vcf (one card or many, vCard 3.0 and 4.0, and Outlook's 2.1) into the same
preview, batch and undo as the spreadsheet import.

Each card becomes one line of the preview: a contact for the account chosen by the user, or
else for the live account whose legal or trade name is the card's ORG. Its values go through the
forms' contact rules; a cell a spreadsheet would run is refused as in the wizard; a person the
account already has (same e-mail or same name) is skipped, so importing a file twice adds nothing.
"""

from __future__ import annotations

import quopri
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.i18n import N_
from crm_desktop.models import Account
from crm_desktop.services.core.cells import is_formula
from crm_desktop.services.core.errors import FieldProblem, ValidationError
from crm_desktop.services.core.rules import validate_row
from crm_desktop.services.importing.accounts_import import Preview, RowPlan
from crm_desktop.services.importing.batch import already_there
from crm_desktop.services.importing.similar import simple_name
from crm_desktop.services.importing.sources import (
    MAX_ROWS,
    ImportFileError,
    _check_size,
    _looks_binary,
    detect_encoding,
)

_LINE = re.compile(r"^(?:[A-Za-z0-9-]+\.)?([A-Za-z0-9-]+)((?:;[^:]*)?):(.*)$")
MOBILE_TYPES = {"cell", "mobile", "iphone"}


@dataclass(frozen=True)
class Card:
    """One vCard's values as contact fields, with the line it starts at and its ORG."""

    line: int
    org: str
    values: dict[str, str]


def _unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        ch = value[i]
        if ch == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
            continue
        out.append(ch)
        i += 1
    return "".join(out)


def _split(value: str, sep: str = ";") -> list[str]:
    """Components split on unescaped separators, each unescaped."""
    parts, current, i = [], [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            current.append(value[i : i + 2])
            i += 2
            continue
        if value[i] == sep:
            parts.append(_unescape("".join(current)))
            current = []
        else:
            current.append(value[i])
        i += 1
    parts.append(_unescape("".join(current)))
    return parts


def _unfold(text: str) -> list[tuple[int, str]]:
    """Logical lines with the number of the physical line each starts at (RFC 6350 folding,
    and vCard 2.1's quoted-printable soft breaks)."""
    lines: list[tuple[int, str]] = []
    for number, raw in enumerate(text.splitlines(), start=1):
        if raw[:1] in (" ", "\t") and lines:
            lines[-1] = (lines[-1][0], lines[-1][1] + raw[1:])
        elif lines and lines[-1][1].endswith("=") and "QUOTED-PRINTABLE" in lines[-1][1].upper():
            lines[-1] = (lines[-1][0], lines[-1][1][:-1] + raw)
        else:
            lines.append((number, raw))
    return lines


def _value(params: str, raw: str, charset: str) -> str:
    """vCard 2.1's quoted-printable values in their CHARSET (else UTF-8, else Windows-1252,
    which is what an old phone or Outlook in Spanish wrote)."""
    if "QUOTED-PRINTABLE" not in params.upper():
        return raw
    found = re.search(r"CHARSET=([A-Za-z0-9-]+)", params, re.IGNORECASE)
    data = quopri.decodestring(raw.encode("latin-1", "replace"))
    for name in (found.group(1) if found else charset, "utf-8", "cp1252"):
        try:
            return data.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("latin-1")


def parse_vcards(text: str, charset: str = "utf-8") -> list[Card]:
    """Every card of the text; ImportFileError with words if there is none or one is broken."""
    cards: list[Card] = []
    current: dict[str, Any] | None = None
    for number, line in _unfold(text):
        if not line.strip():
            continue
        match = _LINE.match(line)
        if match is None:
            continue  # not a property line: tolerated, as calendar and mail programs do
        name, params, raw = match.group(1).upper(), match.group(2), match.group(3)
        value = _value(params, raw, charset)
        if name == "BEGIN" and value.strip().upper() == "VCARD":
            if current is not None:
                raise ImportFileError(N_("The card that starts at line {line} never ends."),
                                      line=current["line"])  # fmt: skip
            current = {"line": number, "props": []}
        elif name == "END" and value.strip().upper() == "VCARD" and current is not None:
            cards.append(_card(current["line"], current["props"]))
            current = None
            if len(cards) > MAX_ROWS:
                raise ImportFileError(N_("The file has more than {limit} rows."), limit=MAX_ROWS)
        elif current is not None:
            current["props"].append((name, params, value))
    if current is not None:
        raise ImportFileError(N_("The card that starts at line {line} never ends."),
                              line=current["line"])  # fmt: skip
    if not cards:
        raise ImportFileError(N_("The file has no contact cards (BEGIN:VCARD)."))
    return cards


def _card(line: int, props: list[tuple[str, str, str]]) -> Card:
    values: dict[str, str] = {}
    org = ""
    full_name = ""
    for name, params, value in props:
        types = {t.lower() for t in re.findall(r"(?:TYPE=)?([A-Za-z]+)", params)}
        if name == "N":
            parts = [*_split(value), "", ""]
            values.setdefault("last_name", parts[0].strip())
            values.setdefault("first_name", " ".join(p for p in parts[1:3] if p.strip()).strip())
        elif name == "FN":
            full_name = _unescape(value).strip()
        elif name == "ORG":
            org = org or _split(value)[0].strip()
        elif name == "TITLE":
            values.setdefault("job_title", _unescape(value).strip())
        elif name == "EMAIL":
            values.setdefault("email", _unescape(value).strip().removeprefix("mailto:"))
        elif name == "TEL":
            number = _unescape(value).strip().removeprefix("tel:")
            values.setdefault("mobile" if types & MOBILE_TYPES else "phone", number)
        elif name == "NOTE":
            values.setdefault("notes", _unescape(value).strip())
    if not values.get("first_name") and full_name:  # a card with FN only (N is optional in 4.0)
        first, _, last = full_name.partition(" ")
        values["first_name"], values["last_name"] = first, values.get("last_name") or last
    return Card(line, org, {k: v for k, v in values.items() if v})


def read_vcards(path: Path, encoding: str | None = None) -> list[Card]:
    data = _check_size(path)
    if _looks_binary(data):
        raise ImportFileError(N_("This is not a text file: export the contacts as vCard (.vcf)."))
    charset = encoding or detect_encoding(data)
    return parse_vcards(data.decode(charset, "replace"), "utf-8" if "utf" in charset else charset)


def _accounts_by_name(session: Session) -> dict[str, str]:
    found: dict[str, str] = {}
    rows = session.execute(
        select(Account.id, Account.legal_name, Account.trade_name).where(
            Account.deleted_at.is_(None)
        )
    )
    for account_id, legal, trade in rows:
        for name in (legal, trade):
            if name:
                found.setdefault(simple_name(name), account_id)
    return found


def _problems(card: Card, target: str | None) -> list[FieldProblem]:
    problems = [
        FieldProblem(
            name,
            "formula",
            N_("The cell holds a spreadsheet formula ({start}…); it is not imported."),
            {"start": value[:12]},
        )
        for name, value in card.values.items()
        if is_formula(value)
    ]
    if target is None:
        problems.append(
            FieldProblem(
                "legal_name",  # shown as the account name ("Razón social: …")
                "no_account",
                N_("No account here is called “{org}”: choose the account."),
                {"org": card.org or "—"},
            )
        )
    return problems


def preview_vcards(session: Session, cards: list[Card], account_id: str | None = None) -> Preview:
    """One line per card: a contact for account_id, or for the account named by its ORG."""
    by_name = {} if account_id else _accounts_by_name(session)
    rows: list[RowPlan] = []
    for card in cards:
        target = (
            account_id or by_name.get(simple_name(card.org)) if card.org or account_id else None
        )
        problems = _problems(card, target)
        contact: dict[str, Any] = dict(card.values)
        if not problems:
            try:
                cleaned = validate_row("contacts", contact | {"account_id": target})
                contact = {k: v for k, v in cleaned.items() if k != "account_id"}
            except ValidationError as error:
                problems.extend(error.problems)
        if problems:
            action = "invalid"
        elif already_there(session, str(target), contact):
            action = "skip"
        else:
            action = "update"  # the account stays as it is; the contact is added to it
        rows.append(RowPlan(card.line, action, {}, contact, tuple(problems), target,
                            key=f"vcard:{card.line}"))  # fmt: skip
    return Preview(rows)
