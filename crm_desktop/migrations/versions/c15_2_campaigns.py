"""campaigns, their cost lines and their members

Revision ID: c15_2
Revises: c15_1
Create Date: 2026-11-30 20:25:00

New tables (models.migrate installs their capture triggers after this revision) and a column of
the local mail outbox (which has no trigger: it never syncs).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "c15_2"
down_revision: str | None = "s10_unapplied_dismissed"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _sync_columns() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "campaigns",
        sa.Column("name", sa.String(length=160), nullable=False),
        sa.Column("goal", sa.Text(), nullable=True),
        sa.Column("channels", sa.String(length=60), nullable=False),
        sa.Column("starts_on", sa.Date(), nullable=False),
        sa.Column("ends_on", sa.Date(), nullable=False),
        sa.Column("budget", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("owner_id", sa.String(length=36), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("target_filter", sa.Text(), nullable=True),
        sa.Column("attribution", sa.String(length=12), nullable=False),
        sa.Column("attribution_days", sa.Integer(), nullable=False),
        sa.Column("email_subject", sa.String(length=400), nullable=True),
        sa.Column("email_body", sa.Text(), nullable=True),
        *_sync_columns(),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaigns")),
    )
    op.create_table(
        "campaign_costs",
        sa.Column("campaign_id", sa.String(length=36), nullable=False),
        sa.Column("spent_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("description", sa.String(length=200), nullable=False),
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["campaign_id"], ["campaigns.id"], name=op.f("fk_campaign_costs_campaign_id_campaigns")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_costs")),
    )
    op.create_index(
        op.f("ix_campaign_costs_campaign_id"), "campaign_costs", ["campaign_id"], unique=False
    )
    op.create_table(
        "campaign_members",
        sa.Column("campaign_id", sa.String(length=36), nullable=False),
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=True),
        sa.Column("owner_id", sa.String(length=36), nullable=True),
        sa.Column("status", sa.String(length=12), nullable=False),
        sa.Column("reached_at", sa.DateTime(), nullable=True),
        sa.Column("responded_at", sa.DateTime(), nullable=True),
        sa.Column("response_kind", sa.String(length=12), nullable=True),
        sa.Column("response_outcome", sa.String(length=24), nullable=True),
        sa.Column("response_ref", sa.String(length=36), nullable=True),
        *_sync_columns(),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_campaign_members_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_campaign_members")),
    )
    op.create_index(
        op.f("ix_campaign_members_account_id"), "campaign_members", ["account_id"], unique=False
    )
    op.create_index(
        "ix_campaign_members_campaign", "campaign_members", ["campaign_id", "status"], unique=False
    )
    op.create_index(
        "ix_campaign_members_owner", "campaign_members", ["owner_id", "status"], unique=False
    )
    op.add_column(
        "mail_outbox", sa.Column("campaign_member_id", sa.String(length=36), nullable=True)
    )


def downgrade() -> None:
    with op.batch_alter_table("mail_outbox", schema=None) as batch_op:
        batch_op.drop_column("campaign_member_id")
    op.drop_table("campaign_members")
    op.drop_table("campaign_costs")
    op.drop_table("campaigns")
