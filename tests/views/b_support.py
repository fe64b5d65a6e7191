"""Fixtures and data for the 360° view, visit/call dialog and pipeline tests."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from crm_desktop import i18n
from crm_desktop.database import Database
from crm_desktop.services.accounts import accounts
from crm_desktop.services.activity import visits
from crm_desktop.services.pipeline import pipeline
from crm_desktop.settings import Settings
from crm_desktop.views.common.context import AppContext
from crm_desktop.views.common.ops import Operations
from tests.factories import at, make_account, make_user


@dataclass(frozen=True)
class World:
    rep_id: str
    rep_name: str
    account_id: str
    contact_ids: tuple[str, ...]


@pytest.fixture
def ctx(database: Database, qapp: QApplication) -> Iterator[AppContext]:
    i18n.set_language("en")
    ops = Operations(database.sessions)
    context = AppContext(database, ops, Settings(None), "en", user_id=None)
    yield context
    ops.wait()
    i18n.set_language("es")


@pytest.fixture
def world(database: Database) -> World:
    """A rep, an account of theirs with two contacts, a visit and a call."""
    with database.sessions() as s, s.begin():
        rep = make_user(s)
        account = make_account(s, owner_id=rep.id)
        ana = accounts.add_contact(
            s, account.id, {"first_name": "Ana", "last_name": "Ruiz", "mobile": "3001234567"}
        )
        beto = accounts.add_contact(
            s, account.id, {"first_name": "Beto", "last_name": "Gil", "email": "beto@andina.co"}
        )
        visits.plan_visit(
            s,
            {
                "account_id": account.id,
                "owner_id": rep.id,
                "planned_at": at(2026, 3, 2),
                "purpose": "First meeting",
            },
        )
        visits.log_call(
            s,
            {
                "account_id": account.id,
                "owner_id": rep.id,
                "occurred_at": at(2026, 3, 5),
                "subject": "Price check",
                "call_result": "answered",
            },
        )
        return World(rep.id, rep.full_name, account.id, (ana.id, beto.id))


def add_opportunity(database: Database, world: World, name: str, **values: Any) -> str:
    with database.sessions() as s, s.begin():
        base = {"account_id": world.account_id, "owner_id": world.rep_id, "name": name}
        return pipeline.create_opportunity(s, base | {"amount": "1000000"} | values).id


def save_button(buttons: QDialogButtonBox) -> Any:
    return buttons.button(QDialogButtonBox.StandardButton.Save)
