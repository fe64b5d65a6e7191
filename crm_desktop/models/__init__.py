"""The local database: SQLAlchemy 2 typed models, no Qt."""

from crm_desktop.models.accounts import Account, AccountProduct, Contact, User
from crm_desktop.models.activity import Activity, Reminder, Visit
from crm_desktop.models.attachments import Attachment
from crm_desktop.models.base import Base, Synced, synced_classes
from crm_desktop.models.campaigns import Campaign, CampaignCost, CampaignMember, MarketSize
from crm_desktop.models.catalog import PriceList, PriceListItem, Product, ProductCost, Tax
from crm_desktop.models.local import DeviceCounter, OutboxOp, SyncMeta
from crm_desktop.models.privacy import ConsentEvent, PrivacyRequest
from crm_desktop.models.sales import (
    Opportunity,
    Quote,
    QuoteAcceptance,
    QuoteLine,
    QuoteRevision,
)
from crm_desktop.models.stamps import STAMPED  # installs the Session-wide time stamps

__all__ = [
    "STAMPED",
    "Account",
    "AccountProduct",
    "Activity",
    "Attachment",
    "Base",
    "Campaign",
    "CampaignCost",
    "CampaignMember",
    "ConsentEvent",
    "Contact",
    "DeviceCounter",
    "MarketSize",
    "Opportunity",
    "OutboxOp",
    "PriceList",
    "PriceListItem",
    "PrivacyRequest",
    "Product",
    "ProductCost",
    "Quote",
    "QuoteAcceptance",
    "QuoteLine",
    "QuoteRevision",
    "Reminder",
    "SyncMeta",
    "Synced",
    "Tax",
    "User",
    "Visit",
    "synced_classes",
]
