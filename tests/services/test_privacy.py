"""Consent history, who marketing may reach, a person's export, and erasing them on one laptop."""

from __future__ import annotations

import json
from datetime import timedelta
from io import BytesIO

import pytest
from pypdf import PdfReader
from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.clock import FixedClock, today
from crm_desktop.documents.privacy_export import person_pdf
from crm_desktop.models import Contact, OutboxOp, PrivacyRequest, Visit
from crm_desktop.services.accounts.accounts import add_contact, update_account
from crm_desktop.services.accounts.consent import (
    consent_history,
    marketing_audience,
    may_receive_marketing,
    record_consent,
)
from crm_desktop.services.accounts.privacy import (
    NotAPerson,
    anonymize_person,
    audit_csv,
    person_data,
    person_json,
    record_request,
)
from crm_desktop.services.activity.visits import plan_visit
from crm_desktop.services.core.errors import ValidationError
from tests.factories import make_account, make_user


def test_every_consent_change_is_kept_with_who_when_and_how(
    session: Session, clock: FixedClock
) -> None:
    rep = make_user(session)
    account = make_account(
        session,
        owner_id=rep.id,
        consent_marketing=True,
        consent_recorded_by=rep.id,
        consent_channel="paper",
    )
    clock.advance(timedelta(days=10))
    update_account(
        session,
        account.id,
        {"consent_marketing": False, "consent_channel": "phone", "consent_recorded_by": rep.id},
    )
    history = [
        (h.purpose, h.granted, h.channel, h.recorded_by)
        for h in consent_history(session, account.id)
    ]
    assert history == [
        ("data_processing", True, "paper", rep.id),
        ("marketing", True, "paper", rep.id),
        ("marketing", False, "phone", rep.id),
    ]
    assert consent_history(session, account.id)[-1].recorded_at == clock.now()
    update_account(session, account.id, {"city": "Medellín"})  # no consent changed: no event
    assert len(consent_history(session, account.id)) == 3
    events = session.scalars(select(OutboxOp).where(OutboxOp.table_name == "consent_events"))
    assert len(list(events)) == 3  # each one syncs


def test_marketing_reaches_only_who_consented(session: Session, clock: FixedClock) -> None:
    yes = make_account(
        session, legal_name="Sí Acepta S.A.S.", consent_marketing=True, email="compras@si.co"
    )
    no = make_account(
        session,
        legal_name="No Acepta",
        kind="natural_person",
        tax_id_kind="cc",
        tax_id="1020304050",
        email="x@no.co",
    )
    asked = add_contact(session, no.id, {"first_name": "Lucía", "email": "lucia@no.co"})
    silent = add_contact(session, yes.id, {"first_name": "Pedro", "email": "pedro@si.co"})
    record_consent(session, no.id, "marketing", True, "email", contact_id=asked.id)
    got = {(r.account_id, r.contact_id, r.email) for r in marketing_audience(session)}
    assert got == {(yes.id, None, "compras@si.co"), (no.id, asked.id, "lucia@no.co")}
    assert not may_receive_marketing(session, yes.id, silent.id)  # the company's yes is not his
    clock.advance(timedelta(minutes=1))
    record_consent(session, no.id, "marketing", False, "phone", contact_id=asked.id)
    assert not may_receive_marketing(session, no.id, asked.id)
    assert {r.email for r in marketing_audience(session)} == {"compras@si.co"}


def test_a_persons_export_holds_their_data_in_json_and_a_spanish_pdf(
    session: Session, clock: FixedClock
) -> None:
    rep = make_user(session)
    account = make_account(session, owner_id=rep.id, legal_name="Ferretería El Tornillo S.A.S.")
    contact = add_contact(
        session,
        account.id,
        {"first_name": "Valentina", "last_name": "Ospinal", "email": "v@tornillo.co"},
    )
    record_consent(session, account.id, "marketing", True, "web", contact_id=contact.id)
    plan_visit(
        session,
        {
            "account_id": account.id,
            "contact_id": contact.id,
            "owner_id": rep.id,
            "planned_at": clock.now() + timedelta(days=1),
            "notes": "Demo",
        },
    )
    data = person_data(session, account.id, contact.id)
    parsed = json.loads(person_json(data))
    assert parsed["person"]["email"] == "v@tornillo.co"
    assert [c["purpose"] for c in parsed["consents"]] == ["marketing"]
    assert parsed["visits"][0]["notes"] == "Demo"
    pdf = person_pdf(data, "Soluciones Andinas S.A.S.", today(clock), "es")
    text = " ".join(p.extract_text() for p in PdfReader(BytesIO(pdf)).pages)
    for words in (
        "Datos personales de Valentina Ospinal",
        "Ley 1581",
        "v@tornillo.co",
        "Autorizaciones y su historial",
        "Mercadeo",
        "Web",
        "Visitas",
    ):
        assert words in text, words
    with pytest.raises(NotAPerson):
        person_data(session, account.id, None)  # a company is not a person


