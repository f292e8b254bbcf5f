"""print stations and card print attempts

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "print_stations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=64), nullable=False),
        sa.Column(
            "state",
            sa.Enum("idle", "printing", "paused", name="stationstate", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("pause_code", sa.String(length=50), nullable=True),
        sa.Column("pause_reason", sa.String(length=500), nullable=True),
        sa.Column("current_batch_id", sa.Integer(), nullable=True),
        sa.Column("run_token", sa.String(length=36), nullable=True),
        sa.Column("heartbeat_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("worker_host", sa.String(length=200), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["current_batch_id"],
            ["print_batches.id"],
            name=op.f("fk_print_stations_current_batch_id_print_batches"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_stations")),
        sa.UniqueConstraint("name", name=op.f("uq_print_stations_name")),
    )
    op.create_table(
        "card_print_attempts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("station", sa.String(length=64), nullable=False),
        sa.Column("last_step", sa.String(length=40), nullable=True),
        sa.Column("chip_uid", sa.String(length=32), nullable=True),
        sa.Column(
            "outcome",
            sa.Enum(
                "produced",
                "spoiled",
                "returned",
                "interrupted",
                name="attemptoutcome",
                native_enum=False,
                length=24,
            ),
            nullable=True,
        ),
        sa.Column("reason_code", sa.String(length=50), nullable=True),
        sa.Column("printer_job_id", sa.String(length=200), nullable=True),
        sa.Column("started_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["card_id"], ["cards.id"], name=op.f("fk_card_print_attempts_card_id_cards")),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["print_batches.id"], name=op.f("fk_card_print_attempts_batch_id_print_batches")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_print_attempts")),
    )
    op.create_index(op.f("ix_card_print_attempts_card_id"), "card_print_attempts", ["card_id"])
    op.create_index("ix_card_print_attempts_station_open", "card_print_attempts", ["station", "finished_at"])


def downgrade() -> None:
    op.drop_index("ix_card_print_attempts_station_open", table_name="card_print_attempts")
    op.drop_index(op.f("ix_card_print_attempts_card_id"), table_name="card_print_attempts")
    op.drop_table("card_print_attempts")
    op.drop_table("print_stations")
