"""Blank-card stock of a batch and outside personalisation bureaus."""

from __future__ import annotations

import datetime as dt

from pydantic import Field, RootModel

from gateway.api.schemas.common import FromRow, Strict
from gateway.models import BatchState, BureauExportState

MAX_COUNT = 1_000_000


class StockReport(FromRow):
    batch_id: int
    drawn: int = Field(description="Blank cards drawn from stock for the batch")
    produced: int = Field(description="Counted from the batch's cards (frozen at sign-off)")
    spoiled: int = Field(description="Counted from the batch's cards (frozen at sign-off)")
    test_cards: int
    returned: int = Field(description="Blanks returned to stock")
    note: str | None
    balanced: bool = Field(description="drawn = produced + spoiled + test_cards + returned")
    difference: int = Field(description="drawn minus everything accounted for")
    signed_off: bool
    signed_off_by: str | None
    signed_off_at: dt.datetime | None


class StockCounts(Strict):
    drawn: int = Field(ge=0, le=MAX_COUNT)
    test_cards: int = Field(0, ge=0, le=MAX_COUNT)
    returned: int = Field(0, ge=0, le=MAX_COUNT)
    note: str | None = Field(None, max_length=500)


class Bureau(FromRow):
    name: str
    title: str


class Bureaus(RootModel[list[Bureau]]):
    """The configured bureaus."""


class BureauExportRequest(Strict):
    bureau: str = Field(min_length=1, description="Configured bureau name")


class BureauExport(FromRow):
    id: int
    bureau: str
    state: BureauExportState
    card_count: int
    package_sha256: str
    created_by: str
    created_at: dt.datetime
    completed_at: dt.datetime | None


class BureauExports(RootModel[list[BureauExport]]):
    """Packages sent to bureaus for a batch."""


class ManifestResult(FromRow):
    batch_id: int
    export_id: int
    produced: int
    spoiled: int
    replacements_queued: int
    batch_state: BatchState
