"""Issue 13, item 3: an admin manages the taxes on the server (`crm-server taxes ...`); laptops
receive them like the catalog, and a retired tax cannot be quoted after its last day."""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal as D
from pathlib import Path

import pytest
from sqlalchemy import select

from crm_desktop.clock import today
from crm_desktop.models import Tax
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.quotes.quotes import add_line, create_quote
from crm_server.__main__ import main as server_main
from crm_server.taxes_admin import seed_id
from tests.factories import account_values
from tests.sync.harness import ServerDb, ServerProcess, add_user, make_laptop

PERCEPTION = ("add", "ar_perc3", "--name-es", "Percepción IVA 3 %", "--name-en",
              "VAT perception 3 %", "--rate", "3", "--kind", "vat", "--country", "AR")  # fmt: skip


def taxes(url: str, *args: str) -> int:
    return server_main(["--database-url", url, "taxes", *args])


def test_list_seed_add_and_retire_from_the_command_line(
    server_db: ServerDb, capsys: pytest.CaptureFixture[str]
) -> None:
    url = server_db.url
    assert taxes(url, "list") == 0
    assert "No taxes yet" in capsys.readouterr().out
    assert taxes(url, "seed") == 0
    assert "iva19" in capsys.readouterr().out and taxes(url, "seed") == 0
    assert "nothing (all there)" in capsys.readouterr().out  # seeding twice adds nothing
    assert taxes(url, *PERCEPTION) == 0
    capsys.readouterr()
    assert taxes(url, "add", "ar_perc3", "--name-es", "x", "--name-en", "x", "--rate", "3",
                 "--kind", "vat", "--country", "AR") == 1  # fmt: skip
    assert "taken" in capsys.readouterr().err
    assert taxes(url, "add", "bad", "--name-es", "x", "--name-en", "x", "--rate", "150",
                 "--kind", "vat", "--country", "AR") == 1  # fmt: skip
    assert "outside 0 to 100 %" in capsys.readouterr().err
    assert taxes(url, "add", "bad", "--name-es", "", "--name-en", "x", "--rate", "5",
                 "--kind", "vat", "--country", "ZZ") == 1  # fmt: skip
    said = capsys.readouterr().err
    assert "name_es: This field is required." in said and "country:" in said
    assert taxes(url, "retire", "ar_perc3", "--last-day", "2026-12-31") == 0
    assert taxes(url, "retire", "nope") == 1
    capsys.readouterr()
    assert taxes(url, "list") == 0
    listed = capsys.readouterr().out.splitlines()
    perc = next(line for line in listed if line.startswith("ar_perc3"))
    assert "AR" in perc and "3.000 %" in perc and "2026-12-31" in perc
    assert sum(1 for line in listed if line.split()[1] == "CO") == 6


def test_a_laptop_receives_the_admins_taxes_and_refuses_a_retired_one(
    server: ServerProcess, server_db: ServerDb, tmp_path: Path, template_db: Path
) -> None:
    url = server_db.url
    assert taxes(url, "seed") == 0
    assert taxes(url, *PERCEPTION) == 0
    add_user(server_db, "boss", "manager")
    laptop = make_laptop("boss", tmp_path, template_db, server, "boss")
    try:
        with laptop.tx() as s:
            held = {t.code: t for t in s.scalars(select(Tax))}
            assert held["ar_perc3"].rate == D("0.03") and held["ar_perc3"].server_version >= 1
            assert held["iva19"].id == seed_id("iva19")  # the laptop's seed is the server's
            day = today(laptop.db.clock)
            quote = create_quote(s, laptop.new_account_in(s), currency="ARS",
                                 exchange_rate=D(1)).id  # fmt: skip
            add_line(s, quote, {"description": "x", "unit_price": D(100),
                                "tax_category": "ar_perc3"})  # fmt: skip
        assert taxes(url, "retire", "ar_perc3", "--last-day",
                     (day - timedelta(days=1)).isoformat()) == 0  # fmt: skip
        laptop.sync()
        with laptop.tx() as s, pytest.raises(ValidationError) as refused:
            add_line(s, quote, {"description": "y", "unit_price": D(100),
                                "tax_category": "ar_perc3"})  # fmt: skip
        assert refused.value.codes() == {"tax_category": "tax_not_valid"}
        assert "no se puede cotizar" in refused.value.text("es")
        assert date.fromisoformat(str(day - timedelta(days=1)))  # the day it ended
    finally:
        laptop.close()


@pytest.fixture(autouse=True)
def _laptop_accounts(monkeypatch: pytest.MonkeyPatch) -> None:
    """Laptop.new_account_in: an account in an open transaction (the harness's opens its own)."""
    from crm_desktop.models import Account
    from crm_desktop.services.core import crud
    from tests.sync.harness import Laptop

    def new_account_in(self: Laptop, session: object) -> str:
        return crud.create(session, Account, account_values()).id  # type: ignore[arg-type]

    monkeypatch.setattr(Laptop, "new_account_in", new_account_in, raising=False)
