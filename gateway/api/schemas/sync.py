"""The link to 1C: statuses waiting in the outbox, reconciliation runs."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pydantic import BaseModel, Field, field_validator
from pydantic_core import PydanticCustomError

from gateway.api.schemas.common import MAX_OFFSET, FromRow
from gateway.models import OneCStatus, OutboxState, ReconciliationState
from gateway.texts import ru


class OutboxMessage(FromRow):
    id: int
    card_id: int
    card_number: str | None = None
    status: OneCStatus
    state: OutboxState
    attempts: int
    next_attempt_at: dt.datetime
    last_error: str | None
    created_at: dt.datetime
    delivered_at: dt.datetime | None


class OutboxPage(FromRow):
    total: int
    items: list[OutboxMessage]


class OutboxQuery(BaseModel):
    state: OutboxState = OutboxState.DEAD
    limit: int = Field(100, ge=1, le=1000)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)

    @field_validator("state", mode="before")
    @classmethod
    def _known_state(cls, value: object) -> object:
        if value not in set(OutboxState):
            raise PydanticCustomError("invalid_state", ru.API_OUTBOX_STATE)
        return value


class ReconciliationRun(FromRow):
    id: int
    state: ReconciliationState
    requested_by: str
    created_at: dt.datetime | None
    started_at: dt.datetime | None
    finished_at: dt.datetime | None
    error: str | None = Field(description="Russian, for operators (1C did not answer, …)")
    report: dict[str, Any] | None = Field(
        description="Once succeeded: regions (members gateway/1C, cards by state), statuses, outbox, differences"
    )
