"""Card orders, file uploads that create them, and idempotency records of API submissions."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Any

from sqlalchemy import ForeignKey, Index, LargeBinary, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from gateway.db.base import Base, utcnow
from gateway.models.registry import Member, enum_column


class OrderReason(enum.StrEnum):
    FIRST = "first"  # первичный выпуск
    LOST = "lost"  # перевыпуск: утеря
    DAMAGED = "damaged"  # перевыпуск: порча
    NAME_CHANGED = "name_changed"  # перевыпуск: смена ФИО

    @property
    def is_reissue(self) -> bool:
        return self is not OrderReason.FIRST


class CardForm(enum.StrEnum):
    PLASTIC = "plastic"  # a printed card (its number is also shown in the app: the virtual duplicate)
    VIRTUAL = "virtual"  # the number only: personal account, app, wallet; nothing is printed


class OrderSource(enum.StrEnum):
    ONEC = "onec"
    API = "api"
    UPLOAD = "upload"
    WEB = "web"


class OrderState(enum.StrEnum):
    SUBMITTED = "submitted"
    ACCEPTED = "accepted"
    REJECTED = "rejected"
    BATCHED = "batched"
    PRODUCED = "produced"
    DISPATCHED = "dispatched"
    ISSUED = "issued"
    REFUSED = "refused"
    CANCELLED = "cancelled"


# States in which an order is still on its way to a printed card.
OPEN_ORDER_STATES = (OrderState.SUBMITTED, OrderState.ACCEPTED, OrderState.BATCHED)


class CardOrder(Base):
    __tablename__ = "card_orders"
    __table_args__ = (
        # At most one open order per member: the database, not only the validator, refuses a
        # duplicate that two concurrent submissions could otherwise both pass.
        Index(
            "uq_card_orders_open_member",
            "member_id",
            unique=True,
            postgresql_where=text("state IN ('submitted', 'accepted', 'batched')"),
            sqlite_where=text("state IN ('submitted', 'accepted', 'batched')"),
        ),
        Index("ix_card_orders_state_region", "state", "region_id"),
        Index("ix_card_orders_upload_row", "upload_id", "upload_row"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    member_id: Mapped[int] = mapped_column(ForeignKey("members.id"), index=True)
    region_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"))
    reason: Mapped[OrderReason] = mapped_column(enum_column(OrderReason))
    source: Mapped[OrderSource] = mapped_column(enum_column(OrderSource))
    form: Mapped[CardForm] = mapped_column(
        enum_column(CardForm), default=CardForm.PLASTIC, server_default=CardForm.PLASTIC.value
    )
    submitted_by: Mapped[str] = mapped_column(String(200))
    idempotency_key: Mapped[str | None] = mapped_column(String(200))
    onec_ref: Mapped[uuid.UUID | None] = mapped_column(unique=True)
    state: Mapped[OrderState] = mapped_column(enum_column(OrderState))
    rejection_reasons: Mapped[list[Any] | None]
    batch_id: Mapped[int | None] = mapped_column(ForeignKey("print_batches.id"), index=True)
    upload_id: Mapped[int | None] = mapped_column(ForeignKey("uploads.id"))
    upload_row: Mapped[int | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(default=utcnow, onupdate=utcnow)

    member: Mapped[Member] = relationship(lazy="raise_on_sql")


class UploadState(enum.StrEnum):
    QUEUED = "queued"
    PROCESSING = "processing"
    DONE = "done"
    FAILED = "failed"


class Upload(Base):
    """A spreadsheet of orders, processed in the background; the file is kept for the worker."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(primary_key=True)
    public_id: Mapped[uuid.UUID] = mapped_column(unique=True, default=uuid.uuid4)
    region_id: Mapped[int] = mapped_column(ForeignKey("organisations.id"), index=True)
    submitted_by: Mapped[str] = mapped_column(String(200))
    filename: Mapped[str] = mapped_column(String(300))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    all_or_nothing: Mapped[bool] = mapped_column(default=False)
    state: Mapped[UploadState] = mapped_column(enum_column(UploadState))
    file_format: Mapped[str | None] = mapped_column(String(40))
    total_rows: Mapped[int | None]
    processed_rows: Mapped[int] = mapped_column(default=0)
    accepted_rows: Mapped[int] = mapped_column(default=0)
    rejected_rows: Mapped[int] = mapped_column(default=0)
    # File-level failure (unreadable file, missing columns): code + Russian message.
    error: Mapped[dict[str, Any] | None]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
    finished_at: Mapped[dt.datetime | None]


class UploadRowResult(Base):
    """Per-row outcome of an upload: the report a region downloads."""

    __tablename__ = "upload_rows"
    __table_args__ = (UniqueConstraint("upload_id", "row_no", name="uq_upload_rows_upload_row"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    upload_id: Mapped[int] = mapped_column(ForeignKey("uploads.id"))
    row_no: Mapped[int]
    accepted: Mapped[bool]
    order_id: Mapped[int | None] = mapped_column(ForeignKey("card_orders.id"))
    card_number: Mapped[str | None] = mapped_column(String(16))
    errors: Mapped[list[Any] | None]


class IdempotencyRecord(Base):
    """The stored answer to an API request made with an ``Idempotency-Key`` header."""

    __tablename__ = "idempotency_records"
    __table_args__ = (UniqueConstraint("client", "key", name="uq_idempotency_records_client_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    client: Mapped[str] = mapped_column(String(200))
    key: Mapped[str] = mapped_column(String(200))
    request_hash: Mapped[str] = mapped_column(String(64))
    status_code: Mapped[int]
    response: Mapped[dict[str, Any]]
    created_at: Mapped[dt.datetime] = mapped_column(default=utcnow)
