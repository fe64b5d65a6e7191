"""A campaign's e-mails: one per member from the campaign's template, through the local mail
outbox (sent at most SmtpConfig.campaign_per_hour an hour), and unsubscribing as a consent change.

Merge fields: {contact}, {account}, {campaign}, {rep}, {company}, {ends_on} (a long date in the
client's formats: "30 de diciembre de 2026"). Every message ends with how to unsubscribe (reply
with the word BAJA), and carries a List-Unsubscribe address; the rep records an unsubscribe with
`unsubscribe`, which withdraws the account's marketing consent, so no later list includes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.i18n import N_, gettext
from crm_desktop.models import Account, Activity, Campaign, CampaignMember, Contact, User
from crm_desktop.models.enums import ActivityKind, ConsentChannel, ConsentPurpose, MemberStatus
from crm_desktop.models.mail import MailMessage
from crm_desktop.services.accounts.consent import record_consent
from crm_desktop.services.core import crud
from crm_desktop.services.core.errors import FieldProblem, ValidationError
from crm_desktop.services.core.formats import formats
from crm_desktop.services.quotes.mail import MailDraft, queue_message

UNSUBSCRIBE = N_("To stop receiving these messages, reply with the word BAJA.")
UNSUBSCRIBED = N_("Unsubscribed (campaign “{campaign}”): marketing consent withdrawn.")
NO_TEMPLATE = N_("Write the campaign's e-mail (subject and text) first.")
# Why a member gets no e-mail (counted, like a target list's left-out accounts).
NO_CONSENT, NO_ADDRESS, DONE = "no_marketing_consent", "no_email", "already_sent_or_out"


@dataclass(frozen=True)
class MailRun:
    queued: int
    skipped: dict[str, int] = field(default_factory=dict)


def _fill(template: str, values: dict[str, str]) -> str:
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError):
        return template  # a mistyped placeholder is shown as written, never a crash


def _values(
    session: Session, campaign: Campaign, member: CampaignMember, company: str
) -> tuple[str, dict[str, str]]:
    account = session.get(Account, member.account_id)
    assert account is not None
    contact = session.get(Contact, member.contact_id) if member.contact_id else None
    rep = session.get(User, member.owner_id) if member.owner_id else None
    lang = "es" if account.country in ("CO", "ES", "AR", "CL", "MX", "PE", "EC", "VE") else "en"
    address = (contact.email if contact and contact.email else None) or account.email or ""
    values = {
        "contact": contact.full_name if contact else account.legal_name,
        "account": account.legal_name,
        "campaign": campaign.name,
        "rep": rep.full_name if rep else "",
        "company": company,
        "ends_on": formats(lang, account.country).long_day(campaign.ends_on),
    }
    return address, values | {"_lang": lang}


def queue_campaign_mail(session: Session, campaign_id: str, company: str) -> MailRun:
    """Queue the campaign's e-mail to each pending member who still consents and has an
    address; each member is marked reached and an e-mail activity is logged on the account."""
    campaign = crud.get_live(session, Campaign, campaign_id)
    if not (campaign.email_subject or "").strip() or not (campaign.email_body or "").strip():
        raise ValidationError([FieldProblem("email_subject", "required", NO_TEMPLATE)])
    members = session.scalars(
        select(CampaignMember).where(
            CampaignMember.campaign_id == campaign_id, CampaignMember.deleted_at.is_(None)
        )
    ).all()
    queued, skipped = 0, dict[str, int]()
    for member in members:
        reason = _skip_reason(session, member)
        if reason is None:
            reason = _queue_one(session, campaign, member, company)
        if reason is None:
            queued += 1
        else:
            skipped[reason] = skipped.get(reason, 0) + 1
    return MailRun(queued, skipped)


def _skip_reason(session: Session, member: CampaignMember) -> str | None:
    if member.status != MemberStatus.PENDING.value:
        return DONE
    account = session.get(Account, member.account_id)
    if account is None or not account.consent_marketing:  # consent withdrawn since the list
        return NO_CONSENT
    return None


def _queue_one(
    session: Session, campaign: Campaign, member: CampaignMember, company: str
) -> str | None:
    address, values = _values(session, campaign, member, company)
    if not address:
        return NO_ADDRESS
    lang = values.pop("_lang")
    body = _fill(campaign.email_body or "", values) + "\n\n--\n" + gettext(UNSUBSCRIBE, lang)
    draft = MailDraft(
        to=address,
        subject=_fill(campaign.email_subject or "", values),
        body=body,
        account_id=member.account_id,
    )
    try:
        message = queue_message(session, draft)
    except ValidationError:
        return NO_ADDRESS  # an address that is not one
    message.campaign_member_id = member.id
    now = clock_of(session).now()
    crud.create(session, Activity, {
        "account_id": member.account_id, "contact_id": member.contact_id,
        "owner_id": member.owner_id, "kind": ActivityKind.EMAIL.value, "occurred_at": now,
        "subject": draft.subject[:240], "body": gettext(N_("To: {to}"), to=message.to_addrs),
    })  # fmt: skip
    crud.update(session, CampaignMember, member.id, {
        "status": MemberStatus.REACHED.value, "reached_at": now,
    })  # fmt: skip

    return None


def unsubscribe(session: Session, member_id: str) -> CampaignMember:
    """The customer asked for no more messages: the member opts out and the account's marketing
    consent is withdrawn (a consent change, with a dated note on the account's timeline); its
    unsent campaign mail is dropped."""
    member = crud.get_live(session, CampaignMember, member_id)
    now = clock_of(session).now()
    crud.update(session, Account, member.account_id, {"consent_marketing": False})
    record_consent(  # the consent history: withdrawn, by e-mail, because of this campaign
        session,
        member.account_id,
        ConsentPurpose.MARKETING,
        False,
        ConsentChannel.EMAIL,
        contact_id=member.contact_id,
        note=f"campaign {member.campaign_id}",
    )
    campaign = session.get(Campaign, member.campaign_id)
    words = gettext(UNSUBSCRIBED, campaign=campaign.name if campaign else "")
    crud.create(session, Activity, {
        "account_id": member.account_id, "contact_id": member.contact_id,
        "owner_id": member.owner_id, "kind": ActivityKind.NOTE.value, "occurred_at": now,
        "subject": words[:240],
    })  # fmt: skip  # the dated trail of the change (a withdrawn consent keeps no date)
    for message in session.scalars(
        select(MailMessage).where(
            MailMessage.account_id == member.account_id,
            MailMessage.campaign_member_id.is_not(None),
            MailMessage.state == "queued",
        )
    ):
        message.state, message.error = "failed", "unsubscribed"
    return crud.update(session, CampaignMember, member_id, {"status": MemberStatus.OPTED_OUT.value})
