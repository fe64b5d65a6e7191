"""local RFM scores, owners seen by the follow-up rules, and indexes for the reports

Revision ID: r1
Revises: 0002
Create Date: 2026-11-28 10:50:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "r1"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# (table, index name, columns): period scans of the reports over all reps.
REPORT_INDEXES = (
    ("visits", "ix_visits_planned_at", ["planned_at"]),
    ("activities", "ix_activities_kind_time", ["kind", "occurred_at"]),
    ("quotes", "ix_quotes_sent_at", ["sent_at"]),
    ("quotes", "ix_quotes_decided_at", ["decided_at"]),
    ("quotes", "ix_quotes_opportunity_id", ["opportunity_id"]),
    ("opportunities", "ix_opportunities_closed_at", ["closed_at"]),
    ("reminders", "ix_reminders_due_open", ["done_at", "due_at"]),
)


def upgrade() -> None:
    op.create_table(
        "account_scores",
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("last_sale_at", sa.DateTime(), nullable=False),
        sa.Column("recency_days", sa.Integer(), nullable=False),
        sa.Column("frequency", sa.Integer(), nullable=False),
        sa.Column("monetary", sa.BigInteger(), nullable=False),
        sa.Column("r_score", sa.Integer(), nullable=False),
        sa.Column("f_score", sa.Integer(), nullable=False),
        sa.Column("m_score", sa.Integer(), nullable=False),
        sa.Column("score", sa.BigInteger(), nullable=False),
        sa.Column("segment", sa.String(length=20), nullable=False),
        sa.Column("computed_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_account_scores")),
    )
    with op.batch_alter_table("account_scores", schema=None) as batch_op:
        batch_op.create_index("ix_account_scores_segment", ["segment", "score"], unique=False)
    op.create_table(
        "account_owner_seen",
        sa.Column("account_id", sa.String(length=36), nullable=False),
        sa.Column("owner_id", sa.String(length=36), nullable=True),
        sa.PrimaryKeyConstraint("account_id", name=op.f("pk_account_owner_seen")),
    )
    # Accounts already here are not "newly assigned": only later owner changes are.
    op.execute(
        "INSERT INTO account_owner_seen (account_id, owner_id) SELECT id, owner_id FROM accounts"
    )
    for table, name, columns in REPORT_INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.create_index(name, columns, unique=False)
    # Cross-sell peers: same kind and CIIU division (services/reports/customer_value.py, same expression).
    op.execute(
        "CREATE INDEX ix_accounts_kind_division ON accounts "
        "(kind, substr(coalesce(economic_activity, ''), 1, 2)) WHERE deleted_at IS NULL"
    )


def downgrade() -> None:
    op.execute("DROP INDEX IF EXISTS ix_accounts_kind_division")
    for table, name, _columns in REPORT_INDEXES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_index(name)
    op.drop_table("account_owner_seen")
    with op.batch_alter_table("account_scores", schema=None) as batch_op:
        batch_op.drop_index("ix_account_scores_segment")
    op.drop_table("account_scores")
