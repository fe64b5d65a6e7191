"""The program as it was before encryption, for benchmarks' "plain" side only.

Patches the few places that open the file so they use the standard sqlite3 module and
SQLAlchemy's pysqlite dialect on an unencrypted file, exactly as before SQLCipher: the same
program, the same SQL, only the file's encryption differs. Never used by the program itself.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any


def _connect(path: Path | str, key: Any = None, *, mode: str | None = None, create: bool = False,
             **kwargs: Any) -> sqlite3.Connection:  # fmt: skip
    if mode is not None:
        uri = f"{Path(path).expanduser().resolve().as_uri()}?mode={mode}"
        return sqlite3.connect(uri, uri=True, **kwargs)
    return sqlite3.connect(str(path), **kwargs)


def _patches(full: bool) -> list[tuple[Any, str, Any]]:
    from crm_desktop.secure import keys, sqlcipher

    found: list[tuple[Any, str, Any]] = [
        (sqlcipher, "connect", _connect),
        (sqlcipher, "encrypt_if_plain", lambda path: False),
        (keys, "prefetch", lambda path: None),
    ]
    if full:  # loads SQLAlchemy: not for a cold start, which never needs it before the paint
        from sqlalchemy import URL

        import crm_desktop.models.database as models_database
        import crm_desktop.seed as seed

        def plain_url(path: Path | str) -> URL:
            return URL.create("sqlite", database=str(Path(path)))

        found += [
            (models_database, "encrypted_url", plain_url),
            (models_database, "CIPHER_PRAGMAS", ()),
            (seed, "encrypted_url", plain_url),
            (seed, "encrypt_if_plain", lambda path: False),
        ]
    return found


def install(full: bool = False) -> None:
    """Patch for good (a child process started for the plain side)."""
    for module, name, value in _patches(full):
        setattr(module, name, value)


@contextlib.contextmanager
def plain_sqlite() -> Iterator[None]:
    """Within: the plain program; after: the encrypted one again."""
    patches = _patches(full=True)
    saved = [(module, name, getattr(module, name)) for module, name, _ in patches]
    install(full=True)
    try:
        yield
    finally:
        for module, name, value in saved:
            setattr(module, name, value)
