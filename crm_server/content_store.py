"""Where attachment content lives on the server: a folder (default) or S3-compatible storage.

Content is addressed by its SHA-256 and stored once whoever uploads it. An upload arrives in
chunks at increasing offsets and is kept apart from finished content until its last byte has
come and the whole hashes to its name: only then does it appear (folder: temp file + rename;
S3: one object written whole), so a reader never sees half a file, and a kill at any byte
leaves a partial upload that resumes where it stopped (`received`).
"""

from __future__ import annotations

import hashlib
import os
import tempfile
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

from sqlalchemy.engine import Engine

CONTENT_DIR_ENV = "CRM_SERVER_CONTENT_DIR"
S3_URL_ENV = (
    "CRM_SERVER_S3_URL"  # the endpoint, e.g. https://s3.example.com or http://127.0.0.1:9000
)
S3_BUCKET_ENV = "CRM_SERVER_S3_BUCKET"
S3_KEY_ENV = "CRM_SERVER_S3_KEY_ID"
S3_SECRET_ENV = "CRM_SERVER_S3_SECRET"
S3_REGION_ENV = "CRM_SERVER_S3_REGION"
READ_BLOCK = 1024 * 1024


@dataclass(frozen=True)
class Held:
    """What the store holds of one hash: the total size (None if nothing), bytes, complete."""

    size: int | None
    received: int
    complete: bool


class Mismatch(Exception):
    """The whole upload does not hash to its name: it was discarded."""


class ContentStore(Protocol):
    def held(self, sha: str) -> Held: ...

    def append(self, sha: str, size: int, offset: int, data: bytes) -> Held:
        """Add the chunk at `offset` (the caller checked offset == received); when the last
        byte arrives, verify the whole and publish it, or discard it (Mismatch)."""
        ...

    def read(self, sha: str, start: int) -> Iterator[bytes]: ...

    def hashes(self) -> set[str]:
        """Every hash held, whole or partly."""
        ...

    def delete(self, sha: str) -> None: ...

    def stale_partials(self, before: float, limit: int) -> list[str]:
        """Hashes of at most `limit` partial uploads last written before `before` (epoch s)."""
        ...

    def delete_partial(self, sha: str) -> None: ...


_locks: dict[str, threading.Lock] = {}
_locks_guard = threading.Lock()


def lock_for(sha: str) -> threading.Lock:
    """One upload of a hash at a time in this process (two reps uploading the same file)."""
    with _locks_guard:
        return _locks.setdefault(sha, threading.Lock())


class FolderStore:
    """objects/ab/<sha> for finished content, partial/<sha>.part (+ .size) for uploads."""

    def __init__(self, root: Path) -> None:
        self.root = root
        (root / "objects").mkdir(parents=True, exist_ok=True)
        (root / "partial").mkdir(parents=True, exist_ok=True)

    def _object(self, sha: str) -> Path:
        return self.root / "objects" / sha[:2] / sha

    def _part(self, sha: str) -> Path:
        return self.root / "partial" / f"{sha}.part"

    def _size(self, sha: str) -> Path:
        return self.root / "partial" / f"{sha}.size"

    def held(self, sha: str) -> Held:
        done = self._object(sha)
        if done.exists():
            size = done.stat().st_size
            return Held(size, size, True)
        try:
            size = int(self._size(sha).read_text())
        except (OSError, ValueError):
            return Held(None, 0, False)
        part = self._part(sha)
        return Held(size, part.stat().st_size if part.exists() else 0, False)

    def append(self, sha: str, size: int, offset: int, data: bytes) -> Held:
        if offset == 0:
            _atomic_write(self._size(sha), str(size).encode())
            mode = "wb"
        else:
            mode = "ab"
        part = self._part(sha)
        with part.open(mode) as out:
            out.write(data)
            received = offset + len(data)
            if received >= size:  # the whole is on disk before it is published
                out.flush()
                os.fsync(out.fileno())
        if received < size:
            # Not synced per chunk (that halves the speed): after a crash the file may be
            # shorter than was answered, and the client resumes from the shorter `received`;
            # anything damaged fails the SHA-256 check at the end.
            return Held(size, received, False)
        ok = _sha_of_file(part) == sha and part.stat().st_size == size
        if not ok:
            self._discard(sha)
            raise Mismatch(sha)
        target = self._object(sha)
        target.parent.mkdir(exist_ok=True)
        os.replace(part, target)  # atomic: readers see all of it or nothing
        self._size(sha).unlink(missing_ok=True)
        return Held(size, size, True)

    def _discard(self, sha: str) -> None:
        self._part(sha).unlink(missing_ok=True)
        self._size(sha).unlink(missing_ok=True)

    def hashes(self) -> set[str]:
        whole = {p.name for p in (self.root / "objects").glob("??/*") if len(p.name) == 64}
        return whole | {p.name.partition(".")[0] for p in (self.root / "partial").glob("*.size")}

    def delete(self, sha: str) -> None:
        self._object(sha).unlink(missing_ok=True)
        self._discard(sha)

    def stale_partials(self, before: float, limit: int) -> list[str]:
        found: list[str] = []
        with os.scandir(self.root / "partial") as entries:
            for entry in entries:
                sha, _, kind = entry.name.partition(".")
                if kind != "size" or len(sha) != 64:
                    continue
                part = self._part(sha)
                written = part.stat().st_mtime if part.exists() else entry.stat().st_mtime
                if written < before:
                    found.append(sha)
                    if len(found) >= limit:
                        break
        return found

    def delete_partial(self, sha: str) -> None:
        self._discard(sha)

    def read(self, sha: str, start: int) -> Iterator[bytes]:
        with self._object(sha).open("rb") as source:
            source.seek(start)
            while block := source.read(READ_BLOCK):
                yield block


