"""Print stations and the cards that need inspection after a station crash."""

from __future__ import annotations

import datetime as dt

from pydantic import BaseModel, Field, computed_field

from gateway.api.schemas.common import FromRow
from gateway.models import StationState
from gateway.texts import ru


class Station(FromRow):
    name: str
    state: StationState
    current_batch_id: int | None
    pause_code: str | None
    pause_reason: str | None
    heartbeat_at: dt.datetime | None
    online: bool = Field(description="A heartbeat came within the configured staleness limit")
    configured: bool = Field(description="Named in the settings (not only known from the database)")

    @computed_field  # type: ignore[prop-decorator]
    @property
    def state_label(self) -> str:
        return ru.STATION_STATES[self.state.value]


class InspectionCard(FromRow):
    number: str
    batch_id: int | None
    station: str | None
    last_step: str | None
    chip_uid: str | None


class Stations(FromRow):
    items: list[Station]
    needs_inspection: list[InspectionCard]


class PackingQuery(BaseModel):
    region: str | None = Field(
        None, description="Region code; a region token always gets its own region only"
    )
