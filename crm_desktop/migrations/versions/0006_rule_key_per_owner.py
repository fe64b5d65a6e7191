"""a rule reminder's key is unique per owner, as on the server

Revision ID: 0006
Revises: t1
Create Date: 2026-11-30 18:20:00
"""

import warnings
from collections.abc import Sequence

from alembic import op

from crm_desktop.models.capture import KINDS, trigger_name

revision: str = "0006"
down_revision: str | None = "t1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    # SQLite rebuilds the table: its capture triggers go first, so copying the rows makes no
    # outbox entry (models.migrate puts the triggers back after every migration).
    for kind in KINDS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger_name('reminders', kind)}")
    with warnings.catch_warnings():  # reflecting accounts (the FK) skips its expression indexes
        warnings.simplefilter("ignore")
        with op.batch_alter_table("reminders", schema=None) as batch_op:
            batch_op.drop_constraint("uq_reminders_rule_key", type_="unique")
            batch_op.create_unique_constraint(
                "uq_reminders_owner_rule_key", ["owner_id", "rule_key"]
            )


def downgrade() -> None:
    for kind in KINDS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger_name('reminders', kind)}")
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_constraint("uq_reminders_owner_rule_key", type_="unique")
        batch_op.create_unique_constraint("uq_reminders_rule_key", ["rule_key"])
