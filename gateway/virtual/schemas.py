"""Request and response shapes of the partner API: one typed definition each; validation,
serialisation and the OpenAPI entries (spectree, gateway.api.openapi) all come from these models."""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class PartnerCard(BaseModel):
    """The member's current ЭПБ as the personal account and the app show it."""

    card_number: str = Field(pattern=r"^[0-9]{16}$")
    card_number_formatted: str
    state: str = Field(description="Card state in the gateway (virtual, allocated … issued, withdrawn)")
    state_label: str = Field(description="The state in Russian, for the member")
    valid: bool = Field(description="Whether the card is valid today (the same answer as /verify)")
    void_reason: str | None = Field(None, description="Why it is not valid, a stable code (neutral)")
    void_reason_text: str | None = Field(None, description="The same in Russian, for the member")
    forms: list[Literal["plastic", "virtual"]]
    issue_date: dt.date
    payload: str = Field(description="Signed payload text (EPB1:…), verifiable offline with the public key")
    verify_url: str = Field(description="The verification link the QR code holds")
    front_png_url: str
    pass_url: str | None = Field(None, description="Wallet pass (.pkpass) of an active card")
    can_confirm_receipt: bool = Field(description="A plastic card dispatched to the region awaits «Получил»")


class SelfCheckResult(PartnerCard):
    """The card of a member who proved who they are, with their 1C reference."""

    member_ref: uuid.UUID


class SelfCheckRequest(_Strict):
    """A member proves who they are in the app with the card number and their date of birth."""

    card_number: str = Field(min_length=16, max_length=19, description="16 digits, spaces allowed")
    birth_date: dt.date


class ReceiptAnswer(enum.StrEnum):
    RECEIVED = "received"  # «Получил»
    DECLINED = "declined"  # the member refuses the card («Отказ»)


class ReceiptRequest(_Strict):
    answer: ReceiptAnswer
    reason: str | None = Field(
        None, max_length=200, description="Why the member declines (kept in the history)"
    )


class ReceiptResult(BaseModel):
    card_number: str
    state: str
    state_label: str


class WebhookEvent(BaseModel):
    """Body of a webhook POST. Signed: ``X-EPB-Signature: sha256=<hex HMAC-SHA256 of
    "<X-EPB-Timestamp>.<body>" with the partner's secret>``; ``id`` repeats on retries."""

    id: int
    event: Literal["card.changed"]
    card_number: str
    member_ref: uuid.UUID
    state: str
    valid: bool
    void_reason: str | None = None
    occurred_at: dt.datetime
