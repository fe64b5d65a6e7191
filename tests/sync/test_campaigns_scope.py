"""Campaigns sync: managers see every campaign and its costs; a rep receives a campaign only once
one of the rep's accounts is a member, never its cost lines, and later changes of it too; a rep
records responses on the members of their accounts but may not change the campaign."""

from __future__ import annotations

from datetime import UTC, date, datetime
from decimal import Decimal as D
from pathlib import Path

from sqlalchemy import select

from crm_desktop.models import Campaign, CampaignCost, CampaignMember
from crm_desktop.services.campaigns import campaigns as C
from crm_desktop.services.campaigns.targets import Filter
from crm_desktop.sync import resolve
from tests.sync.harness import Laptop, ServerDb, ServerProcess, add_user, make_laptop
from tests.sync.serverdb import server_row

YES = {"consent_marketing": True, "consent_marketing_at": datetime(2026, 1, 5, tzinfo=UTC)}


def _person(cedula: str) -> dict[str, str]:
    return {"kind": "natural_person", "tax_id_kind": "cc", "tax_id": cedula}


def _all(laptop: Laptop, model: type) -> list:  # type: ignore[type-arg]
    with laptop.db.sessions() as s:
        return list(s.scalars(select(model)))


def test_a_campaign_reaches_the_reps_of_its_members_only(
    tmp_path: Path, template_db: Path, server: ServerProcess, server_db: ServerDb
) -> None:
    ana, luis = add_user(server_db, "ana"), add_user(server_db, "luis")
    add_user(server_db, "eva")
    add_user(server_db, "mara", role="manager")
    rep = make_laptop("a", tmp_path, template_db, server, "ana")
    hers = rep.new_account(ana, city="Medellín", **YES)
    rep.new_account(ana, legal_name="Sin consentimiento", **_person("1020304050"),
                    city="Medellín")  # fmt: skip
    rep.sync()
    other = make_laptop("l", tmp_path, template_db, server, "luis")
    other.new_account(luis, legal_name="De Luis", city="Cali", **_person("79111222"), **YES)
    other.sync()
    boss = make_laptop("m", tmp_path, template_db, server, "mara")
    with boss.tx() as s:
        campaign = C.create_campaign(s, {
            "name": "Medellín", "channels": "visit", "starts_on": date(2026, 1, 1),
            "ends_on": date(2030, 1, 1), "status": "active", "budget": D(900000),
        }).id  # fmt: skip
        C.add_cost(s, campaign, {"spent_on": date(2026, 2, 1), "amount": D(250000)})
        C.save_filter(s, campaign, Filter(cities=("Medellín",)))
        filled = C.fill(s, campaign)
    assert filled.left_out == {"no_marketing_consent": 1}
    assert boss.sync().refused == 0
    assert server_row(server_db, "campaigns", campaign) is not None

    rep.sync()
    assert [c.name for c in _all(rep, Campaign)] == ["Medellín"]
    assert _all(rep, CampaignCost) == []  # the costs stay with managers
    [member] = _all(rep, CampaignMember)
    assert member.account_id == hers and member.owner_id == ana
    other.sync()
    assert _all(other, Campaign) == [] and _all(other, CampaignMember) == []
    eva = make_laptop("e", tmp_path, template_db, server, "eva")
    assert _all(eva, Campaign) == []

    boss.update(Campaign, campaign, name="Medellín 2026")
    boss.sync()
    rep.sync()
    assert rep.get(Campaign, campaign).name == "Medellín 2026"

    with rep.tx() as s:
        C.record_response(s, member.id, "visit", "interested")
    rep.update(Campaign, campaign, budget=D(1))  # a rep's laptop tampered with: refused
    report = rep.sync()
    assert report.refused == 1
    with rep.db.sessions() as s:
        assert [h.reason for h in resolve.held_ops(s)] == [
            "Only managers plan campaigns and record what they cost."
        ]
    boss.sync()
    assert boss.get(CampaignMember, member.id).status == "responded"
    assert boss.get(Campaign, campaign).budget == D(900000)
    for laptop in (rep, other, eva, boss):
        laptop.close()
