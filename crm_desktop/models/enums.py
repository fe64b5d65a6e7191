"""The domain's closed vocabularies; values are what the database and the wire carry."""

from __future__ import annotations

from enum import StrEnum


class AccountKind(StrEnum):
    NATURAL_PERSON = "natural_person"
    LEGAL_ENTITY = "legal_entity"
    CORPORATE = "corporate"


class AccountRole(StrEnum):
    PROSPECT = "prospect"
    CUSTOMER = "customer"
    AGENT = "agent"
    BENEFICIARY = "beneficiary"
    COMPETITOR = "competitor"
    EMPLOYEE = "employee"
    GUARANTOR = "guarantor"
    SUPPLIER = "supplier"


class LifecyclePhase(StrEnum):
    ENGAGEMENT = "engagement"
    ACQUISITION = "acquisition"
    RETENTION = "retention"
    KNOWLEDGE = "knowledge"


class TaxIdKind(StrEnum):
    NIT = "nit"  # Colombian company tax id, with check digit
    CC = "cc"  # Colombian citizen id card
    CE = "ce"  # Colombian foreigner id card
    CUIT = "cuit"  # Argentine tax id
    RUT = "rut"  # Chilean tax id
    PASSPORT = "passport"


class SignerIdKind(StrEnum):
    """The id a client signs a quote with: a person's id card, or the company's tax id."""

    CC = "cc"  # Colombian citizen id card (cédula)
    CE = "ce"  # Colombian foreigner id card
    NIT = "nit"  # Colombian tax id, with check digit
    DNI = "dni"  # Argentine national id
    CUIT = "cuit"  # Argentine tax id (CUIT/CUIL)
    RUT = "rut"  # Chilean tax id
    PASSPORT = "passport"


class UserRole(StrEnum):
    REP = "rep"
    MANAGER = "manager"
    ADMIN = "admin"


class VisitStatus(StrEnum):
    PLANNED = "planned"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


class VisitOutcome(StrEnum):
    INTERESTED = "interested"
    PROPOSAL_REQUESTED = "proposal_requested"
    FOLLOW_UP = "follow_up"
    REJECTED = "rejected"
    NO_DECISION = "no_decision"


class ActivityKind(StrEnum):
    CALL = "call"
    EMAIL = "email"
    NOTE = "note"
    NOTIFICATION = "notification"
    REJECTION = "rejection"
    STAGE_CHANGE = "stage_change"


class CallResult(StrEnum):
    ANSWERED = "answered"
    NO_ANSWER = "no_answer"
    CALL_BACK = "call_back"
    REJECTED = "rejected"


class OpportunityStage(StrEnum):
    PROSPECTING = "prospecting"
    QUALIFICATION = "qualification"
    NEEDS_ANALYSIS = "needs_analysis"
    PROPOSAL = "proposal"
    NEGOTIATION = "negotiation"
    CLOSED_WON = "closed_won"
    CLOSED_LOST = "closed_lost"

    @property
    def is_closed(self) -> bool:
        return self in (OpportunityStage.CLOSED_WON, OpportunityStage.CLOSED_LOST)


# Default probability (%) of each stage, used when a rep does not set one.
STAGE_PROBABILITY: dict[OpportunityStage, int] = {
    OpportunityStage.PROSPECTING: 10,
    OpportunityStage.QUALIFICATION: 20,
    OpportunityStage.NEEDS_ANALYSIS: 40,
    OpportunityStage.PROPOSAL: 60,
    OpportunityStage.NEGOTIATION: 80,
    OpportunityStage.CLOSED_WON: 100,
    OpportunityStage.CLOSED_LOST: 0,
}


class QuoteStatus(StrEnum):
    DRAFT = "draft"
    SENT = "sent"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EXPIRED = "expired"


class QuoteLineKind(StrEnum):
    ITEM = "item"
    SECTION = "section"
    TEXT = "text"


class TaxCategory(StrEnum):
    """The seeded taxes' codes (services/quotes/taxes.py holds their rates and names)."""

    IVA_19 = "iva19"
    IVA_5 = "iva5"
    EXEMPT = "exempt"
    EXCLUDED = "excluded"
    INC_8 = "inc8"
    IVA_19_INCLUDED = "iva19i"
    AR_IVA_21 = "ar_iva21"
    AR_IVA_10_5 = "ar_iva10_5"
    AR_IVA_27 = "ar_iva27"
    AR_IVA_0 = "ar_iva0"
    AR_IVA_21_INCLUDED = "ar_iva21i"


class TaxKind(StrEnum):
    VAT = "vat"
    CONSUMPTION = "consumption"
    EXEMPT = "exempt"
    EXCLUDED = "excluded"


class ReminderSource(StrEnum):
    MANUAL = "manual"
    VISIT = "visit"
    CALL = "call"
    RULE = "rule"


class CampaignChannel(StrEnum):
    VISIT = "visit"
    CALL = "call"
    EMAIL = "email"
    EVENT = "event"
    OTHER = "other"


class CampaignStatus(StrEnum):
    PLANNED = "planned"
    ACTIVE = "active"
    CLOSED = "closed"
    CANCELLED = "cancelled"


class MemberStatus(StrEnum):
    """Where a campaign member stands: pending, reached (contacted), responded, or opted out."""

    PENDING = "pending"
    REACHED = "reached"
    RESPONDED = "responded"
    OPTED_OUT = "opted_out"


class Attribution(StrEnum):
    FIRST_TOUCH = "first_touch"
    LAST_TOUCH = "last_touch"


class ConsentPurpose(StrEnum):
    DATA_PROCESSING = "data_processing"
    MARKETING = "marketing"


class ConsentChannel(StrEnum):
    """How a consent (or a data-subject request) reached the company."""

    FORM = "form"  # the program's own form, the rep with the person
    IN_PERSON = "in_person"
    PHONE = "phone"
    EMAIL = "email"
    PAPER = "paper"  # a signed document
    WEB = "web"
    IMPORT = "import"


class PrivacyAction(StrEnum):
    EXPORT = "export"
    ANONYMIZE = "anonymize"


class PrivacyRequester(StrEnum):
    """Who asked: the person, someone on their behalf, an authority, or the company itself."""

    SUBJECT = "subject"
    REPRESENTATIVE = "representative"
    AUTHORITY = "authority"  # e.g. the SIC (Colombia) or the AAIP (Argentina)
    COMPANY = "company"
