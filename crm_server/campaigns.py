"""Campaigns reach managers, and a rep only when one of the rep's accounts is a member.

Campaigns and their cost lines are filed under the CAMPAIGNS mark, which only managers pull. When
a member is written for a rep's account, the server notes the rep in campaign_reps and sends the
rep the campaign; later changes of the campaign are logged once more for each noted rep. Cost
lines never go to reps. Only managers create or change campaigns and their costs.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, insert, select

from crm_server import rows as R
from crm_server.auth import Principal
from crm_server.db.engine import is_postgres
from crm_server.db.schema import CAMPAIGNS, UNOWNED, campaign_reps

SHARED = "campaigns"  # the one campaign table a rep may receive
MEMBERS = "campaign_members"


def refusal(principal: Principal, table: str) -> str | None:
    if principal.sees_everything or table not in R.CAMPAIGN_TABLES:
        return None
    if table == "market_sizes":
        return "Only managers estimate the size of a market."
    return "Only managers plan campaigns and record what they cost."


def reps_of(conn: Connection, campaign_id: str) -> list[str]:
    query = select(campaign_reps.c.user_id).where(campaign_reps.c.campaign_id == campaign_id)
    return sorted(conn.scalars(query))


def note_rep(conn: Connection, campaign_id: str, user_id: str) -> bool:
    """Remember that `user_id` holds a member of the campaign; True if that is new."""
    if user_id in (UNOWNED, CAMPAIGNS) or user_id in reps_of(conn, campaign_id):
        return False
    values = {"campaign_id": campaign_id, "user_id": user_id}
    if is_postgres(conn):
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        done = conn.execute(pg_insert(campaign_reps).values(values).on_conflict_do_nothing())
        return bool(done.rowcount)
    conn.execute(insert(campaign_reps).values(values))
    return True


def campaign_for_new_rep(conn: Connection, get: R.Lookup, row: R.Row) -> tuple[R.Row, str] | None:
    """For a member row: (its campaign, its rep) when the rep had no member of it before."""
    if row.table != MEMBERS or row.deleted:
        return None
    campaign_id = row.data.get("campaign_id")
    if not isinstance(campaign_id, str):
        return None
    campaign = get(SHARED, campaign_id)
    if campaign is None or not note_rep(conn, campaign_id, row.owner):
        return None
    return campaign, row.owner


def visible(principal: Principal, entry: Any) -> bool:
    """A campaign entry addressed to this rep by name (they hold one of its members)."""
    return bool(entry.table_name == SHARED and entry.audience == principal.user_id)


def rep_sees(conn: Connection, principal: Principal, row: R.Row) -> bool:
    return row.table == SHARED and principal.user_id in reps_of(conn, row.row_id)
