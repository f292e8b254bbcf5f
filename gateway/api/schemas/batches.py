"""Print batches: a batch with its per-region counts and cost."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from pydantic import Field, computed_field, model_validator

from gateway.api.schemas.common import FromRow, Strict
from gateway.models import BatchState
from gateway.texts import ru


class RegionCount(FromRow):
    region_code: str
    region_name: str
    card_count: int
    unit_cost_rub: float
    cost_rub: float


class Batch(FromRow):
    id: int
    state: BatchState
    card_count: int
    formed_reason: str | None
    station: str | None = Field(description="Print station or bureau (bureau:<name>) printing it")
    pause_reason: str | None
    created_at: dt.datetime
    regions: list[RegionCount] | None = Field(
        None, description="Per-region counts and cost; null in answers to station commands"
    )

    @computed_field  # type: ignore[prop-decorator]
    @property
    def state_label(self) -> str:
        return ru.BATCH_STATE_LABELS.get(self.state.value, self.state.value)


class BatchList(FromRow):
    total: int | None = Field(None, description="All batches (the list shows the latest 200)")
    items: list[Batch]


class FormBatchesRequest(Strict):
    region_code: str | None = Field(None, description="Form only this region's waiting orders")


class StartRequest(Strict):
    """One station (``station``) or several sharing the batch's queue (``stations``)."""

    station: str | None = Field(None, min_length=1, description="Configured print station name")
    stations: list[Annotated[str, Field(min_length=1)]] | None = Field(
        None, min_length=1, description="Several configured stations; on a printing batch: stations to add"
    )

    @model_validator(mode="after")
    def _one_of(self) -> StartRequest:
        if (self.station is None) == (self.stations is None):
            raise ValueError(ru.STATION_REQUIRED)
        return self

    def names(self) -> list[str]:
        return [self.station] if self.station is not None else list(self.stations or [])
