"""Campaign e-mails: the campaign's template with merge fields in the client's formats, through
the mail outbox to a real SMTP server on loopback, at most N an hour; consent is checked again
at sending time, and an unsubscribe withdraws the account's marketing consent."""

from __future__ import annotations

from datetime import timedelta
from decimal import Decimal as D

import pytest
from sqlalchemy import select

from crm_desktop.clock import FixedClock, today
from crm_desktop.database import Database
from crm_desktop.models import Account, Activity, Contact
from crm_desktop.models.mail import MailMessage
from crm_desktop.services.accounts.consent import consent_history
from crm_desktop.services.campaigns import campaigns as C
from crm_desktop.services.campaigns.mailing import (
    NO_ADDRESS,
    NO_CONSENT,
    queue_campaign_mail,
    unsubscribe,
)
from crm_desktop.services.campaigns.targets import Filter, target_list
from crm_desktop.services.core import crud
from crm_desktop.services.core.crud import unit_of_work
from crm_desktop.services.core.errors import ValidationError
from crm_desktop.services.quotes.mail import SmtpConfig, send_queued
from tests.factories import make_user
from tests.services import sales_fixtures as fx
from tests.services.test_mail import Inbox, smtp_server, spanish_date  # noqa: F401

YES = {"consent_marketing": True}


def _setup(database: Database, clock: FixedClock, members: int) -> str:
    with unit_of_work(database.sessions) as s:
        rep = make_user(s, "ana", full_name="Ana Ríos")
        for n in range(members):
            account = fx.account(s, rep.id, legal_name=f"Cliente {n} S.A.S.", **YES)
            crud.create(s, Contact, {"account_id": account.id, "first_name": f"Rosa{n}",
                                     "last_name": "Díaz", "is_primary": True,
                                     "email": f"rosa{n}@cliente.co"})  # fmt: skip
        fx.account(s, rep.id, legal_name="Sin correo S.A.S.", email=None, **YES)
        day = today(clock)
        campaign = C.create_campaign(s, {
            "name": "Renovación anticipada", "channels": "email", "status": "active",
            "starts_on": day, "ends_on": day + timedelta(days=40), "budget": D(0),
            "email_subject": "{account}: renueve antes del {ends_on}",
            "email_body": "Hola {contact},\n{rep} le escribe por {campaign}.\n{company}",
        }).id  # fmt: skip
        C.save_filter(s, campaign, Filter())
        C.fill(s, campaign)
        return campaign


def test_campaign_mail_is_merged_rate_limited_and_unsubscribe_withdraws_consent(
    database: Database,
    clock: FixedClock,
    smtp_server: tuple[Inbox, int],  # noqa: F811
) -> None:
    inbox, port = smtp_server
    campaign = _setup(database, clock, members=3)
    with unit_of_work(database.sessions) as s:
        first = s.scalars(select(Account).where(Account.legal_name == "Cliente 0 S.A.S.")).one()
        crud.update(s, Account, first.id, {"consent_marketing": False})  # withdrawn since
        run = queue_campaign_mail(s, campaign, "Soluciones Andinas")
    assert run.queued == 2 and run.skipped == {NO_CONSENT: 1, NO_ADDRESS: 1}
    config = SmtpConfig(host="127.0.0.1", port=port, security="none", user="",
                        sender="ventas@andinas.co", campaign_per_hour=1)  # fmt: skip
    assert send_queued(database.sessions, config).sent == 1
    assert send_queued(database.sessions, config).sent == 0  # the hour's one is spent
    [mail] = inbox.messages
    ends = spanish_date(today(clock) + timedelta(days=40))
    assert mail["Subject"] == f"Cliente 1 S.A.S.: renueve antes del {ends}"
    body = mail.get_payload(decode=True).decode().replace("\r\n", "\n")
    assert "Hola Rosa1 Díaz,\nAna Ríos le escribe por Renovación anticipada." in body
    assert "responda con la palabra BAJA" in body  # Spanish: the client is in Colombia
    assert mail["List-Unsubscribe"] == "<mailto:ventas@andinas.co?subject=BAJA>"
    clock.advance(timedelta(minutes=61))
    assert send_queued(database.sessions, config).sent == 1
    assert len(inbox.messages) == 2

    with unit_of_work(database.sessions) as s:
        second = s.scalars(select(Account).where(Account.legal_name == "Cliente 1 S.A.S.")).one()
        member = C.member_of(s, campaign, second.id)
        assert member is not None and member.status == "reached"
        unsubscribe(s, member.id)
        assert second.consent_marketing is False
        note = s.scalars(select(Activity).where(Activity.kind == "note")).one()
        assert (note.account_id, note.occurred_at) == (second.id, clock.now())
        assert "Renovación anticipada" in note.subject
        assert member.status == "opted_out"
        [withdrawn] = consent_history(s, second.id, member.contact_id)  # issue 12's history
        assert (withdrawn.purpose, withdrawn.granted, withdrawn.channel) == (
            "marketing",
            False,
            "email",
        )
        assert second.id not in target_list(s, Filter()).account_ids
        with pytest.raises(ValidationError):
            C.update_campaign(s, campaign, {"email_subject": ""}) and queue_campaign_mail(
                s, campaign, "X"
            )
        assert s.scalar(select(MailMessage.state).where(MailMessage.state == "queued")) is None
