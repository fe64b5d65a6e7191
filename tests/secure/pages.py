"""The plain bytes of every page of an encrypted laptop file, free pages and WAL frames included.

A test that looks for a person's name in the file's bytes finds nothing in ciphertext whether the
erase worked or not; these helpers decrypt each page as SQLCipher 4 wrote it (AES-256-CBC with
the raw key, a 16-byte IV and a 32-byte HMAC-SHA256 in each page's reserved tail, the file's salt
in the first 16 bytes of page 1), so what a thief holding the key would read is what is searched.
"""

from __future__ import annotations

import struct
from pathlib import Path

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from crm_desktop.secure.keys import key_for

PAGE = 4096
RESERVE = 48  # IV 16 + HMAC-SHA256 32 (secure.sqlcipher.CIPHER_PRAGMAS)
WAL_HEADER, FRAME_HEADER = 32, 24


def _page(raw: bytes, key: bytes, first: bool) -> bytes:
    iv = raw[PAGE - RESERVE : PAGE - RESERVE + 16]
    body = raw[16 if first else 0 : PAGE - RESERVE]
    decryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).decryptor()
    return decryptor.update(body) + decryptor.finalize()


def plain_pages(db_path: Path, part: Path | None = None) -> bytes:
    """The decrypted pages of db_path itself, of its -wal, or of a copy (`part`) keyed alike."""
    key = key_for(db_path).key
    data = (part or db_path).read_bytes()
    if (part or db_path).name.endswith("-wal"):
        pages = []
        for at in range(WAL_HEADER, len(data) - FRAME_HEADER - PAGE + 1, FRAME_HEADER + PAGE):
            number = struct.unpack(">I", data[at : at + 4])[0]
            frame = data[at + FRAME_HEADER : at + FRAME_HEADER + PAGE]
            pages.append(_page(frame, key, number == 1))
        return b"".join(pages)
    return b"".join(
        _page(data[at : at + PAGE], key, at == 0) for at in range(0, len(data) - PAGE + 1, PAGE)
    )
