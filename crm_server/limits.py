"""Every size the server accepts, in one place (the README and the OpenAPI document quote them)."""

from __future__ import annotations

from crm_desktop.services.core.rules import MAX_ATTACHMENT_BYTES as MAX_ATTACHMENT_BYTES
from crm_desktop.sync import protocol as P

KIB = 1024
MIB = 1024 * KIB

# A request body, as sent and once inflated (gzip). Only the sync endpoints, called with an
# access token whose signature holds, may send big bodies; everything else (logins, refreshes,
# requests with no or a forged token) is held to the small limit, so no one can make the server
# read megabytes before it knows who they are.
MAX_BODY = 16 * MIB
MAX_SMALL_BODY = 16 * KIB
BIG_BODY_PATHS = frozenset({"/v1/sync/push", "/v1/sync/pull"})
# Attachment content (crm_server.content): a PUT to CONTENT_PREFIX with a signed token may send a
# chunk of at most MAX_CHUNK bytes; a whole file at most MAX_ATTACHMENT_BYTES (the shared rules).
CONTENT_PREFIX = "/v1/content/"
MAX_CHUNK = 4 * MIB
# A refused body is read on and dropped up to this much past its limit (so an ordinary client
# reads the answer rather than a reset connection); a bigger one is cut off by closing.
MAX_DRAIN = 1 * MIB
# Gzip: inflated in chunks of this size; a body that inflates beyond MAX_BODY or more than
# MAX_GZIP_RATIO times its compressed size (past the first MiB) is refused with 413.
INFLATE_CHUNK = 64 * KIB
MAX_GZIP_RATIO = 100

# A push: ops per push, fields per op, a field name, any one text value (the protocol's own
# bounds, shared with the laptop) and a whole row once the op is merged into it (bytes of JSON).
# A String(n) column holds at most n characters; a text column at most MAX_TEXT.
MAX_OPS = P.MAX_OPS
MAX_FIELDS = P.MAX_FIELDS
MAX_FIELD_NAME = P.MAX_FIELD_NAME
MAX_TEXT = P.MAX_TEXT
MAX_ROW = 1 * MIB
# JSON values in a body past the first MiB, counted before parsing as the commas, "[" and "{"
# of its raw bytes (those inside text too, so an over-estimate; no copy, C speed): a 16 MiB body
# of a million tiny keys or empty arrays would cost hundreds of MB as Python objects. A push of
# 2,000 ops of 50 fields has ~110,000, leaving room for ~390,000 commas in its text.
MAX_JSON_VALUES = 500_000
COUNT_VALUES_FROM = 1 * MIB
INT64_MIN, INT64_MAX = P.INT64_MIN, P.INT64_MAX
# A pull page stops adding rows once its body would pass this many bytes (before its row
# count); a single row bigger than that still goes, alone. The cursor names the last entry
# the page covered, so the next page starts exactly after it.
MAX_PULL_PAGE = 4 * MIB
# A bootstrap page (a new laptop's scope as a snapshot, crm_server.bootstrap) likewise stops
# before this many characters of rows; gzip takes it to about a fifth on the wire.
MAX_BOOTSTRAP_PAGE = 8 * MIB
