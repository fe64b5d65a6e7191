"""The database file's identity and quote numbers that need no server."""

from __future__ import annotations

import re

from crm_desktop.database import Database
from crm_desktop.services.core import device
from crm_desktop.services.core.crud import unit_of_work


def test_client_id_is_made_once(database: Database) -> None:
    with unit_of_work(database.sessions) as s:
        first = device.client_id(s)
    with unit_of_work(database.sessions) as s:
        assert device.client_id(s) == first


def test_quote_numbers_are_sequential_and_never_reused(database: Database) -> None:
    with unit_of_work(database.sessions) as s:
        numbers = [device.next_quote_number(s, "jp") for _ in range(3)]
    assert all(re.fullmatch(r"JP-[0-9A-F]{4}-\d{6}", n) for n in numbers)
    assert [n[-6:] for n in numbers] == ["000001", "000002", "000003"]
    try:
        with unit_of_work(database.sessions) as s:
            device.next_quote_number(s, "jp")
            raise RuntimeError("cancelled")
    except RuntimeError:
        pass
    with unit_of_work(database.sessions) as s:
        # The cancelled number was never shown to anyone; the sequence stays gap-tolerant.
        assert device.next_quote_number(s, "jp")[-6:] == "000004"
