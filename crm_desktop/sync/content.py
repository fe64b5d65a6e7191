"""Attachment content between the laptop and the server, after the rows (Qt-free).

The rows (the `attachments` metadata) travel with the normal push and pull; the content, named
by its SHA-256, moves here in chunks through the server's /v1/content API:
- uploads: each hash the laptop store says is waiting, from the byte the server already holds
  (`received`), so a kill or a lost network at any byte re-sends at most the chunk in flight;
- downloads: lazily when a file is opened (`fetch`), and eagerly for the attachments of the
  next N days' visits and of those visits' accounts (`eager_days`), so a rep going offline
  tomorrow has them; a download cut short (a lost network, a cancel, a kill -9 of the laptop)
  resumes with a Range from what has come: the store keeps the part received, encrypted, and
  the whole is verified by its SHA-256 before it becomes content.
Nothing here blocks or fails the row sync: every failure is counted in the report, by hash.
The laptop's content store is reached only through its functions (the contract of issue 17):
pending_uploads, open_content, store_downloaded, missing_content, and mark_uploaded, plus
partial_download for the part of a download kept so far.
"""

from __future__ import annotations

import contextlib
import hashlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any, Protocol

from sqlalchemy import or_, select

from crm_desktop.clock import clock_of
from crm_desktop.sync.client import SyncClient, SyncError

CHUNK = 4 * 1024 * 1024  # the server's MAX_CHUNK
EAGER_DAYS = 2  # default of the setting: content of the visits of today and the next 2 days
ATTEMPTS = 3  # tries of one chunk or one download after a lost connection
BLOCK = 1024 * 1024  # a download is kept in the store piece by piece, this size each


class Partial(Protocol):
    """The part of one download kept so far (services.attachments.store.PartialDownload)."""

    @property
    def received(self) -> int: ...

    def append(self, at: int, data: bytes) -> None: ...
    def whole(self) -> bytes: ...
    def drop(self) -> None: ...


class LaptopStore(Protocol):
    """The laptop content store's functions (crm_desktop.services.attachments)."""

    def pending_uploads(self, db: Any) -> list[tuple[str, int]]: ...
    def open_content(self, db: Any, sha: str) -> bytes: ...
    def store_downloaded(self, db: Any, sha: str, data: bytes) -> None: ...
    def missing_content(self, db: Any) -> list[str]: ...
    def mark_uploaded(self, db: Any, sha: str) -> None: ...


class _MemoryPartial:
    """A download's part in memory, for a store that cannot keep one (tests' plain stores)."""

    def __init__(self, kept: bytearray) -> None:
        self.kept = kept

    @property
    def received(self) -> int:
        return len(self.kept)

    def append(self, at: int, data: bytes) -> None:
        del self.kept[at:]
        self.kept += data

    def whole(self) -> bytes:
        return bytes(self.kept)

    def drop(self) -> None:
        self.kept.clear()


class Cancelled(Exception):
    """The rep stopped the download; the part received stays for the next try."""


def default_store() -> LaptopStore:
    from crm_desktop.services import attachments

    store: LaptopStore = attachments
    return store


class ContentError(Exception):
    def __init__(self, sha: str, kind: str, message: str) -> None:
        super().__init__(message)
        self.sha, self.kind, self.message = sha, kind, message


@dataclass
class ContentReport:
    uploaded: int = 0  # files now complete on the server
    downloaded: int = 0
    bytes_sent: int = 0
    bytes_received: int = 0
    failed: dict[str, str] = field(default_factory=dict)  # sha -> why (words)


