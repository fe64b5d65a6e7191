"""Server tables: synced rows with field versions, change log, replay cache, conflicts, users."""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Boolean,
    Column,
    Float,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
)

metadata = MetaData()
SeqType = BigInteger().with_variant(Integer, "sqlite")

# Owner marks in sync_rows.owner and change_log.audience: the catalog everyone reads, or no one
# but managers (an account with no rep). Anything else is a user id.
GLOBAL = "*"
UNOWNED = ""
CAMPAIGNS = "$campaigns"  # campaigns and their costs: managers, and reps with members (campaigns)
COSTS = "$costs"  # products' costs: managers and the reps allowed to see them (crm_server.costs)

server_secrets = Table(
    "server_secrets",
    metadata,
    Column("name", String(40), primary_key=True),
    Column("value", Text, nullable=False),
)

users = Table(
    "users",
    metadata,
    Column("id", String(36), primary_key=True),
    Column("username", String(80), nullable=False, unique=True),
    Column("password_hash", Text, nullable=False),
    Column("role", String(16), nullable=False),
    Column("active", Boolean, nullable=False, default=True),
    Column("created_at", Float, nullable=False),
    Column("sessions_after", Float),  # access tokens issued before this are refused
    Column("sees_costs", Boolean, nullable=False, default=False),  # a rep allowed to see costs
)

refresh_tokens = Table(
    "refresh_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", String(36), nullable=False, index=True),
    Column("expires_at", Float, nullable=False),
    Column("revoked_at", Float),
    Column("created_at", Float, nullable=False),
    Column("family", String(64)),  # every token rotated from one login shares its family
    Column("rotated_to", String(64)),  # the hash of the token it was traded for
    Column("client_id", String(36)),  # the laptop (database file) the login was made for
)

# Failed logins per account, per address and per (account, address) pair; rows expire.
login_throttle = Table(
    "login_throttle",
    metadata,
    Column("scope", String(8), primary_key=True),
    Column("key", String(160), primary_key=True),
    Column("failures", Integer, nullable=False),
    Column("last_failure_at", Float, nullable=False),
    Index("ix_login_throttle_last", "last_failure_at"),
)

# Addresses a user has logged in from: failures elsewhere on the account never slow them.
login_known_addresses = Table(
    "login_known_addresses",
    metadata,
    Column("user_id", String(36), primary_key=True),
    Column("ip", String(64), primary_key=True),
    Column("last_success_at", Float, nullable=False),
)

sync_rows = Table(
    "sync_rows",
    metadata,
    Column("table_name", String(40), primary_key=True),
    Column("row_id", String(36), primary_key=True),
    Column("version", Integer, nullable=False),
    Column("data", Text, nullable=False),  # JSON object of every column (codec scalars)
    Column("field_versions", Text, nullable=False),  # JSON: field -> row version it changed at
    Column("owner", String(36), nullable=False),  # GLOBAL, UNOWNED or the owning rep's id
    Column("account_id", String(36)),
    Column("deleted", Boolean, nullable=False, default=False),
    Index("ix_sync_rows_account", "account_id"),
)

change_log = Table(
    "change_log",
    metadata,
    Column("seq", SeqType, primary_key=True, autoincrement=True),
    Column("txid", BigInteger, nullable=False),
    Column("table_name", String(40), nullable=False),
    Column("row_id", String(36), nullable=False),
    Column("version", Integer, nullable=False),
    Column("audience", String(36), nullable=False),
    Column("kind", String(8), nullable=False),  # row | evict
    Column("fields", Text),  # JSON of the fields this change wrote; NULL for a re-delivery
    Column("author", String(36)),
    Column("op_ref", String(60)),  # "client id:op_seq" of the pushed op that made the change
    Column("created_at", Float, nullable=False),
    Index("ix_change_log_cursor", "txid", "seq"),
    Index("ix_change_log_audience", "audience", "txid", "seq"),
    Index("ix_change_log_row", "table_name", "row_id", "version"),
)

sync_clients = Table(
    "sync_clients",
    metadata,
    Column("client_id", String(36), primary_key=True),
    Column("user_id", String(36), nullable=False),
    Column("last_op_seq", BigInteger, nullable=False),
    Column("updated_at", Float, nullable=False),
)

# Every laptop (a database file's client id) that has contacted the server, and whether an
# admin revoked it: a revoked laptop is told to erase its data at its next contact.
laptops = Table(
    "laptops",
    metadata,
    Column("client_id", String(36), primary_key=True),
    Column("user_id", String(36), nullable=False, index=True),
    Column("first_seen_at", Float, nullable=False),
    Column("last_seen_at", Float, nullable=False),
    Column("revoked_at", Float),
    Column("revoked_reason", Text),
    Column("told_at", Float),  # when the laptop was first answered "erase yourself"
    Column("unlock_period", String(10)),  # the nonce of the unlock code it last received
)

# A person erased at their request (crm_server/erased.py): keyed hashes of the strings that
# named them (never the strings), so a laptop that was offline cannot put them back.
erased_people = Table(
    "erased_people",
    metadata,
    Column("request_id", String(36), primary_key=True),
    Column("account_id", String(36), nullable=False, index=True),
    Column("table_name", String(40), nullable=False),
    Column("row_id", String(36), nullable=False),
    Column("digests", Text, nullable=False),  # JSON: {"terms": [hex...], "parts": [hex...]}
    Column("erased_at", Float, nullable=False),
)