def test_an_erase_keeps_figures_and_leaves_an_audit_entry(
    session: Session, clock: FixedClock
) -> None:
    rep = make_user(session)
    account = make_account(session, owner_id=rep.id)
    contact = add_contact(
        session,
        account.id,
        {
            "first_name": "Valentina",
            "last_name": "Ospinal",
            "email": "v@tornillo.co",
            "phone": "3105550199",
        },
    )
    visit = plan_visit(
        session,
        {
            "account_id": account.id,
            "contact_id": contact.id,
            "owner_id": rep.id,
            "planned_at": clock.now(),
            "notes": "Llamar a valentina ospinal al 310 555 0199",
        },
    )
    session.flush()
    ops_before = session.scalar(select(OutboxOp.op_seq).order_by(OutboxOp.op_seq.desc()).limit(1))
    with pytest.raises(ValidationError):
        anonymize_person(session, account.id, contact.id, "subject", "email", "", rep.id)
    anonymize_person(
        session,
        account.id,
        contact.id,
        "subject",
        "email",
        "Solicitud escrita de la titular",
        rep.id,
    )
    gone = session.get(Contact, contact.id)
    assert (gone.first_name, gone.last_name, gone.email, gone.phone) == (
        "Titular anonimizado",
        "",
        None,
        None,
    )
    assert session.get(Visit, visit.id).notes == "Llamar a [anonimizado] al [anonimizado]"
    new_ops = session.scalars(select(OutboxOp).where(OutboxOp.op_seq > ops_before)).all()
    assert [o.table_name for o in new_ops] == ["privacy_requests"]  # the server does the rest
    for op in session.scalars(select(OutboxOp)):
        assert "Ospinal" not in op.fields and "v@tornillo.co" not in op.fields
    [request] = session.scalars(select(PrivacyRequest)).all()
    assert (request.done_by, request.done_at) == (rep.id, clock.now())
    csv_text = audit_csv(session).decode("utf-8-sig")
    assert csv_text.splitlines()[0].startswith("done_at,action,account_id")
    assert "anonymize" in csv_text and "Solicitud escrita de la titular" in csv_text


def test_the_reason_is_required_for_the_audit(session: Session) -> None:
    account = make_account(session)
    with pytest.raises(ValidationError):
        record_request(session, account.id, None, "export", "subject", "email", " ", None)


def test_an_erase_takes_a_first_name_alone_from_free_text_but_not_another_persons(
    session: Session, clock: FixedClock
) -> None:
    """ "Valentina pidió..." names her in a note; "Ana" in "Anaconda" does not, and a first name
    another contact of the account bears stays in notes not about her (it may be the other)."""
    rep = make_user(session)
    account = make_account(session, owner_id=rep.id)
    people = {"first_name": "Valentina", "last_name": "Ospinal"}
    her = add_contact(session, account.id, people)
    add_contact(session, account.id, {"first_name": "Ospinal", "last_name": "Ruiz"})

    def visit(notes: str, contact_id: str | None = None) -> str:
        values = {"account_id": account.id, "owner_id": rep.id, "planned_at": clock.now()}
        return plan_visit(session, values | {"contact_id": contact_id, "notes": notes}).id

    hers = visit("Valentina y Ospinal pidieron descuento", her.id)
    others = visit("Valentina llamó; Ospinal Ruiz también; Valentinas S.A. no")
    session.flush()
    anonymize_person(session, account.id, her.id, "subject", "email", "Ley 1581", rep.id)
    assert session.get(Visit, hers).notes == "[anonimizado] y [anonimizado] pidieron descuento"
    assert session.get(Visit, others).notes == (
        "[anonimizado] llamó; Ospinal Ruiz también; Valentinas S.A. no"
    )
    for op in session.scalars(select(OutboxOp)):
        assert "Valentina " not in op.fields
