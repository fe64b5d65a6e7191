"""Validation rules of attachment metadata (registered in services.core.rules.RULES).

The laptop and the server check the same bounds; the server's content API bounds the bytes
by MAX_ATTACHMENT_BYTES too (crm_server.limits takes it from here).
"""

from __future__ import annotations

import re

from crm_desktop.i18n import N_
from crm_desktop.services.core.validation import Checker

MIB = 1024 * 1024
MAX_ATTACHMENT_BYTES = 64 * MIB  # one file: a scanned contract or a phone video clip
MAX_NAME = 255
MAX_MIME = 100
MAX_SIDE = 100_000  # pixels, either side of an image
PARENT_TABLES = ("accounts", "contacts", "visits", "opportunities", "quotes")
SHA256_RE = re.compile(r"[0-9a-f]{64}")
MIME_RE = re.compile(r"[a-z0-9][a-z0-9!#$&^_.+-]*/[a-z0-9][a-z0-9!#$&^_.+-]*")
FORBIDDEN_IN_NAME = frozenset("/\\\0")


def attachment_rules(c: Checker) -> None:
    c.text("account_id", required=True, max_len=36)
    parent = c.text("parent_table", required=True, max_len=20)
    if parent is not None and parent not in PARENT_TABLES:
        c.problem(
            "parent_table", "invalid_choice", N_("“{value}” is not one of the choices."),
            value=parent,
        )  # fmt: skip
    c.text("parent_id", required=True, max_len=36)
    _name(c)
    mime = c.text("mime", required=True, max_len=MAX_MIME)
    if mime is not None and not c.has_problem("mime") and not MIME_RE.fullmatch(mime):
        c.problem("mime", "invalid_mime", N_("Not a file type (such as image/jpeg)."))
    c.integer("size", required=True, minimum=0, maximum=MAX_ATTACHMENT_BYTES)
    digest = c.text("sha256", required=True, max_len=64)
    if digest is not None and not SHA256_RE.fullmatch(digest):
        c.problem("sha256", "invalid_sha256", N_("Not a SHA-256 (64 lower-case hex digits)."))
    c.integer("width", minimum=1, maximum=MAX_SIDE)
    c.integer("height", minimum=1, maximum=MAX_SIDE)
    c.text("created_by", max_len=36)


def _name(c: Checker) -> None:
    name = c.text("name", required=True, max_len=MAX_NAME)
    if name is None or c.has_problem("name"):
        return
    cleaned = name.strip()
    if not cleaned or cleaned in {".", ".."}:
        c.problem("name", "required", N_("Give the file a name."))
    elif any(ch in FORBIDDEN_IN_NAME or ord(ch) < 32 for ch in cleaned):
        c.problem("name", "invalid_name", N_("A file name cannot hold / \\ or control characters."))
    else:
        c.values["name"] = cleaned
