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
