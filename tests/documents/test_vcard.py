"""Contacts as vCard 4.0, read back by a second parser (vobject)."""

from __future__ import annotations

from pathlib import Path

import vobject
from sqlalchemy.orm import Session

from crm_desktop.documents.vcard import cards, write_one_file, write_one_per_contact
from crm_desktop.services.accounts.accounts import add_contact
from tests.factories import make_account

LONG_NOTE = "Prefiere visitas los martes; pedir cita con 2 días, llamar antes. " * 3


def _contacts(session: Session) -> str:
    account = make_account(session, legal_name="Ferretería El Tornillo, S.A.S.")
    add_contact(
        session,
        account.id,
        {"first_name": "Lucía", "last_name": "Peña; Gómez", "job_title": "Jefa de compras",
         "mobile": "310 555 1234", "email": "lucia@tornillo.co", "notes": LONG_NOTE},
    )  # fmt: skip
    add_contact(session, account.id, {"first_name": "Andrés", "phone": "601 3456789"})
    return account.id


def test_one_file_reads_back(session: Session, tmp_path: Path) -> None:
    _contacts(session)
    path = write_one_file(tmp_path / "contactos.vcf", cards(session))
    raw = path.read_bytes()
    assert all(len(line) <= 75 for line in raw.split(b"\r\n"))  # folded by octets
    parsed = list(vobject.readComponents(raw.decode("utf-8")))
    assert [p.fn.value for p in parsed] == ["Andrés", "Lucía Peña; Gómez"]
    lucia = parsed[1]
    assert lucia.version.value == "4.0"
    assert lucia.n.value.family == "Peña; Gómez" and lucia.n.value.given == "Lucía"
    assert lucia.org.value == ["Ferretería El Tornillo, S.A.S."]
    assert lucia.title.value == "Jefa de compras"
    assert lucia.email.value == "lucia@tornillo.co"
    assert lucia.tel.value == "tel:+573105551234"
    assert lucia.note.value == LONG_NOTE.strip()  # unfolded and unescaped whole (as stored)
    assert lucia.uid.value.startswith("urn:uuid:")


def test_one_file_per_contact(session: Session, tmp_path: Path) -> None:
    account_id = _contacts(session)
    paths = write_one_per_contact(tmp_path / "vcf", cards(session, account_id))
    assert len(paths) == 2 and all(p.suffix == ".vcf" for p in paths)
    assert paths[1].name.startswith("Lucia-Pena-Gomez-")
    for path in paths:
        (card,) = vobject.readComponents(path.read_text("utf-8"))
        assert card.org.value == ["Ferretería El Tornillo, S.A.S."]