push_results = Table(
    "push_results",
    metadata,
    Column("client_id", String(36), primary_key=True),
    Column("op_seq", BigInteger, primary_key=True),
    Column("result", Text, nullable=False),
)

# The laptop's unique keys (quote numbers, a quote's revision numbers, a rule's reminder...):
# which row holds each value, so a second row with the same value is refused on push.
sync_unique_keys = Table(
    "sync_unique_keys",
    metadata,
    Column("table_name", String(40), primary_key=True),
    Column("key_name", String(40), primary_key=True),
    Column("key_value", String(400), primary_key=True),
    Column("row_id", String(36), nullable=False),
    Index("ix_sync_unique_keys_row", "table_name", "row_id"),
)

conflicts = Table(
    "conflicts",
    metadata,
    Column("id", SeqType, primary_key=True, autoincrement=True),
    Column("table_name", String(40), nullable=False),
    Column("row_id", String(36), nullable=False),
    Column("kind", String(16), nullable=False),  # field | edit_vs_delete | delete_vs_edit
    Column("field", String(60)),
    Column("base", Text),  # JSON values
    Column("server", Text),
    Column("client", Text),
    Column("winner", String(8), nullable=False),
    Column("user_id", String(36), nullable=False),
    Column("client_id", String(36), nullable=False),
    Column("op_seq", BigInteger, nullable=False),
    Column("created_at", Float, nullable=False),
    Column("resolution", Text),
    Column("resolved_at", Float),
    Index("ix_conflicts_row", "table_name", "row_id"),
)

# Two live accounts with the same normalised tax id (made offline by two reps): kept both, shown
# to the managers until one merges them (resolved_at) or says they differ.
duplicate_accounts = Table(
    "duplicate_accounts",
    metadata,
    Column("id", SeqType, primary_key=True, autoincrement=True),
    Column("tax_id", String(32), nullable=False),
    Column("first_id", String(36), nullable=False),  # the account already on the server
    Column("second_id", String(36), nullable=False),  # the one whose push found the first
    Column("created_at", Float, nullable=False),
    Column("resolved_at", Float),
    Column("resolution", String(120)),
    Index("ix_duplicate_accounts_pair", "first_id", "second_id", unique=True),
)

# Which account holds each normalised tax id (several rows when duplicates exist).
account_tax_ids = Table(
    "account_tax_ids",
    metadata,
    Column("tax_id", String(32), primary_key=True),
    Column("account_id", String(36), primary_key=True),
    Index("ix_account_tax_ids_account", "account_id"),
)

# A manager's merge: the merged account is a tombstone pointing at the survivor. The survivor's
# version before the merge is the base a late edit of the merged account is weighed against.
account_merges = Table(
    "account_merges",
    metadata,
    Column("merged_id", String(36), primary_key=True),
    Column("survivor_id", String(36), nullable=False, index=True),
    Column("survivor_base", Integer, nullable=False),
    Column("merged_owner", String(36), nullable=False),
    Column("manager_id", String(36), nullable=False),
    Column("fields", Text, nullable=False),  # JSON: the fields taken from the merged account
    Column("created_at", Float, nullable=False),
)

# Every row a merge moved, with its version before: the merged account's rep may still push
# edits made before they knew (they land on the moved row), never later ones.
account_merge_rows = Table(
    "account_merge_rows",
    metadata,
    Column("table_name", String(40), primary_key=True),
    Column("row_id", String(36), primary_key=True),
    Column("merged_id", String(36), primary_key=True),  # a row moves once per merge
    Column("version_before", Integer, nullable=False),
)

# A user's calendar feed (planned visits and open reminders as iCalendar) is read by calendar
# programs that send no login: a long random token in its URL, kept here as a hash, revocable.
calendar_tokens = Table(
    "calendar_tokens",
    metadata,
    Column("token_hash", String(64), primary_key=True),
    Column("user_id", String(36), nullable=False, index=True),
    Column("created_at", Float, nullable=False),
    Column("revoked_at", Float),
)

# Which reps hold members of which campaign: they receive the campaign row and its changes.
campaign_reps = Table(
    "campaign_reps",
    metadata,
    Column("campaign_id", String(36), primary_key=True),
    Column("user_id", String(36), primary_key=True),
)

# Attachments by content hash (issue 17): which attachments rows name each SHA-256, kept with
# the rows by Batch.flush and rows.save, so the content API's scope check and the purge find a
# hash's rows by an index, not by reading every attachment's JSON.
attachment_hashes = Table(
    "attachment_hashes",
    metadata,
    Column("row_id", String(36), primary_key=True),
    Column("sha256", String(64), nullable=False, index=True),
    Column("size", BigInteger, nullable=False),
)

# Content the server stores, and the user whose upload completed it first: the bytes count
# against that user's quota (CRM_SERVER_CONTENT_QUOTA_MB); a second uploader adds nothing.
content_uploads = Table(
    "content_uploads",
    metadata,
    Column("sha256", String(64), primary_key=True),
    Column("user_id", String(36), nullable=False, index=True),
    Column("size", BigInteger, nullable=False),
    Column("stored_at", Float, nullable=False),
)
