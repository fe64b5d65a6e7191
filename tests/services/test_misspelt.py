"""A person's name misspelt in the account's free text is listed for the manager to confirm
before an erase (services/accounts/misspelt.py): near spellings, never another contact's name,
never a short name, and nothing changed by looking."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.models import Visit
from crm_desktop.services.accounts.accounts import add_contact
from crm_desktop.services.accounts.misspelt import edits, misspelt_mentions, resembles
from crm_desktop.services.activity.visits import plan_visit
from tests.factories import make_account, make_user
from tests.views.data import valid_nit


def test_near_spellings_of_a_name_part() -> None:
    assert resembles("Valentna", "Valentina")  # a letter missing
    assert resembles("Valnetina", "Valentina")  # two letters swapped
    assert resembles("Ospínal", "Ospinal")  # only the accent: the exact match misses it
    assert resembles("Ospinaal", "Ospinal")
    assert not resembles("Valentina", "Valentina")  # the erase itself takes the exact one
    assert not resembles("VALENTINA", "Valentina")
    assert not resembles("Ana", "Ann")  # too short to guess
    assert not resembles("Valeria", "Valentina")  # three edits
    assert resembles("Maximiliano", "Maximilano") and resembles("Maxmilano", "Maximiliano")
    assert edits("kitten", "sitting", 5) == 3


def test_the_accounts_free_text_is_searched_and_other_contacts_names_are_left(
    session: Session,
) -> None:
    rep = make_user(session)
    account = make_account(session, owner_id=rep.id, legal_name="Ferretería El Tornillo S.A.S.")
    person = add_contact(session, account.id, {"first_name": "Valentina", "last_name": "Ospinal"})
    add_contact(session, account.id, {"first_name": "Valentín", "last_name": "Ospina"})
    at = clock_of(session).now()
    notes = {
        "typo": "Llamar a Valentna por el pedido",
        "accent": "La señora Ospínal pidió descuento",
        "other": "Valentín Ospina confirmó la entrega",  # another contact: never listed
        "exact": "Valentina Ospinal llamó",  # the erase's own match, not a guess
    }
    visits = {
        key: plan_visit(session, {"account_id": account.id, "owner_id": rep.id,
                                  "planned_at": at, "notes": note}).id
        for key, note in notes.items()
    }  # fmt: skip
    other_account = make_account(session, owner_id=rep.id, legal_name="Otra", tax_id=valid_nit(8))
    plan_visit(session, {"account_id": other_account.id, "owner_id": rep.id, "planned_at": at,
                         "notes": "Valentna de otra empresa"})  # fmt: skip

    found = misspelt_mentions(session, account.id, person.id)

    assert sorted((m.row_id, m.field, m.word, m.near) for m in found) == sorted([
        (visits["typo"], "notes", "Valentna", "Valentina"),
        (visits["accent"], "notes", "Ospínal", "Ospinal"),
    ])  # fmt: skip
    assert session.scalar(select(Visit.notes).where(Visit.id == visits["typo"])) == notes["typo"]
