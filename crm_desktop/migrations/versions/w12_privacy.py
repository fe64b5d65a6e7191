"""data-subject rights: consent history and the log of export/erase requests (synced)

Revision ID: w12_privacy
Revises: 0006
Create Date: 2026-11-30 19:30:00

Capture triggers are installed after every migration (models.migrate), the new tables'
included. No events are made from the consents accounts hold today: every laptop would make
its own copies of them; the account's consent_*_at columns keep the date each was given.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "w12_privacy"
down_revision: str | None = "c15_2"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def _synced() -> list[sa.Column[object]]:
    return [
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
    ]


def upgrade() -> None:
    op.create_table(
        "consent_events",
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=True),
        sa.Column("purpose", sa.String(length=20), nullable=False),
        sa.Column("granted", sa.Boolean(), nullable=False),
        sa.Column("channel", sa.String(length=16), nullable=False),
        sa.Column("recorded_by", sa.String(length=36), nullable=True),
        sa.Column("recorded_at", sa.DateTime(), nullable=False),
        sa.Column("note", sa.String(length=240), nullable=True),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_consent_events_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_consent_events")),
    )
    op.create_index(
        "ix_consent_events_person",
        "consent_events",
        ["account_id", "contact_id", "recorded_at"],
        unique=False,
    )
    op.create_table(
        "privacy_requests",
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("contact_id", sa.String(length=36), nullable=True),
        sa.Column("action", sa.String(length=12), nullable=False),
        sa.Column("requested_by", sa.String(length=20), nullable=False),
        sa.Column("request_channel", sa.String(length=16), nullable=False),
        sa.Column("done_by", sa.String(length=36), nullable=True),
        sa.Column("done_at", sa.DateTime(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        *_synced(),
        sa.ForeignKeyConstraint(
            ["account_id"], ["accounts.id"], name=op.f("fk_privacy_requests_account_id_accounts")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_privacy_requests")),
    )
    op.create_index(
        "ix_privacy_requests_account", "privacy_requests", ["account_id", "done_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_privacy_requests_account", table_name="privacy_requests")
    op.drop_table("privacy_requests")
    op.drop_index("ix_consent_events_person", table_name="consent_events")
    op.drop_table("consent_events")
