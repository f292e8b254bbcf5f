"""Card orders: the order a region or 1C submits, the accepted order, the stored order."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from pydantic import BaseModel, Field, ValidationInfo, computed_field, field_validator
from pydantic_core import PydanticCustomError

from gateway.api.schemas.common import MAX_PAGE, FromRow, Problem, Strict
from gateway.lifecycle import STATE_LABELS
from gateway.models import Card, CardForm, CardOrder, CardState, OrderReason, OrderSource, OrderState
from gateway.orders.intake import ItemResult
from gateway.texts import ru


class OrderRequest(Strict):
    """Identify the member by member_ref, or by surname + name (+ patronymic) + birth_date
    (+ organisation code to disambiguate)."""

    surname: str | None = None
    name: str | None = None
    patronymic: str | None = None
    birth_date: dt.date | None = Field(None, description="ГГГГ-ММ-ДД")
    organisation: str | None = Field(None, description="Primary organisation code or 1C reference")
    reason: OrderReason = OrderReason.FIRST
    form: CardForm = Field(
        CardForm.PLASTIC,
        description="virtual: the number only (personal account, app, wallet), issued at once; "
        "plastic for a member with a virtual-only number keeps that number",
    )
    # Declared last: its check sees the name fields already validated.
    member_ref: uuid.UUID | None = Field(
        None, description="Member's 1C reference (Ref_Key)", validate_default=True
    )

    @field_validator("member_ref")
    @classmethod
    def _member_identified(cls, ref: uuid.UUID | None, info: ValidationInfo) -> uuid.UUID | None:
        known = info.data
        if ref is None and not (known.get("surname") and known.get("name") and known.get("birth_date")):
            raise PydanticCustomError("invalid_field", ru.API_MEMBER_REQUIRED)
        return ref


class BulkRequest(Strict):
    orders: list[OrderRequest] = Field(min_length=1)
    all_or_nothing: bool = Field(False, description="Accept all orders or none")


class AcceptedOrder(FromRow):
    id: uuid.UUID
    state: OrderState
    card_number: str | None = Field(None, pattern=r"^[0-9]{16}$")
    reason: OrderReason
    form: CardForm


class BulkItem(FromRow):
    index: int
    accepted: bool
    order: AcceptedOrder | None = Field(None, description="Once accepted")
    errors: list[Problem] | None = Field(None, description="Once rejected")

    @classmethod
    def of(cls, item: ItemResult, index: int) -> BulkItem:
        if not item.accepted:
            return cls(index=index, accepted=False, errors=[Problem.model_validate(p) for p in item.problems])
        form = item.request.form
        order = AcceptedOrder(
            id=item.order_public_id,
            # A virtual-only order is issued at once (the number is the card).
            state=OrderState.ISSUED if form is CardForm.VIRTUAL else OrderState.ACCEPTED,
            card_number=item.card_number,
            reason=item.request.reason,
            form=form,
        )
        return cls(index=index, accepted=True, order=order)


class BulkResult(FromRow):
    accepted: int
    rejected: int
    all_or_nothing: bool
    results: list[BulkItem]


class Order(FromRow):
    id: uuid.UUID
    state: OrderState
    reason: OrderReason
    form: CardForm
    source: OrderSource
    member_ref: uuid.UUID | None
    card_number: str | None
    card_state: CardState | None
    batch_id: int | None
    rejection_reasons: list[Any] | None
    created_at: dt.datetime

    @computed_field  # type: ignore[prop-decorator]
    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state.value]

    @classmethod
    def of(cls, order: CardOrder, card: Card | None, member_ref: uuid.UUID | None) -> Order:
        return cls(
            id=order.public_id,
            state=order.state,
            reason=order.reason,
            form=order.form,
            source=order.source,
            member_ref=member_ref,
            card_number=card.number if card else None,
            card_state=card.state if card else None,
            batch_id=order.batch_id,
            rejection_reasons=order.rejection_reasons,
            created_at=order.created_at,
        )


class OrderPage(FromRow):
    page: int
    per_page: int
    total: int
    items: list[Order]


class OrdersQuery(BaseModel):
    state: OrderState | None = None
    page: int = Field(1, ge=1, le=MAX_PAGE)
    per_page: int = Field(100, ge=1, le=500)
