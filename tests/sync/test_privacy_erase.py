"""An erase request made on one laptop leaves no trace of the person on the server or on any
other laptop once they have synced (real server, two laptops), with the audit entry everywhere.

Traces are looked for as an attacker would: in every byte of each laptop's database file (and
its -wal), the FTS index, the outbox, and old quote snapshots; on the server in every text of
every table (rows, change log, stored push results, conflicts).
"""

from __future__ import annotations

import json
from datetime import timedelta
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import MetaData, select

from crm_desktop.clock import clock_of
from crm_desktop.models import (
    Activity,
    Contact,
    PrivacyRequest,
    Quote,
    QuoteRevision,
    Reminder,
    Visit,
)
from crm_desktop.services.accounts.accounts import add_contact, create_account
from crm_desktop.services.accounts.privacy import anonymize_person, erase_leftovers
from crm_desktop.services.activity.visits import plan_visit
from crm_desktop.services.core import crud
from crm_desktop.services.quotes.quote_status import new_revision, send_quote
from crm_desktop.services.quotes.quotes import add_line, create_quote
from crm_server.db.schema import sync_rows
from tests.factories import account_values
from tests.secure.pages import plain_pages
from tests.services.quote_fixtures import make_catalog
from tests.sync.harness import Laptop, ServerDb, ServerProcess, add_user, make_laptop

NAME, EMAIL = "Valentina Ospinal", "valentina.ospinal@tornillo.co"
PHONE_DIGITS = "3105550199"


def _traces(blob: str) -> list[str]:
    low = blob.lower()
    return [
        t for t in ("valentina ospinal", "ospinal", EMAIL, PHONE_DIGITS, "310 555 0199") if t in low
    ]


def _file_traces(laptop: Laptop) -> list[str]:
    """The person in the file's pages, decrypted (ciphertext would hide them either way): live
    rows, free pages, the -wal's frames and the .bak."""
    laptop.db.engine.dispose()  # as the program leaves the file: the -wal checkpointed
    path = laptop.db.path
    found = []
    for part in (path, Path(f"{path}-wal"), Path(f"{path}.bak")):
        if part.exists():
            plain = plain_pages(path, part)
            if part == path:
                assert b"CREATE TABLE" in plain  # the pages really were decrypted
            found += [f"{part.name}:{t}" for t in _traces(plain.decode("latin-1"))]
    return found


def _server_traces(db: ServerDb) -> list[str]:
    meta = MetaData()
    meta.reflect(db.engine)
    found = []
    with db.engine.connect() as conn:
        for table in meta.sorted_tables:
            for row in conn.execute(select(table)):
                found += [f"{table.name}:{t}" for t in _traces(" ".join(map(str, row)))]
    return found


def _setup(tmp_path: Path, template_db: Path, server: ServerProcess, db: ServerDb):  # type: ignore[no-untyped-def]
    rep = add_user(db, "ana")
    add_user(db, "boss", "manager")
    boss = make_laptop("b", tmp_path, template_db, server, "boss")
    with boss.tx() as s:
        catalog = make_catalog(s)  # the catalog is the managers' to make
    boss.sync()
    ana = make_laptop("a", tmp_path, template_db, server, "ana")
    with ana.tx() as s:
        account = create_account(
            s, account_values(owner_id=rep, legal_name="Ferretería El Tornillo S.A.S.")
        )
        contact = add_contact(
            s,
            account.id,
            {
                "first_name": "Valentina",
                "last_name": "Ospinal",
                "email": EMAIL,
                "phone": "310 555 0199",
                "job_title": "Compras",
            },
        )
        now = clock_of(s).now()
        plan_visit(
            s,
            {
                "account_id": account.id,
                "contact_id": contact.id,
                "owner_id": rep,
                "planned_at": now + timedelta(days=2),
                "notes": f"Reunión con {NAME} sobre el pedido de tornillos.",
            },
        )
        crud.create(
            s,
            Activity,
            {
                "account_id": account.id,
                "contact_id": contact.id,
                "owner_id": rep,
                "kind": "email",
                "occurred_at": now,
                "subject": f"Cotización enviada a {EMAIL}",
            },
        )
        crud.create(
            s,
            Reminder,
            {
                "account_id": account.id,
                "owner_id": rep,
                "due_at": now + timedelta(days=1),
                "title": f"Llamar a {NAME} al {PHONE_DIGITS}",
            },
        )
        quote = create_quote(s, account.id, owner_id=rep, contact_id=contact.id)
        for code in list(catalog.products)[:2]:
            add_line(s, quote.id, {"product_id": catalog.products[code], "quantity": Decimal(3)})
        send_quote(s, quote.id)
        new_revision(s, quote.id, "El cliente pidió otra entrega")  # a snapshot naming her
    ana.sync()
    boss.sync()
    with boss.tx() as s:  # the manager edits the contact too: his outbox holds her name
        crud.update(s, Contact, contact.id, {"notes": f"{NAME} prefiere WhatsApp"})
    boss.sync()
    ana.sync()
    return ana, boss, account.id, contact.id, quote.id


