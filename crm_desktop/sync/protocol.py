"""The sync wire protocol: pydantic models shared by the laptop and the server; no Qt."""

from __future__ import annotations

from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

# Bump PROTOCOL_VERSION when the messages change shape; SCHEMA_VERSION when a synced table
# gains or loses a column. The server names the oldest of each it still serves.
PROTOCOL_VERSION = 1
SCHEMA_VERSION = 1
MIN_PROTOCOL_VERSION = 1
MIN_SCHEMA_VERSION = 1
PROTOCOL_HEADER = "X-CRM-Protocol"
SCHEMA_HEADER = "X-CRM-Schema"

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
    model_config = ConfigDict(extra="forbid", frozen=True)


class Versioned(Strict):
    """Every request body names the protocol and schema it speaks."""

    protocol: Count
    schema_version: Count


# -- auth ---------------------------------------------------------------------------------
class LoginRequest(Strict):
    username: Annotated[str, Field(min_length=1, max_length=80)]
    password: Annotated[str, Field(min_length=1, max_length=256)]


class RefreshRequest(Strict):
    refresh_token: Annotated[str, Field(min_length=10, max_length=200)]


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


# -- errors -------------------------------------------------------------------------------
class ErrorBody(Strict):
    """Every error answer: a stable code and a sentence a person can read."""

    code: str
    message: str
    details: dict[str, str] = Field(default_factory=dict)
