"""initial schema

Revision ID: 0001
Revises:
Create Date: 2026-11-21 05:18:18.806349
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0001"
down_revision: str | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "card_number_counters",
        sa.Column("prefix", sa.String(length=15), nullable=False),
        sa.Column("next_value", sa.BigInteger(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("prefix", name=op.f("pk_card_number_counters")),
    )
    op.create_table(
        "events",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("entity_type", sa.String(length=20), nullable=False),
        sa.Column("entity_id", sa.Integer(), nullable=False),
        sa.Column("from_state", sa.String(length=30), nullable=True),
        sa.Column("to_state", sa.String(length=30), nullable=False),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("reason", sa.String(length=500), nullable=True),
        sa.Column(
            "data",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_events")),
    )
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.create_index("ix_events_entity", ["entity_type", "entity_id"], unique=False)

    op.create_table(
        "idempotency_records",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("client", sa.String(length=200), nullable=False),
        sa.Column("key", sa.String(length=200), nullable=False),
        sa.Column("request_hash", sa.String(length=64), nullable=False),
        sa.Column("status_code", sa.Integer(), nullable=False),
        sa.Column(
            "response",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_idempotency_records")),
        sa.UniqueConstraint("client", "key", name="uq_idempotency_records_client_key"),
    )
    op.create_table(
        "organisations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("onec_ref", sa.Uuid(), nullable=False),
        sa.Column("code", sa.String(length=32), nullable=False),
        sa.Column("name", sa.String(length=500), nullable=False),
        sa.Column(
            "kind",
            sa.Enum(
                "union", "region", "territorial", "primary", name="orgkind", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column("parent_id", sa.Integer(), nullable=True),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("region_code", sa.String(length=4), nullable=True),
        sa.Column("excluded_on", sa.Date(), nullable=True),
        sa.Column("deletion_mark", sa.Boolean(), nullable=False),
        sa.Column("data_version", sa.String(length=64), nullable=True),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["parent_id"], ["organisations.id"], name=op.f("fk_organisations_parent_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["organisations.id"], name=op.f("fk_organisations_region_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_organisations")),
        sa.UniqueConstraint("onec_ref", name=op.f("uq_organisations_onec_ref")),
        sa.UniqueConstraint("region_code", name=op.f("uq_organisations_region_code")),
    )
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_organisations_code"), ["code"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisations_parent_id"), ["parent_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_organisations_region_id"), ["region_id"], unique=False)

    op.create_table(
        "api_tokens",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column(
            "kind",
            sa.Enum("region", "onec_sync", "operator", name="tokenkind", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("prefix", sa.String(length=12), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_used_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("revoked_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_id"], ["organisations.id"], name=op.f("fk_api_tokens_region_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_api_tokens")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_api_tokens_token_hash")),
    )
    op.create_table(
        "members",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("onec_ref", sa.Uuid(), nullable=False),
        sa.Column("surname", sa.String(length=200), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("patronymic", sa.String(length=200), nullable=True),
        sa.Column("birth_date", sa.Date(), nullable=False),
        sa.Column(
            "category",
            sa.Enum(
                "working",
                "student",
                "pensioner",
                "not_stated",
                name="membercategory",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("organisation_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("consent", sa.Boolean(), nullable=False),
        sa.Column("consent_date", sa.Date(), nullable=True),
        sa.Column("left_on", sa.Date(), nullable=True),
        sa.Column("deletion_mark", sa.Boolean(), nullable=False),
        sa.Column("data_version", sa.String(length=64), nullable=True),
        sa.Column("match_key", sa.String(length=700), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["organisation_id"], ["organisations.id"], name=op.f("fk_members_organisation_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["organisations.id"], name=op.f("fk_members_region_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_members")),
        sa.UniqueConstraint("onec_ref", name=op.f("uq_members_onec_ref")),
    )
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_members_match_key"), ["match_key"], unique=False)
        batch_op.create_index(batch_op.f("ix_members_organisation_id"), ["organisation_id"], unique=False)
        batch_op.create_index("ix_members_region_surname", ["region_id", "surname"], unique=False)

    op.create_table(
        "print_batches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "formed",
                "printing",
                "paused",
                "produced",
                "dispatched",
                "cancelled",
                name="batchstate",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("region_id", sa.Integer(), nullable=True),
        sa.Column("card_count", sa.Integer(), nullable=False),
        sa.Column("formed_by", sa.String(length=200), nullable=False),
        sa.Column("formed_reason", sa.String(length=200), nullable=False),
        sa.Column("station", sa.String(length=100), nullable=True),
        sa.Column("pause_reason", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["region_id"], ["organisations.id"], name=op.f("fk_print_batches_region_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_print_batches")),
    )
    op.create_table(
        "uploads",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("filename", sa.String(length=300), nullable=False),
        sa.Column("content", sa.LargeBinary(), nullable=False),
        sa.Column("all_or_nothing", sa.Boolean(), nullable=False),
        sa.Column(
            "state",
            sa.Enum(
                "queued", "processing", "done", "failed", name="uploadstate", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column("file_format", sa.String(length=40), nullable=True),
        sa.Column("total_rows", sa.Integer(), nullable=True),
        sa.Column("processed_rows", sa.Integer(), nullable=False),
        sa.Column("accepted_rows", sa.Integer(), nullable=False),
        sa.Column("rejected_rows", sa.Integer(), nullable=False),
        sa.Column(
            "error",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("finished_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["region_id"], ["organisations.id"], name=op.f("fk_uploads_region_id_organisations")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_uploads")),
        sa.UniqueConstraint("public_id", name=op.f("uq_uploads_public_id")),
    )
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_uploads_region_id"), ["region_id"], unique=False)

    op.create_table(
        "batch_region_counts",
        sa.Column("batch_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("card_count", sa.Integer(), nullable=False),
        sa.Column("unit_cost_rub", sa.Numeric(precision=10, scale=2, asdecimal=False), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["print_batches.id"], name=op.f("fk_batch_region_counts_batch_id_print_batches")
        ),
        sa.ForeignKeyConstraint(
            ["region_id"], ["organisations.id"], name=op.f("fk_batch_region_counts_region_id_organisations")
        ),
        sa.PrimaryKeyConstraint("batch_id", "region_id", name=op.f("pk_batch_region_counts")),
    )
    op.create_table(
        "card_orders",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("public_id", sa.Uuid(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column(
            "reason",
            sa.Enum(
                "first", "lost", "damaged", "name_changed", name="orderreason", native_enum=False, length=24
            ),
            nullable=False,
        ),
        sa.Column(
            "source",
            sa.Enum("onec", "api", "upload", "web", name="ordersource", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("submitted_by", sa.String(length=200), nullable=False),
        sa.Column("idempotency_key", sa.String(length=200), nullable=True),
        sa.Column("onec_ref", sa.Uuid(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "submitted",
                "accepted",
                "rejected",
                "batched",
                "produced",
                "dispatched",
                "issued",
                "refused",
                "cancelled",
                name="orderstate",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "rejection_reasons",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column("upload_id", sa.Integer(), nullable=True),
        sa.Column("upload_row", sa.Integer(), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["print_batches.id"], name=op.f("fk_card_orders_batch_id_print_batches")
        ),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_card_orders_member_id_members")),
        sa.ForeignKeyConstraint(
            ["region_id"], ["organisations.id"], name=op.f("fk_card_orders_region_id_organisations")
        ),
        sa.ForeignKeyConstraint(["upload_id"], ["uploads.id"], name=op.f("fk_card_orders_upload_id_uploads")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_card_orders")),
        sa.UniqueConstraint("onec_ref", name=op.f("uq_card_orders_onec_ref")),
        sa.UniqueConstraint("public_id", name=op.f("uq_card_orders_public_id")),
    )
    with op.batch_alter_table("card_orders", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_card_orders_batch_id"), ["batch_id"], unique=False)
        batch_op.create_index("ix_card_orders_state_region", ["state", "region_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_card_orders_member_id"), ["member_id"], unique=False)
        batch_op.create_index("ix_card_orders_upload_row", ["upload_id", "upload_row"], unique=False)
        batch_op.create_index(
            "uq_card_orders_open_member",
            ["member_id"],
            unique=True,
            postgresql_where=sa.text("state IN ('submitted', 'accepted', 'batched')"),
            sqlite_where=sa.text("state IN ('submitted', 'accepted', 'batched')"),
        )

    op.create_table(
        "cards",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("number", sa.String(length=16), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=False),
        sa.Column("member_id", sa.Integer(), nullable=False),
        sa.Column("region_id", sa.Integer(), nullable=False),
        sa.Column("batch_id", sa.Integer(), nullable=True),
        sa.Column(
            "state",
            sa.Enum(
                "allocated",
                "queued",
                "printing",
                "needs_inspection",
                "produced",
                "spoiled",
                "dispatched",
                "issued",
                "refused",
                "withdrawn",
                name="cardstate",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column("replaces_card_id", sa.Integer(), nullable=True),
        sa.Column("chip_uid", sa.String(length=32), nullable=True),
        sa.Column("station", sa.String(length=100), nullable=True),
        sa.Column("allocated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("batched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("printing_started_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("produced_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("spoiled_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("dispatched_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("issued_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("refused_at", sa.DateTime(timezone=True), nullable=True),
        sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["batch_id"], ["print_batches.id"], name=op.f("fk_cards_batch_id_print_batches")
        ),
        sa.ForeignKeyConstraint(["member_id"], ["members.id"], name=op.f("fk_cards_member_id_members")),
        sa.ForeignKeyConstraint(["order_id"], ["card_orders.id"], name=op.f("fk_cards_order_id_card_orders")),
        sa.ForeignKeyConstraint(
            ["region_id"], ["organisations.id"], name=op.f("fk_cards_region_id_organisations")
        ),
        sa.ForeignKeyConstraint(
            ["replaces_card_id"], ["cards.id"], name=op.f("fk_cards_replaces_card_id_cards")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_cards")),
        sa.UniqueConstraint("number", name=op.f("uq_cards_number")),
    )
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.create_index("ix_cards_batch_state", ["batch_id", "state"], unique=False)
        batch_op.create_index("ix_cards_member_state", ["member_id", "state"], unique=False)
        batch_op.create_index(batch_op.f("ix_cards_order_id"), ["order_id"], unique=False)
        batch_op.create_index("ix_cards_region_state", ["region_id", "state"], unique=False)

    op.create_table(
        "upload_rows",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("upload_id", sa.Integer(), nullable=False),
        sa.Column("row_no", sa.Integer(), nullable=False),
        sa.Column("accepted", sa.Boolean(), nullable=False),
        sa.Column("order_id", sa.Integer(), nullable=True),
        sa.Column("card_number", sa.String(length=16), nullable=True),
        sa.Column(
            "errors",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=True,
        ),
        sa.ForeignKeyConstraint(
            ["order_id"], ["card_orders.id"], name=op.f("fk_upload_rows_order_id_card_orders")
        ),
        sa.ForeignKeyConstraint(["upload_id"], ["uploads.id"], name=op.f("fk_upload_rows_upload_id_uploads")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_upload_rows")),
        sa.UniqueConstraint("upload_id", "row_no", name="uq_upload_rows_upload_row"),
    )
    op.create_table(
        "outbox",
        sa.Column("id", sa.BigInteger().with_variant(sa.Integer(), "sqlite"), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column(
            "status",
            sa.Enum(
                "ordered",
                "produced",
                "issued",
                "refused",
                "withdrawn",
                name="onecstatus",
                native_enum=False,
                length=24,
            ),
            nullable=False,
        ),
        sa.Column(
            "payload",
            sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql"),
            nullable=False,
        ),
        sa.Column(
            "state",
            sa.Enum("pending", "delivered", "dead", name="outboxstate", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(length=1000), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["card_id"], ["cards.id"], name=op.f("fk_outbox_card_id_cards")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_outbox")),
    )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.create_index("ix_outbox_card", ["card_id", "id"], unique=False)
        batch_op.create_index("ix_outbox_state_next", ["state", "next_attempt_at"], unique=False)

    if op.get_bind().dialect.name == "postgresql":
        # The event history is append-only: refuse UPDATE and DELETE at the database itself.
        op.execute(
            """
            CREATE FUNCTION events_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                RAISE EXCEPTION 'events are append-only (% refused)', TG_OP;
            END $$;
            CREATE TRIGGER events_append_only BEFORE UPDATE OR DELETE ON events
                FOR EACH ROW EXECUTE FUNCTION events_append_only();
            """
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.execute(
            "DROP TRIGGER IF EXISTS events_append_only ON events; DROP FUNCTION IF EXISTS events_append_only();"
        )
    with op.batch_alter_table("outbox", schema=None) as batch_op:
        batch_op.drop_index("ix_outbox_state_next")
        batch_op.drop_index("ix_outbox_card")

    op.drop_table("outbox")
    op.drop_table("upload_rows")
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.drop_index("ix_cards_region_state")
        batch_op.drop_index(batch_op.f("ix_cards_order_id"))
        batch_op.drop_index("ix_cards_member_state")
        batch_op.drop_index("ix_cards_batch_state")

    op.drop_table("cards")
    with op.batch_alter_table("card_orders", schema=None) as batch_op:
        batch_op.drop_index(
            "uq_card_orders_open_member",
            postgresql_where=sa.text("state IN ('submitted', 'accepted', 'batched')"),
            sqlite_where=sa.text("state IN ('submitted', 'accepted', 'batched')"),
        )
        batch_op.drop_index("ix_card_orders_upload_row")
        batch_op.drop_index("ix_card_orders_state_region")
        batch_op.drop_index(batch_op.f("ix_card_orders_member_id"))
        batch_op.drop_index(batch_op.f("ix_card_orders_batch_id"))

    op.drop_table("card_orders")
    op.drop_table("batch_region_counts")
    with op.batch_alter_table("uploads", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_uploads_region_id"))

    op.drop_table("uploads")
    op.drop_table("print_batches")
    with op.batch_alter_table("members", schema=None) as batch_op:
        batch_op.drop_index("ix_members_region_surname")
        batch_op.drop_index(batch_op.f("ix_members_organisation_id"))
        batch_op.drop_index(batch_op.f("ix_members_match_key"))

    op.drop_table("members")
    op.drop_table("api_tokens")
    with op.batch_alter_table("organisations", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_organisations_region_id"))
        batch_op.drop_index(batch_op.f("ix_organisations_parent_id"))
        batch_op.drop_index(batch_op.f("ix_organisations_code"))

    op.drop_table("organisations")
    op.drop_table("idempotency_records")
    with op.batch_alter_table("events", schema=None) as batch_op:
        batch_op.drop_index("ix_events_entity")

    op.drop_table("events")
    op.drop_table("card_number_counters")
