"""virtual ЭПБ: card forms, one active number per member, partners, webhooks, wallet devices

Revision ID: 0012
Revises: 0011
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

JSON = sa.JSON().with_variant(postgresql.JSONB(astext_type=sa.Text()), "postgresql")
BIGID = sa.BigInteger().with_variant(sa.Integer(), "sqlite")
ACTIVE = (
    "state IN ('allocated', 'queued', 'printing', 'needs_inspection', 'produced', 'dispatched', "
    "'issued', 'virtual')"
)


def upgrade() -> None:
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("plastic", sa.Boolean(), server_default=sa.text("true"), nullable=False)
        )
        batch_op.add_column(sa.Column("virtual_at", sa.DateTime(timezone=True), nullable=True))
        batch_op.create_index(
            "uq_cards_active_member",
            ["member_id"],
            unique=True,
            postgresql_where=sa.text(ACTIVE),
            sqlite_where=sa.text(ACTIVE),
        )
    with op.batch_alter_table("card_orders", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "form",
                sa.Enum("plastic", "virtual", name="cardform", native_enum=False, length=24),
                server_default="plastic",
                nullable=False,
            )
        )
    op.create_table(
        "partner_accounts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("token_id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(length=200), nullable=False),
        sa.Column("scopes", JSON, nullable=False),
        sa.Column("webhook_url", sa.String(length=500), nullable=True),
        sa.Column("webhook_secret", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(
            ["token_id"], ["api_tokens.id"], name=op.f("fk_partner_accounts_token_id_api_tokens")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_accounts")),
        sa.UniqueConstraint("token_id", name=op.f("uq_partner_accounts_token_id")),
    )
    op.create_table(
        "partner_webhooks",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("partner_id", sa.Integer(), nullable=False),
        sa.Column("card_id", sa.Integer(), nullable=False),
        sa.Column("event", sa.String(length=40), nullable=False),
        sa.Column("payload", JSON, nullable=False),
        sa.Column(
            "state",
            sa.Enum("pending", "delivered", "dead", name="webhookstate", native_enum=False, length=24),
            nullable=False,
        ),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("next_attempt_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("last_error", sa.String(length=500), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("delivered_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["card_id"], ["cards.id"], name=op.f("fk_partner_webhooks_card_id_cards")),
        sa.ForeignKeyConstraint(
            ["partner_id"],
            ["partner_accounts.id"],
            name=op.f("fk_partner_webhooks_partner_id_partner_accounts"),
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_partner_webhooks")),
    )
    op.create_index("ix_partner_webhooks_state_next", "partner_webhooks", ["state", "next_attempt_at"])
    op.create_table(
        "self_check_attempts",
        sa.Column("id", BIGID, nullable=False),
        sa.Column("key", sa.String(length=100), nullable=False),
        sa.Column("succeeded", sa.Boolean(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_check_attempts")),
    )
    op.create_index("ix_self_check_attempts_key_at", "self_check_attempts", ["key", "created_at"])
    op.create_table(
        "wallet_registrations",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("device_id", sa.String(length=100), nullable=False),
        sa.Column("push_token", sa.String(length=200), nullable=False),
        sa.Column("serial", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_wallet_registrations")),
        sa.UniqueConstraint("device_id", "serial", name="uq_wallet_registrations_device_serial"),
    )
    op.create_index(op.f("ix_wallet_registrations_serial"), "wallet_registrations", ["serial"])


def downgrade() -> None:
    op.drop_index(op.f("ix_wallet_registrations_serial"), table_name="wallet_registrations")
    op.drop_table("wallet_registrations")
    op.drop_index("ix_self_check_attempts_key_at", table_name="self_check_attempts")
    op.drop_table("self_check_attempts")
    op.drop_index("ix_partner_webhooks_state_next", table_name="partner_webhooks")
    op.drop_table("partner_webhooks")
    op.drop_table("partner_accounts")
    with op.batch_alter_table("card_orders", schema=None) as batch_op:
        batch_op.drop_column("form")
    with op.batch_alter_table("cards", schema=None) as batch_op:
        batch_op.drop_index("uq_cards_active_member")
        batch_op.drop_column("virtual_at")
        batch_op.drop_column("plastic")
