"""production: blank-card stock report per batch, packages sent to outside bureaus

Revision ID: 0010
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0010"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")


def upgrade() -> None:
    op.create_table(
        "batch_stock",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("drawn", sa.Integer(), nullable=False),
        sa.Column("test_cards", sa.Integer(), nullable=False),
        sa.Column("returned", sa.Integer(), nullable=False),
        sa.Column("produced", sa.Integer(), nullable=True),
        sa.Column("spoiled", sa.Integer(), nullable=True),
        sa.Column("note", sa.String(length=500), nullable=True),
        sa.Column("updated_by", sa.String(length=200), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("signed_off_by", sa.String(length=200), nullable=True),
        sa.Column("signed_off_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["print_batches.id"], name=op.f("fk_batch_stock_batch_id_print_batches")
        ),
        sa.PrimaryKeyConstraint("batch_id", name=op.f("pk_batch_stock")),
    )
    op.create_table(
        "bureau_exports",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("bureau", sa.String(length=64), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "sent",
                "completed",
                name="bureauexportstate",
                native_enum=False,
                create_constraint=False,
                length=16,
            ),
            nullable=False,
        ),
        sa.Column("card_count", sa.Integer(), nullable=False),
        sa.Column("card_numbers", _JSON, nullable=False),
        sa.Column("package_sha256", sa.String(length=64), nullable=False),
        sa.Column("created_by", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("manifest_sha256", sa.String(length=64), nullable=True),
        sa.Column("completed_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["print_batches.id"], name=op.f("fk_bureau_exports_batch_id_print_batches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_bureau_exports")),
        sa.UniqueConstraint("package_sha256", name=op.f("uq_bureau_exports_package_sha256")),
    )
    op.create_index(op.f("ix_bureau_exports_batch_id"), "bureau_exports", ["batch_id"], unique=False)


def downgrade() -> None:
    op.drop_index(op.f("ix_bureau_exports_batch_id"), table_name="bureau_exports")
    op.drop_table("bureau_exports")
    op.drop_table("batch_stock")
