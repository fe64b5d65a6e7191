"""products' costs with validity dates, a product line and a minimum price per product; quote
lines freeze a cost

Revision ID: c15_1
Revises: 0006
Create Date: 2026-11-30 19:40:00

Adding nullable columns with ALTER TABLE ADD COLUMN copies no rows, so the capture triggers of
products and quote_lines stay as they are (models.migrate installs the new table's after this).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

# The profitability report's covering index (a copy: a migration never changes with the models).
MARGIN_COLUMNS = (
    "quote_id", "kind", "optional", "deleted_at", "product_id", "quantity", "unit_price",
    "discount_amount", "tax_category", "tax_rate", "unit_cost",
)  # fmt: skip

revision: str = "c15_1"
down_revision: str | None = "u11_fold"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "product_costs",
        sa.Column("product_id", sa.String(length=36), nullable=False),
        sa.Column("unit_cost", sa.BigInteger(), nullable=False),
        sa.Column("currency", sa.String(length=3), nullable=False),
        sa.Column("valid_from", sa.Date(), nullable=True),
        sa.Column("valid_to", sa.Date(), nullable=True),
        sa.Column("id", sa.String(length=36), nullable=False),
        sa.Column("server_version", sa.Integer(), nullable=False),
        sa.Column("deleted_at", sa.DateTime(), nullable=True),
        sa.Column("created_at", sa.DateTime(), nullable=False),
        sa.Column("updated_at", sa.DateTime(), nullable=False),
        sa.ForeignKeyConstraint(
            ["product_id"], ["products.id"], name=op.f("fk_product_costs_product_id_products")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_product_costs")),
    )
    op.create_index("ix_product_costs_product_from", "product_costs", ["product_id", "valid_from"])
    op.add_column("products", sa.Column("product_line", sa.String(length=60), nullable=True))
    op.add_column("products", sa.Column("min_price", sa.BigInteger(), nullable=True))
    op.add_column("quote_lines", sa.Column("unit_cost", sa.BigInteger(), nullable=True))
    op.create_index("ix_quote_lines_margin", "quote_lines", list(MARGIN_COLUMNS))


def downgrade() -> None:
    op.drop_index("ix_quote_lines_margin", table_name="quote_lines")
    with op.batch_alter_table("quote_lines", schema=None) as batch_op:
        batch_op.drop_column("unit_cost")
    with op.batch_alter_table("products", schema=None) as batch_op:
        batch_op.drop_column("min_price")
        batch_op.drop_column("product_line")
    op.drop_index("ix_product_costs_product_from", table_name="product_costs")
    op.drop_table("product_costs")
