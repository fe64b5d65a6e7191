"""Which reps hold members of which campaign (they receive the campaign).

Revision ID: srv_c15_2
Revises: srv_c15_1
Create Date: 2026-11-30
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "srv_c15_2"
down_revision = "i14_0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "campaign_reps",
        sa.Column("campaign_id", sa.String(36), primary_key=True),
        sa.Column("user_id", sa.String(36), primary_key=True),
    )


def downgrade() -> None:
    op.drop_table("campaign_reps")
