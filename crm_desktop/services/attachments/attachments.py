"""Attach, list, read, rename and delete files on accounts and the rows under them.

The bytes go to the encrypted content store first (store.py), then the metadata row is added in
the caller's transaction: a row never names content this laptop lacks, and content a failed
transaction left behind is removed by `store.purge_unreferenced`.
"""

from __future__ import annotations

import mimetypes
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path, PurePath
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crm_desktop.clock import clock_of
from crm_desktop.i18n import N_, gettext
from crm_desktop.models import Account, Attachment, Contact, Opportunity, Quote, User, Visit
from crm_desktop.services.attachments import store
from crm_desktop.services.attachments.images import read_picture, thumbnail_png
from crm_desktop.services.core.attachment_rules import MAX_ATTACHMENT_BYTES, PARENT_TABLES
from crm_desktop.services.core.rules import validate_row

MIB = 1024 * 1024
PARENTS = {"accounts": Account, "contacts": Contact, "visits": Visit,
           "opportunities": Opportunity, "quotes": Quote}  # fmt: skip
QUOTA_FULL = N_(
    "This file does not fit: attachments on this laptop may take {quota} MB and {used} MB are "
    "in use. Delete attachments you no longer need, or ask the administrator for a larger quota."
)
TOO_BIG = N_("The file is {size} MB; an attachment may be at most {max} MB.")
NO_PARENT = N_("The record to attach the file to no longer exists.")
GONE = N_("This attachment was deleted.")


class AttachmentRefused(ValueError):
    """The file cannot be attached; the message says why in the user's words."""


@dataclass(frozen=True)
class Policy:
    """Settings attachments.max_pixels, .keep_originals and .quota_mb."""

    max_pixels: int = 4_000_000
    keep_originals: bool = False
    quota_bytes: int = 2048 * MIB


@dataclass(frozen=True)
class AttachmentInfo:
    id: str
    parent_table: str
    parent_id: str
    name: str
    mime: str
    size: int
    sha256: str
    width: int | None
    height: int | None
    created_by: str | None  # the user's name when known, else the id
    created_at: datetime

    @property
    def is_image(self) -> bool:
        return self.mime.startswith("image/")

    @property
    def is_pdf(self) -> bool:
        return self.mime == "application/pdf"


def account_of(session: Session, parent_table: str, parent_id: str) -> str:
    """The account a parent row lives under (the scope anchor of its attachments)."""
    if parent_table not in PARENT_TABLES:
        raise AttachmentRefused(gettext(NO_PARENT))
    row: Any = session.get(PARENTS[parent_table], parent_id)
    if row is None or row.deleted_at is not None:
        raise AttachmentRefused(gettext(NO_PARENT))
    return str(row.id if parent_table == "accounts" else row.account_id)


def guess_mime(name: str, data: bytes) -> str:
    if data.startswith(b"%PDF-"):
        return "application/pdf"
    return mimetypes.guess_type(name)[0] or "application/octet-stream"


def add_file(session: Session, db: Path, parent: tuple[str, str], path: Path,
             user_id: str | None, policy: Policy = Policy()) -> Attachment:  # fmt: skip
    size = path.stat().st_size
    if size > MAX_ATTACHMENT_BYTES:  # before reading a byte of it
        raise AttachmentRefused(_too_big(size))
    return add_bytes(session, db, parent, path.read_bytes(), path.name, user_id, policy)


def add_bytes(session: Session, db: Path, parent: tuple[str, str], data: bytes, name: str,
              user_id: str | None, policy: Policy = Policy()) -> Attachment:  # fmt: skip
    """Attach data under parent = (table, id); raises AttachmentRefused or ValidationError."""
    account_id = account_of(session, *parent)
    mime, width, height = guess_mime(name, data), None, None
    picture = read_picture(data, policy.max_pixels, policy.keep_originals)
    if picture is not None:
        data, mime, width, height = picture.data, picture.mime, picture.width, picture.height
    if len(data) > MAX_ATTACHMENT_BYTES:
        raise AttachmentRefused(_too_big(len(data)))
    values = validate_row("attachments", {
        "account_id": account_id, "parent_table": parent[0], "parent_id": parent[1],
        "name": name, "mime": mime, "size": len(data), "sha256": store.sha256_of(data),
        "width": width, "height": height, "created_by": user_id,
    })  # fmt: skip
    try:
        store.put_content(db, data, quota=policy.quota_bytes)
    except store.QuotaFull as full:
        quota, used = policy.quota_bytes // MIB, f"{full.used / MIB:.1f}"
        raise AttachmentRefused(gettext(QUOTA_FULL, quota=quota, used=used)) from None
    row = Attachment(**values)
    session.add(row)
    session.flush()
    return row