@pytest.mark.parametrize("server_db", ["sqlite", "postgres"], indirect=True)
def test_an_erase_on_one_laptop_leaves_no_trace_anywhere_after_sync(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana, boss, account_id, contact_id, quote_id = _setup(tmp_path, template_db, server, server_db)
    with boss.tx() as s:
        total = s.get(Quote, quote_id).total
    assert _server_traces(server_db) and _file_traces(boss) and _file_traces(ana)  # she is there
    ana.db.path.with_name(ana.db.path.name + ".bak").write_bytes(ana.db.path.read_bytes())

    with ana.tx() as s:
        anonymize_person(
            s,
            account_id,
            contact_id,
            "subject",
            "email",
            "La titular pidió la supresión por correo (Ley 1581).",
            None,
        )
    erase_leftovers(ana.db.engine, ana.db.path)
    ana.sync()
    boss.sync()

    assert _file_traces(ana) == []
    assert _file_traces(boss) == []
    assert _server_traces(server_db) == []
    for laptop in (ana, boss):
        with laptop.tx() as s:
            contact = s.get(Contact, contact_id)
            assert (contact.first_name, contact.email, contact.phone) == (
                "Titular anonimizado",
                None,
                None,
            )
            assert s.get(Quote, quote_id).total == total  # the figures stay
            [revision] = s.scalars(select(QuoteRevision)).all()
            assert json.loads(revision.snapshot)["totals"]["grand_total"]
            [request] = s.scalars(select(PrivacyRequest)).all()
            assert request.action == "anonymize" and request.contact_id == contact_id
            assert "Ley 1581" in request.reason
    with server_db.engine.connect() as conn:
        audit = conn.exec_driver_sql(
            "SELECT count(*) FROM sync_rows WHERE table_name = 'privacy_requests'"
        ).scalar()
    assert audit == 1
    ana.close()
    boss.close()


@pytest.mark.parametrize("server_db", ["sqlite"], indirect=True)
def test_an_erase_never_reaches_another_account(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    """A request is no search-and-replace: a rep who renamed a contact of theirs after someone
    else's client and erased it changes nothing outside that contact's account."""
    rep = add_user(server_db, "ana")
    ana = make_laptop("a", tmp_path, template_db, server, "ana")
    with ana.tx() as s:
        mine = create_account(s, account_values(owner_id=rep, legal_name="Mía S.A.S."))
        decoy = add_contact(s, mine.id, {"first_name": "Distribuidora", "last_name": "Andina"})
        other = create_account(
            s, account_values(owner_id=rep, legal_name="Otra", tax_id="800.197.268-4")
        )
        note = plan_visit(
            s,
            {
                "account_id": other.id,
                "owner_id": rep,
                "planned_at": clock_of(s).now(),
                "notes": "Visita a Distribuidora Andina",
            },
        ).id
    ana.sync()
    with ana.tx() as s:
        anonymize_person(s, mine.id, decoy.id, "company", "email", "Prueba de alcance", rep)
    ana.sync()
    with ana.tx() as s:
        assert s.get(Visit, note).notes == "Visita a Distribuidora Andina"
    with server_db.engine.connect() as conn:
        data = conn.execute(select(sync_rows.c.data).where(sync_rows.c.row_id == note)).scalar()
    assert "Visita a Distribuidora Andina" in str(data)
    ana.close()
