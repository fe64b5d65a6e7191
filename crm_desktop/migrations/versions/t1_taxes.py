"""taxes as data: a synced tax table seeded with Colombia and Argentina; lines freeze a rate

Revision ID: t1
Revises: c1
Create Date: 2026-11-30 18:00:00

The seeded rows get ids derived from their codes (uuid5), so every laptop and the server name
the same tax alike. Existing lines get the rate of their tax frozen on them. Capture triggers
are installed after every migration (models.migrate), the new table's included; seeding here
runs before them, so the seeds make no outbox op (they are catalog data, not a rep's edit).
"""

import uuid
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from crm_desktop.models.capture import KINDS, trigger_name
from crm_desktop.services.quotes.taxes import SEEDED

revision: str = "t1"
down_revision: str | None = "c1"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

SEED_NAMESPACE = uuid.UUID("0d6f5b5e-4c0e-4c55-9c1e-7a3c2f1b9e13")
SEEDED_AT = "2026-11-30 00:00:00.000000"  # a fixed instant: migrations read no clock


def seed_id(code: str) -> str:
    return str(uuid.uuid5(SEED_NAMESPACE, f"tax:{code}"))


def upgrade() -> None:
    op.create_table(
        "taxes",
        sa.Column("code", sa.String(length=12), nullable=False),
        sa.Column("name_es", sa.String(length=80), nullable=False),
        sa.Column("name_en", sa.String(length=80), nullable=False),
        sa.Column("rate", sa.BigInteger(), nullable=False),
        sa.Column("kind", sa.String(length=12), nullable=False),
        sa.Column("price_included", sa.Boolean(), nullable=False),
        sa.Column("country", sa.String(length=2), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_taxes")),
        sa.UniqueConstraint("code", name=op.f("uq_taxes_code")),
    )
    with op.batch_alter_table("quote_lines", schema=None) as batch_op:
        batch_op.add_column(sa.Column("tax_rate", sa.BigInteger(), nullable=True))
    taxes = sa.table(
        "taxes",
        *(sa.column(name) for name in ("id", "code", "name_es", "name_en", "rate", "kind")),
        *(sa.column(name) for name in ("price_included", "country", "server_version")),
        sa.column("created_at"),
        sa.column("updated_at"),
    )
    op.bulk_insert(
        taxes,
        [
            {
                "id": seed_id(t.code),
                "code": t.code,
                "name_es": t.name_es,
                "name_en": t.name_en,
                "rate": int(t.rate.scaleb(4)),  # FixedDecimal(4)
                "kind": t.kind,
                "price_included": t.price_included,
                "country": t.country,
                "server_version": 0,
                "created_at": SEEDED_AT,
                "updated_at": SEEDED_AT,
            }
            for t in SEEDED
        ],
    )
    # Old lines keep the rate their tax had (the only one there was). Freezing it is not a
    # rep's edit: the lines' capture triggers go first (models.migrate puts them back after).
    for kind in KINDS:
        op.execute(f"DROP TRIGGER IF EXISTS {trigger_name('quote_lines', kind)}")
    for t in SEEDED:
        op.execute(
            sa.text(
                "UPDATE quote_lines SET tax_rate = :rate WHERE tax_category = :code"
            ).bindparams(rate=int(t.rate.scaleb(4)), code=t.code)
        )


def downgrade() -> None:
    with op.batch_alter_table("quote_lines", schema=None) as batch_op:
        batch_op.drop_column("tax_rate")
    op.drop_table("taxes")