def _too_big(size: int) -> str:
    return gettext(TOO_BIG, size=f"{size / MIB:.1f}", max=MAX_ATTACHMENT_BYTES // MIB)


def keep_extension(old: str, new: str) -> str:
    """The new name with the old one's extension (".jpg"), added when the rep typed a name
    without it: the type the file opens as, and the system's program, go by it."""
    extension = PurePath(old).suffix
    typed = new.strip()
    if not extension or not typed or typed.lower().endswith(extension.lower()):
        return typed
    return typed + extension


def rename(session: Session, attachment_id: str, name: str) -> Attachment:
    """A new name; the old one's extension stays (keep_extension)."""
    row = _live(session, attachment_id)
    name = keep_extension(row.name, name)
    cleaned = validate_row("attachments", {**_values(row), "name": name})["name"]
    if cleaned != row.name:
        row.name = cleaned
        session.flush()
    return row


def delete(session: Session, attachment_id: str) -> None:
    """A tombstone, like any synced row; the bytes go at the next purge."""
    row = _live(session, attachment_id)
    row.deleted_at = clock_of(session).now()
    session.flush()


def _live(session: Session, attachment_id: str) -> Attachment:
    row = session.get(Attachment, attachment_id)
    if row is None or row.deleted_at is not None:
        raise AttachmentRefused(gettext(GONE))
    return row


def _values(row: Attachment) -> dict[str, object]:
    names = ("account_id", "parent_table", "parent_id", "name", "mime", "size", "sha256",
             "width", "height", "created_by")  # fmt: skip
    return {n: getattr(row, n) for n in names}


def list_for(session: Session, parent_table: str | None, parent_id: str,
             account_id: str | None = None) -> list[AttachmentInfo]:  # fmt: skip
    """Live attachments of one parent, or with parent_table None every one under account_id
    (parent_id ignored), newest first."""
    query = select(Attachment, User.full_name).outerjoin(User, User.id == Attachment.created_by)
    query = query.where(Attachment.deleted_at.is_(None))
    if parent_table is None:
        query = query.where(Attachment.account_id == account_id)
    else:
        query = query.where(
            Attachment.parent_table == parent_table, Attachment.parent_id == parent_id
        )
    rows = session.execute(query.order_by(Attachment.created_at.desc(), Attachment.id.desc()))
    return [_info(a, who) for a, who in rows]


def _info(a: Attachment, who: str | None) -> AttachmentInfo:
    return AttachmentInfo(a.id, a.parent_table, a.parent_id, a.name, a.mime, a.size, a.sha256,
                          a.width, a.height, who or a.created_by, a.created_at)  # fmt: skip


def read(db: Path, info: AttachmentInfo) -> bytes:
    """The bytes; store.ContentMissing when they have not come from the server yet."""
    return store.open_content(db, info.sha256)


def policy_of(settings: object) -> Policy:
    """The attachment settings (crm_desktop.settings) as a Policy."""
    get = settings.get  # type: ignore[attr-defined]
    return Policy(int(get("attachments.max_pixels")), bool(get("attachments.keep_originals")),
                  int(get("attachments.quota_mb")) * MIB)  # fmt: skip


def thumbnails(session: Session, db: Path, ids: list[str]) -> dict[str, bytes]:
    """PNG thumbnails of these image attachments whose bytes are on this laptop, by id."""
    found = {}
    for attachment_id in ids:
        row = session.get(Attachment, attachment_id)
        if row is not None and store.has_content(db, row.sha256):
            png = thumbnail_png(store.open_content(db, row.sha256))
            if png is not None:
                found[attachment_id] = png
    return found
