"""Contacts as vCard 4.0 (RFC 6350): one .vcf holding many, or one file per contact.

Written by hand from the RFC (the few properties a contact has, escaped and folded at 75 octets)
and read back in the tests by a separate parser (vobject). Each card carries the account as ORG,
the row id as UID, so a card imported twice can be recognised.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.models import Account, Contact


@dataclass(frozen=True)
class Card:
    contact_id: str
    first_name: str
    last_name: str
    organization: str
    job_title: str | None
    phone: str | None
    mobile: str | None
    email: str | None
    note: str | None
    revised: datetime | None


def cards(session: Session, account_id: str | None = None) -> list[Card]:
    """Every live contact (of one account, when given), by account then name."""
    query = (
        select(Contact, Account.legal_name)
        .join(Account, Account.id == Contact.account_id)
        .where(Contact.deleted_at.is_(None), Account.deleted_at.is_(None))
        .order_by(Account.legal_name, Contact.first_name, Contact.last_name)
    )
    if account_id is not None:
        query = query.where(Contact.account_id == account_id)
    return [
        Card(
            c.id,
            c.first_name,
            c.last_name,
            org,
            c.job_title,
            c.phone,
            c.mobile,
            c.email,
            c.notes,
            c.updated_at or c.created_at,
        )
        for c, org in session.execute(query).tuples()
    ]


def _escape(text: str) -> str:
    return text.replace("\\", "\\\\").replace(",", "\\,").replace(";", "\\;").replace("\n", "\\n")


def _fold(line: str) -> str:
    """Lines longer than 75 octets continue on the next line after a space (RFC 6350 3.2),
    never splitting a UTF-8 character."""
    out, current, size = [], "", 0
    for char in line:
        width = len(char.encode("utf-8"))
        if size + width > 75:
            out.append(current)
            current, size = " ", 1
        current += char
        size += width
    out.append(current)
    return "\r\n".join(out)


def to_vcard(card: Card) -> str:
    lines = [
        "BEGIN:VCARD",
        "VERSION:4.0",
        f"UID:urn:uuid:{card.contact_id}",
        f"FN:{_escape(f'{card.first_name} {card.last_name}'.strip())}",
        f"N:{_escape(card.last_name)};{_escape(card.first_name)};;;",
        f"ORG:{_escape(card.organization)}",
    ]
    if card.job_title:
        lines.append(f"TITLE:{_escape(card.job_title)}")
    if card.phone:
        lines.append(f"TEL;VALUE=uri;TYPE=work,voice:tel:{card.phone}")
    if card.mobile:
        lines.append(f"TEL;VALUE=uri;TYPE=cell:tel:{card.mobile}")
    if card.email:
        lines.append(f"EMAIL;TYPE=work:{card.email}")
    if card.note:
        lines.append(f"NOTE:{_escape(card.note)}")
    if card.revised is not None:
        revised = card.revised if card.revised.tzinfo else card.revised.replace(tzinfo=UTC)
        lines.append(f"REV:{revised.astimezone(UTC).strftime('%Y%m%dT%H%M%SZ')}")
    lines.append("END:VCARD")
    return "".join(_fold(line) + "\r\n" for line in lines)


def write_one_file(path: Path, all_cards: Iterable[Card]) -> Path:
    path.write_bytes("".join(to_vcard(c) for c in all_cards).encode("utf-8"))
    return path


def _file_name(card: Card) -> str:
    plain = unicodedata.normalize("NFKD", f"{card.first_name} {card.last_name}")
    ascii_name = plain.encode("ascii", "ignore").decode()
    stem = re.sub(r"[^A-Za-z0-9]+", "-", ascii_name).strip("-") or "contacto"
    return f"{stem}-{card.contact_id[-8:]}.vcf"


def write_one_per_contact(folder: Path, all_cards: Iterable[Card]) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for card in all_cards:
        path = folder / _file_name(card)
        path.write_bytes(to_vcard(card).encode("utf-8"))
        written.append(path)
    return written
