"""The sync wire protocol: pydantic models shared by the laptop and the server; no Qt."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

# Bump PROTOCOL_VERSION when the messages change shape; SCHEMA_VERSION when a synced table
# gains or loses a column. The server names the oldest of each it still serves.
PROTOCOL_VERSION = 1
SCHEMA_VERSION = 2  # 2: accounts.merged_into_id
MIN_PROTOCOL_VERSION = 1
MIN_SCHEMA_VERSION = 1
PROTOCOL_HEADER = "X-CRM-Protocol"
SCHEMA_HEADER = "X-CRM-Schema"
# Sent with a pull ("1"): the answer carries the laptop's next unlock verifier (`unlock`), so a
# sync with nothing to do is one request. A server that does not know it ignores it, and the
# laptop then asks /v1/laptop/unlock-verifier as before.
UNLOCK_HEADER = "X-CRM-Unlock"

# Bounds of every message (the server refuses anything larger with 422 before any work).
INT64_MIN, INT64_MAX = -(2**63), 2**63 - 1
MAX_OPS = 2000  # ops per push (the laptop sends 500 at a time)
MAX_FIELDS = 100  # fields per op (the widest synced table has ~40 columns)
MAX_FIELD_NAME = 64
MAX_TEXT = 512 * 1024  # characters of any one text value

Int64 = Annotated[int, Field(ge=INT64_MIN, le=INT64_MAX)]
Count = Annotated[int, Field(ge=0, le=INT64_MAX)]
JsonScalar = Annotated[str, Field(max_length=MAX_TEXT)] | Int64 | bool | None
FieldName = Annotated[str, Field(min_length=1, max_length=MAX_FIELD_NAME)]


def _few_fields(value: Any) -> Any:
    # Checked before the items are (pydantic counts a dict after validating every item): a
    # hostile op with a million fields is refused without building a second million.
    if isinstance(value, dict) and len(value) > MAX_FIELDS:
        raise ValueError(f"at most {MAX_FIELDS} fields per op")
    return value


Fields = Annotated[
    dict[FieldName, JsonScalar], Field(max_length=MAX_FIELDS), BeforeValidator(_few_fields)
]
Id = Annotated[str, Field(min_length=1, max_length=36)]
TableName = Annotated[str, Field(min_length=1, max_length=40)]
OpKind = Literal["insert", "update", "delete"]
OpStatus = Literal["applied", "merged", "conflict", "refused", "duplicate"]
Role = Literal["rep", "manager", "admin"]


class Strict(BaseModel):
    # No coercion either: `false` is not a cursor's 0, nor `0` a `false`, nor `"1"` a version
    # (the fuzzer's "schema-violating request accepted"); both sides send exact JSON types.
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Versioned(Strict):
    """Every request body names the protocol and schema it speaks."""

    protocol: Count
    schema_version: Count


# -- auth ---------------------------------------------------------------------------------
# The laptop (its database file's client id) a login or refresh is for: the server binds the
# session to it, and answers 410 with one of WIPE_CODES when it must erase its data.
WIPE_STATUS = 410
WIPE_CODES = ("laptop_revoked", "user_deactivated")


class LoginRequest(Strict):
    username: Annotated[str, Field(min_length=1, max_length=80)]
    password: Annotated[str, Field(min_length=1, max_length=256)]
    client_id: Id | None = None


class RefreshRequest(Strict):
    refresh_token: Annotated[str, Field(min_length=10, max_length=200)]
    client_id: Id | None = None


class UserInfo(Strict):
    id: Id
    username: str
    role: Role


class TokenResponse(Strict):
    access_token: str
    refresh_token: str
    expires_in: int
    user: UserInfo


# -- push ---------------------------------------------------------------------------------
class PushOp(Strict):
    op_seq: Annotated[int, Field(ge=1, le=INT64_MAX)]
    table: TableName
    row_id: Id
    op: OpKind
    fields: Fields
    base_version: Count


class PushRequest(Versioned):
    client_id: Id
    ops: Annotated[list[PushOp], Field(max_length=MAX_OPS)]


class FieldConflict(Strict):
    """One field both sides changed; `winner` says which value the server kept."""

    field: str
    base: JsonScalar
    server: JsonScalar
    client: JsonScalar
    winner: Literal["server", "client"]


class RowState(Strict):
    """A row as the server holds it now (every column, plus the sync bookkeeping)."""

    table: TableName
    row_id: Id
    version: int
    fields: Fields


class OpResult(Strict):
    op_seq: int
    status: OpStatus
    reason: str | None = None
    # Field-level reasons for a validation refusal: field -> message.
    problems: dict[str, str] = Field(default_factory=dict)
    # "rule": the op's fields merged into a row that breaks a rule; decided as one group.
    conflict_kind: Literal["field", "edit_vs_delete", "delete_vs_edit", "rule"] | None = None
    conflicts: list[FieldConflict] = Field(default_factory=list)
    row: RowState | None = None
    replayed: bool = False


class PushResponse(Strict):
    results: list[OpResult]


# -- pull ---------------------------------------------------------------------------------
class Cursor(Strict):
    """Position in the change log: (transaction id, sequence); gap-free under the horizon."""

    txid: Count
    seq: Count


class RowRef(Strict):
    table: TableName
    row_id: Id


class PullRequest(Versioned):
    client_id: Id
    cursor: Cursor | None = None
    limit: int = Field(default=2000, ge=1, le=10_000)
    # Rows the laptop wants whole again (after discarding a refused change).
    refetch: Annotated[list[RowRef], Field(max_length=1000)] = Field(default_factory=list)


class Change(Strict):
    """One entry of a pull page: a row's current state, or an account leaving the scope."""

    kind: Literal["row", "evict"]
    row: RowState | None = None
    account_id: str | None = None


