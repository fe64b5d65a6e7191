"""partial covering indexes for campaign target lists and attribution (issue 15's figures)

Revision ID: c15_4
Revises: c15_3
Create Date: 2026-12-01 00:35:00

A "no contact since" target list reads the recent done visits' and activities' accounts from two
indexes instead of probing each account twice; the ROI report's touched accounts and their
quotes come from indexes without reading the rows (attribution names its index: INDEXED BY);
every report's exchange rates (each currency's newest quote) from an index too.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

LIVE = "deleted_at IS NULL"
INDEXES = (  # a copy of the models' (a migration never changes with them)
    ("ix_visits_done_recent", "visits", ["planned_at", "account_id"],
     "deleted_at IS NULL AND status = 'done'"),
    ("ix_activities_recent", "activities", ["occurred_at", "account_id"], LIVE),
    ("ix_quotes_account_issued", "quotes", ["account_id", "issued_on", "id"], LIVE),
    ("ix_quotes_currency_issued", "quotes", ["currency", "issued_on", "exchange_rate"], LIVE),
    ("ix_campaign_members_touch", "campaign_members",
     ["campaign_id", "status", "account_id", "reached_at", "responded_at"], LIVE),
)  # fmt: skip

revision: str = "c15_4"
down_revision: str | None = "c15_3"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    for name, table, columns, where in INDEXES:
        op.create_index(name, table, columns, sqlite_where=sa.text(where))


def downgrade() -> None:
    for name, table, _columns, _where in INDEXES:
        op.drop_index(name, table_name=table)
