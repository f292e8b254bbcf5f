"""Cards: a card by number, and the answer to resolving one after a station crash."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import Field, computed_field

from gateway.api.schemas.common import FromRow, Strict
from gateway.lifecycle import STATE_LABELS
from gateway.models import CardState


class _Labelled(FromRow):
    number: str
    state: CardState

    @computed_field  # type: ignore[prop-decorator]
    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state.value]


class Card(_Labelled):
    batch_id: int | None
    chip_uid: str | None
    produced_at: dt.datetime | None
    issued_at: dt.datetime | None


class ResolvedCard(_Labelled):
    """A card after inspection: produced or spoiled."""


class ResolveRequest(Strict):
    result: Literal["produced", "spoiled"] = Field(description="produced: the card is good; spoiled: not")
