"""The local database: SQLAlchemy 2 typed models, no Qt."""

from crm_desktop.models.accounts import Account, AccountProduct, Contact, User
from crm_desktop.models.activity import Activity, Reminder, Visit
from crm_desktop.models.base import Base, Synced, synced_classes
from crm_desktop.models.catalog import PriceList, PriceListItem, Product, Tax
from crm_desktop.models.local import DeviceCounter, OutboxOp, SyncMeta
from crm_desktop.models.sales import Opportunity, Quote, QuoteLine, QuoteRevision
from crm_desktop.models.stamps import STAMPED  # installs the Session-wide time stamps

__all__ = [
    "STAMPED",
    "Account",
    "AccountProduct",
    "Activity",
    "Base",
    "Contact",
    "DeviceCounter",
    "Opportunity",
    "OutboxOp",
    "PriceList",
    "PriceListItem",
    "Product",
    "Quote",
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