class PullResponse(Strict):
    changes: list[Change]
    cursor: Cursor
    has_more: bool
    # Newer changes are committed but wait behind a transaction still open on the server:
    # asking again in a moment brings them (the cursor never skips them either way).
    held_back: bool = False
    # Rows asked for again (refetch) that did not fit in this page's bytes: ask for them again.
    # Sent only when there are any, so an older laptop reads every other page as before.
    refetch_left: list[RowRef] = Field(default_factory=list)
    # The laptop's next unlock verifier, when the pull asked for it (UNLOCK_HEADER): sent only
    # then, so an older laptop reads every page as before.
    unlock: UnlockVerifier | None = None


# -- duplicate accounts and the manager's merge ------------------------------------------
class BootstrapRequest(Versioned):
    """A page of this laptop's scope as it is now (no change log): `tables` in the order the
    laptop applies them (parents first), each by row id, from just after (`table`, `after`)."""

    client_id: Id
    tables: Annotated[list[TableName], Field(min_length=1, max_length=200)]
    table: TableName | None = None
    after: Id | None = None
    limit: int = Field(default=20_000, ge=1, le=50_000)


class BootstrapResponse(Strict):
    changes: list[Change]
    # Where the next page starts (None and done: the scope is complete).
    table: str | None = None
    after: str | None = None
    done: bool
    # On the first page only (no `table` asked): the pull cursor to continue from once every
    # page is applied, read in the same snapshot as that page, and how many rows there are.
    cursor: Cursor | None = None
    total: Count | None = None


class DuplicatePair(Strict):
    """Two live accounts with the same tax id, found at push (first: the one already there)."""

    id: Count
    tax_id: str
    first_id: Id
    second_id: Id
    created_at: float


class DuplicatesRequest(Versioned):
    pass


class DismissRequest(Versioned):
    pair_id: Count


class DuplicatesResponse(Strict):
    pairs: list[DuplicatePair]


class MergeRequest(Versioned):
    survivor_id: Id
    merged_id: Id
    # The fields the survivor takes from the merged account (the others keep the survivor's).
    take: Annotated[list[FieldName], Field(max_length=MAX_FIELDS)] = Field(default_factory=list)


class MergeResponse(Strict):
    survivor_id: Id
    survivor_version: Count
    moved: Count
    taken: list[str]


# -- the calendar feed ----------------------------------------------------------------------
class CalendarTokenRequest(Versioned):
    revoke: bool = False


class CalendarTokenResponse(Strict):
    # The feed's address on this server (None after a revocation); the token in it is secret.
    path: str | None


# -- laptop ------------------------------------------------------------------------------
class LaptopRequest(Versioned):
    client_id: Id


def unlock_code_hash(code: str) -> str:
    """What the laptop keeps and compares: the code without separators, upper case, hashed."""
    import hashlib

    plain = "".join(ch for ch in code.upper() if ch.isascii() and ch.isalnum())
    return hashlib.sha256(plain.encode()).hexdigest()


class UnlockVerifier(Strict):
    """The hash of the one-time code a manager can read to the rep to unlock this laptop
    after too long without a sync (the code itself never reaches the laptop)."""

    period: Annotated[str, Field(max_length=10)]
    code_hash: Annotated[str, Field(min_length=64, max_length=64)]


# -- errors -------------------------------------------------------------------------------
class ErrorBody(Strict):
    """Every error answer: a stable code and a sentence a person can read."""

    code: str
    message: str
    details: dict[str, str] = Field(default_factory=dict)