class ContentSync:
    """Uploads and downloads of one laptop's content against one server."""

    def __init__(
        self,
        db: Any,
        client: SyncClient,
        store: LaptopStore | None = None,
        *,
        chunk: int = CHUNK,
        eager_days: int = EAGER_DAYS,
        on_chunk: Callable[[str, int], None] | None = None,
        block: int = BLOCK,
    ) -> None:
        """db: the laptop's Database (its sessions and clock); on_chunk(sha, received) after
        each chunk the server took (progress; tests stop the server there); block: the size of
        each piece of a download kept in the store."""
        self.db, self.client, self.chunk, self.eager_days = db, client, chunk, eager_days
        self.store = store if store is not None else default_store()
        self.on_chunk = on_chunk
        self.block = block
        # Downloads cut short, for a store that cannot keep them (in memory, this session only).
        self.partial: dict[str, bytearray] = {}

    # -- the whole pass, after the rows ------------------------------------------------------
    def run(self) -> ContentReport:
        """Upload what waits, then fetch the eager downloads; never raises for one file."""
        report = ContentReport()
        try:
            pending = self.store.pending_uploads(self.db)
        except Exception as error:
            report.failed["*"] = f"The attachments waiting to upload cannot be read ({error})."
            return report
        for sha, size in pending:
            try:
                report.bytes_sent += self.upload(sha, size)
                self.store.mark_uploaded(self.db, sha)  # the server holds all of it
                report.uploaded += 1
            except ContentError as error:
                report.failed[sha] = error.message
            except SyncError as error:
                report.failed[sha] = error.message
                if error.kind in ("offline", "login_needed", "wipe"):
                    return report  # the others would fail the same way
            except Exception as error:  # e.g. the store lost the file: go on
                report.failed[sha] = f"This file cannot be sent ({type(error).__name__})."
        try:
            wanted = self.eager_hashes()
        except Exception as error:
            report.failed["*"] = f"The attachments to download cannot be listed ({error})."
            return report
        for sha in wanted:
            try:
                report.bytes_received += len(self.fetch(sha))
                report.downloaded += 1
            except (ContentError, SyncError) as error:
                report.failed[sha] = error.message
            except Exception as error:  # e.g. the store's quota: go on
                report.failed[sha] = f"This file cannot be kept here ({error})."
        return report

    def attach_to(self, engine: Any) -> None:
        """Run this pass after each row sync of `engine` (a SyncEngine)."""
        engine.after_rows = self.run

    # -- upload --------------------------------------------------------------------------
    def upload(self, sha: str, size: int) -> int:
        """Send content `sha` from the byte the server holds; the bytes sent."""
        status = self.client.content("GET", f"/v1/content/{sha}/status")
        self._check(sha, status.status_code, status)
        held = status.json()
        if held["complete"]:
            return 0  # someone uploaded it already (dedup)
        data = self.store.open_content(self.db, sha)
        if len(data) != size or hashlib.sha256(data).hexdigest() != sha:
            raise ContentError(sha, "damaged", "The file on this laptop does not match its hash.")
        at = held["received"] if held["size"] == size else 0
        sent = 0
        tries = 0
        while True:
            piece = data[at : at + self.chunk]
            try:
                answer = self.client.content(
                    "PUT",
                    f"/v1/content/{sha}",
                    params={"offset": at, "size": size},
                    content=piece,
                    headers={"Content-Type": "application/octet-stream"},
                )
            except SyncError:
                tries += 1
                if tries >= ATTEMPTS:
                    raise
                at = self._received(sha)  # where the server stands after the lost answer
                continue
            sent += len(piece)
            if answer.status_code == 409:
                at = int(answer.json()["received"])
                continue
            self._check(sha, answer.status_code, answer)
            body = answer.json()
            at = int(body["received"])
            if self.on_chunk is not None:
                self.on_chunk(sha, at)
            if body["complete"]:
                return sent

    def _received(self, sha: str) -> int:
        status = self.client.content("GET", f"/v1/content/{sha}/status")
        self._check(sha, status.status_code, status)
        return int(status.json()["received"])

    # -- download ------------------------------------------------------------------------
    def fetch(
        self,
        sha: str,
        progress: Callable[[int], None] | None = None,
        stop: Callable[[], bool] | None = None,
    ) -> bytes:
        """Download content `sha` (on open, or eagerly) from the byte kept so far, verify it and
        give it to the store. progress(received) after each piece kept; stop() asked after each
        piece: True raises Cancelled (what came stays kept for the next try)."""
        with self._partial(sha) as part:
            tries = 0

            def keep(at: int, data: bytes) -> None:
                part.append(at, data)
                if progress is not None:
                    progress(part.received)
                if stop is not None and stop():
                    raise Cancelled(sha)

            while True:
                try:
                    code = self.client.content_stream(
                        f"/v1/content/{sha}", part.received, keep, self.block
                    )
                except SyncError:
                    tries += 1
                    if tries >= ATTEMPTS:
                        raise
                    continue
                if code in (200, 206):
                    break
                if code == 416:  # kept all of it already (a kill before it was stored) or more
                    if hashlib.sha256(part.whole()).hexdigest() == sha:
                        break
                    part.drop()
                    continue
                self._check(sha, code, None)
            data = part.whole()
            if hashlib.sha256(data).hexdigest() != sha:
                part.drop()  # a bad piece somewhere: the next try starts from the first byte
                raise ContentError(sha, "damaged", "The file downloaded does not match its hash.")
            self.store.store_downloaded(self.db, sha, data)
            part.drop()
        self.partial.pop(sha, None)
        return data

    @contextlib.contextmanager
    def _partial(self, sha: str) -> Iterator[Partial]:
        kept = getattr(self.store, "partial_download", None)
        if kept is None:
            yield _MemoryPartial(self.partial.setdefault(sha, bytearray()))
            return
        with kept(self.db, sha) as part:
            yield part

    def eager_hashes(self) -> list[str]:
        """Missing content of the attachments of the next N days' visits and their accounts."""
        missing = self.store.missing_content(self.db)
        if not missing or self.eager_days <= 0:
            return []
        from crm_desktop.models import Attachment, Visit

        with self.db.sessions() as session:
            now = clock_of(session).now()
            soon = select(Visit.id, Visit.account_id).where(
                Visit.deleted_at.is_(None),
                Visit.planned_at >= now - timedelta(hours=12),
                Visit.planned_at < now + timedelta(days=self.eager_days + 1),
            )
            visits = session.execute(soon).all()
            if not visits:
                return []
            shas = session.scalars(
                select(Attachment.sha256).where(
                    Attachment.deleted_at.is_(None),
                    or_(
                        Attachment.parent_table.in_(("visits",))
                        & Attachment.parent_id.in_([v.id for v in visits]),
                        Attachment.account_id.in_({v.account_id for v in visits}),
                    ),
                )
            ).all()
        wanted = set(shas)
        return [sha for sha in missing if sha in wanted]

    @staticmethod
    def _check(sha: str, code: int, answer: Any) -> None:
        if code == 200:
            return
        if code == 413 and _code_of(answer) == "quota_exceeded":  # the server's words, sizes
            raise ContentError(sha, "quota", str(answer.json().get("message")))
        words = {
            403: "The server does not let this user read or send this file.",
            404: "The server does not have this file yet.",
            413: "The file is larger than the server accepts.",
            422: "The server refused the file: it does not match its hash or its size.",
        }.get(code, f"The server answered {code}.")
        raise ContentError(sha, str(code), words)


def _code_of(answer: Any) -> str | None:
    try:
        return str(answer.json().get("code"))
    except Exception:  # not JSON, or no answer at all
        return None
