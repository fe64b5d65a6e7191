"""Contacts from .vcf files (vCard 2.1, 3.0 and 4.0) through the import's preview, batch and
undo, on a real database with its outbox; our own vCard export read back by the importer."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.database import Database
from crm_desktop.documents import vcard as vcard_export
from crm_desktop.models import Contact
from crm_desktop.services.core.crud import unit_of_work
from crm_desktop.services.importing import batch
from crm_desktop.services.importing.accounts_import import Options
from crm_desktop.services.importing.sources import ImportFileError
from crm_desktop.services.importing.vcards import parse_vcards, preview_vcards, read_vcards
from tests.factories import make_account

# As Outlook, an iPhone and a sales assistant's old phone write them.
CARDS = (
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Gómez Ruiz;María José;;;\r\nFN:María José Gómez Ruiz\r\n"
    "ORG:Ferretería El Tornillo S.A.S.;Compras\r\nTITLE:Jefe de compras\\, zona norte\r\n"
    "item1.EMAIL;TYPE=INTERNET,WORK:mjgomez@tornillo.com.co\r\nTEL;TYPE=CELL:+57 310 555 01\r\n"
    " 23\r\nTEL;TYPE=WORK,VOICE:601 3456789\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:4.0\r\nFN:Pedro Páramo\r\nORG:FERRETERIA EL TORNILLO\r\n"
    "EMAIL:pparamo@tornillo.com.co\r\nTEL;VALUE=uri;TYPE=voice:tel:+57-601-555-0000\r\n"
    "NOTE:Llamar antes de las 10\\nNo los viernes\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:2.1\r\nN;CHARSET=ISO-8859-1;ENCODING=QUOTED-PRINTABLE:Ni=F1o;Jos=E9\r\n"
    "ORG;ENCODING=QUOTED-PRINTABLE:Ferreter=EDa El Tornillo S.A.S.\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Pérez;Ana\r\nORG:Empresa que no existe\r\nEND:VCARD\r\n"
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Ruiz;Luis\r\nORG:Ferretería El Tornillo S.A.S.\r\n"
    'NOTE:=HYPERLINK("http://x";"y")\r\nEND:VCARD\r\n'
    "BEGIN:VCARD\r\nVERSION:3.0\r\nN:Díaz;Eva\r\nORG:Ferretería El Tornillo S.A.S.\r\n"
    "EMAIL:no-es-un-correo\r\nEND:VCARD\r\n"
)


def _tornillo(session: Session) -> str:
    return make_account(session, legal_name="Ferretería El Tornillo S.A.S.").id


def _live_contacts(session: Session, account_id: str) -> list[str]:
    return sorted(
        f"{c.first_name} {c.last_name}".strip()
        for c in session.scalars(
            select(Contact).where(Contact.account_id == account_id, Contact.deleted_at.is_(None))
        )
    )


def test_cards_of_three_versions_are_read_with_their_fields() -> None:
    cards = parse_vcards(CARDS)
    first, second = cards[0], cards[1]
    assert first.values == {
        "first_name": "María José", "last_name": "Gómez Ruiz",
        "job_title": "Jefe de compras, zona norte", "email": "mjgomez@tornillo.com.co",
        "mobile": "+57 310 555 0123", "phone": "601 3456789",
    }  # fmt: skip
    assert first.org == "Ferretería El Tornillo S.A.S." and first.line == 1
    assert second.values["first_name"] == "Pedro" and second.values["last_name"] == "Páramo"
    assert second.values["phone"] == "+57-601-555-0000"
    assert second.values["notes"] == "Llamar antes de las 10\nNo los viernes"
    assert cards[2].values == {"first_name": "José", "last_name": "Niño"}  # 2.1, Latin-1 QP


def test_preview_import_undo_and_a_second_import_adds_nothing(
    database: Database, tmp_path: Path
) -> None:
    path = tmp_path / "contactos.vcf"
    path.write_text(CARDS, encoding="utf-8")
    with unit_of_work(database.sessions) as s:
        account_id = _tornillo(s)
    with database.sessions() as s:
        plan = preview_vcards(s, read_vcards(path))
    # Names match without case, accents or legal form ("FERRETERIA EL TORNILLO").
    assert [r.action for r in plan.rows] == [
        "update", "update", "update", "invalid", "invalid", "invalid"
    ]  # fmt: skip
    assert "Empresa que no existe" in plan.rows[3].problem_texts("en")[0]
    assert "choose the account" in plan.rows[3].problem_texts("en")[0]
    assert "formula" in plan.rows[4].problem_texts("en")[0]
    assert "e-mail" in " ".join(plan.rows[5].problem_texts("en")).lower()
    with pytest.raises(batch.ImportRefused), unit_of_work(database.sessions) as s:
        batch.run(s, plan, Options(all_or_nothing=True), path.name)
    with unit_of_work(database.sessions) as s:
        journal = batch.run(s, plan, Options(), path.name)
    assert len(journal.created["contacts"]) == 3
    with database.sessions() as s:
        assert _live_contacts(s, account_id) == [
            "José Niño", "María José Gómez Ruiz", "Pedro Páramo"
        ]  # fmt: skip
        again = preview_vcards(s, read_vcards(path))
    assert [r.action for r in again.rows[:3]] == ["skip"] * 3  # the same people: skipped
    with unit_of_work(database.sessions) as s:
        batch.undo(s, batch.Journal.load(s, journal.batch_id))
    with database.sessions() as s:
        assert _live_contacts(s, account_id) == []


def test_the_chosen_account_takes_every_card_and_our_export_reads_back(
    database: Database, tmp_path: Path
) -> None:
    with unit_of_work(database.sessions) as s:
        source = _tornillo(s)
        target = make_account(
            s, legal_name="Otra Empresa S.A.S.", tax_id=None, kind="natural_person"
        ).id
    path = tmp_path / "entrada.vcf"
    path.write_text(CARDS, encoding="utf-8")
    with unit_of_work(database.sessions) as s:
        batch.run(s, preview_vcards(s, read_vcards(path)), Options(), path.name)
        out = vcard_export.write_one_file(tmp_path / "salida.vcf", vcard_export.cards(s, source))
    with database.sessions() as s:
        plan = preview_vcards(s, read_vcards(out), account_id=target)
    assert [r.action for r in plan.rows] == ["update"] * 3
    with unit_of_work(database.sessions) as s:
        batch.run(s, plan, Options(), out.name)
    with database.sessions() as s:
        assert _live_contacts(s, target) == _live_contacts(s, source)
        mobile = select(Contact.mobile).where(
            Contact.account_id == target, Contact.first_name == "María José"
        )
        assert s.scalar(mobile) == "+573105550123"  # stored as the rules clean it


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"", "empty"),
        (b"\x00\x01\x02PK", "not a text file"),
        (b"hola, esto no es una tarjeta\n", "no contact cards"),
        (b"BEGIN:VCARD\nVERSION:3.0\nN:Solo;Inicio\n", "never ends"),
    ],
)
def test_bad_files_get_words(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "mala.vcf"
    path.write_bytes(content)
    with pytest.raises(ImportFileError) as caught:
        read_vcards(path)
    assert words in caught.value.text("en")
    assert caught.value.text("es") != caught.value.text("en")  # said in Spanish too