def _atomic_write(path: Path, data: bytes) -> None:
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(fd, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _sha_of_file(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as source:
        while block := source.read(READ_BLOCK):
            digest.update(block)
    return digest.hexdigest()


class S3Store:
    """objects/<sha> whole; an upload as partial/<sha>/size and partial/<sha>/<offset> chunks.

    S3 cannot append, and multipart parts must be ≥ 5 MiB (chunks are ≤ 4 MiB), so each chunk
    is its own object; at the last byte the chunks are read back in order, hashed, and written
    as one object by a multipart upload (published only when complete), then dropped.
    """

    PART = 8 * 1024 * 1024

    def __init__(self, client: Any, bucket: str) -> None:
        self.s3, self.bucket = client, bucket

    def _chunks(self, sha: str) -> list[tuple[int, int]]:
        """(offset, length) of the stored chunks, in order, up to the first gap."""
        found: list[tuple[int, int]] = []
        pages = self.s3.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix=f"partial/{sha}/c"
        )
        for page in pages:
            for item in page.get("Contents", []):
                found.append((int(item["Key"].rsplit("/c", 1)[1]), int(item["Size"])))
        found.sort()
        kept: list[tuple[int, int]] = []
        at = 0
        for offset, length in found:
            if offset != at:
                break  # a gap (never written by this server): what follows does not count
            kept.append((offset, length))
            at += length
        return kept

    def held(self, sha: str) -> Held:
        try:
            head = self.s3.head_object(Bucket=self.bucket, Key=f"objects/{sha}")
            size = int(head["ContentLength"])
            return Held(size, size, True)
        except self.s3.exceptions.ClientError:
            pass
        try:
            raw = self.s3.get_object(Bucket=self.bucket, Key=f"partial/{sha}/size")["Body"].read()
            size = int(raw)
        except (self.s3.exceptions.ClientError, ValueError):
            return Held(None, 0, False)
        return Held(size, sum(length for _, length in self._chunks(sha)), False)

    def append(self, sha: str, size: int, offset: int, data: bytes) -> Held:
        if offset == 0:
            self._discard(sha)
            self.s3.put_object(Bucket=self.bucket, Key=f"partial/{sha}/size", Body=str(size))
        self.s3.put_object(Bucket=self.bucket, Key=f"partial/{sha}/c{offset:016d}", Body=data)
        received = offset + len(data)
        if received < size:
            return Held(size, received, False)
        digest = hashlib.sha256()
        for block in self._partial_blocks(sha):
            digest.update(block)
        if digest.hexdigest() != sha:
            self._discard(sha)
            raise Mismatch(sha)
        self._publish(sha)
        self._discard(sha)
        return Held(size, size, True)

    def _partial_blocks(self, sha: str) -> Iterator[bytes]:
        for offset, _ in self._chunks(sha):
            key = f"partial/{sha}/c{offset:016d}"
            yield self.s3.get_object(Bucket=self.bucket, Key=key)["Body"].read()

    def _publish(self, sha: str) -> None:
        key = f"objects/{sha}"
        upload = self.s3.create_multipart_upload(Bucket=self.bucket, Key=key)
        parts: list[dict[str, Any]] = []
        buffer = bytearray()

        def flush() -> None:
            number = len(parts) + 1
            answer = self.s3.upload_part(
                Bucket=self.bucket,
                Key=key,
                UploadId=upload["UploadId"],
                PartNumber=number,
                Body=bytes(buffer),
            )
            parts.append({"PartNumber": number, "ETag": answer["ETag"]})
            buffer.clear()

        try:
            for block in self._partial_blocks(sha):
                buffer += block
                if len(buffer) >= self.PART:
                    flush()
            if buffer or not parts:
                flush()
            self.s3.complete_multipart_upload(
                Bucket=self.bucket,
                Key=key,
                UploadId=upload["UploadId"],
                MultipartUpload={"Parts": parts},
            )
        except BaseException:
            self.s3.abort_multipart_upload(Bucket=self.bucket, Key=key, UploadId=upload["UploadId"])
            raise

    def _discard(self, sha: str) -> None:
        keys = [{"Key": f"partial/{sha}/size"}]
        keys += [{"Key": f"partial/{sha}/c{offset:016d}"} for offset, _ in self._chunks(sha)]
        self.s3.delete_objects(Bucket=self.bucket, Delete={"Objects": keys, "Quiet": True})

    def hashes(self) -> set[str]:
        found: set[str] = set()
        for prefix in ("objects/", "partial/"):
            pages = self.s3.get_paginator("list_objects_v2").paginate(
                Bucket=self.bucket, Prefix=prefix
            )
            for page in pages:
                found |= {item["Key"].split("/")[1] for item in page.get("Contents", [])}
        return found

    def delete(self, sha: str) -> None:
        self.s3.delete_object(Bucket=self.bucket, Key=f"objects/{sha}")
        self._discard(sha)

    def stale_partials(self, before: float, limit: int) -> list[str]:
        """Keys list in order, so each upload's objects come together: its newest decides."""
        newest: dict[str, float] = {}
        sha = ""
        pages = self.s3.get_paginator("list_objects_v2").paginate(
            Bucket=self.bucket, Prefix="partial/"
        )
        for page in pages:
            for item in page.get("Contents", []):
                sha = item["Key"].split("/")[1]
                at = item["LastModified"].timestamp()
                newest[sha] = max(at, newest.get(sha, at))
            if sum(1 for at in newest.values() if at < before) > limit:
                newest.pop(sha, None)  # its objects may go on in the next page
                break  # enough for this run
        return [sha for sha, at in newest.items() if at < before][:limit]

    def delete_partial(self, sha: str) -> None:
        self._discard(sha)

    def read(self, sha: str, start: int) -> Iterator[bytes]:
        answer = self.s3.get_object(
            Bucket=self.bucket, Key=f"objects/{sha}", Range=f"bytes={start}-"
        )
        yield from answer["Body"].iter_chunks(READ_BLOCK)


def from_env(engine: Engine) -> ContentStore:
    """S3 when CRM_SERVER_S3_URL is set, else the folder CRM_SERVER_CONTENT_DIR (default: a
    `content` folder beside the SQLite database, or in the server's data folder)."""
    url = os.environ.get(S3_URL_ENV)
    if url:
        import boto3  # the server extra; only when S3 is configured

        client = boto3.client(
            "s3",
            endpoint_url=url,
            aws_access_key_id=os.environ.get(S3_KEY_ENV),
            aws_secret_access_key=os.environ.get(S3_SECRET_ENV),
            region_name=os.environ.get(S3_REGION_ENV, "us-east-1"),
        )
        return S3Store(client, os.environ.get(S3_BUCKET_ENV, "crm-content"))
    folder = os.environ.get(CONTENT_DIR_ENV)
    if folder:
        return FolderStore(Path(folder))
    database = engine.url.database if engine.url.get_backend_name() == "sqlite" else None
    if database and database != ":memory:":
        return FolderStore(Path(database).parent / "content")
    from platformdirs import user_data_dir

    return FolderStore(Path(user_data_dir("crm-server", appauthor=False)) / "content")
