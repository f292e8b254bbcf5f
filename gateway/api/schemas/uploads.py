"""Spreadsheet uploads of orders: progress and the per-row report."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

from gateway.api.schemas.common import FromRow, Problem
from gateway.models import UploadState


class Upload(FromRow):
    model_config = ConfigDict(from_attributes=True, populate_by_name=True)

    id: uuid.UUID = Field(validation_alias="public_id")
    state: UploadState
    filename: str
    format: str | None = Field(validation_alias="file_format")
    all_or_nothing: bool
    total_rows: int | None
    processed_rows: int
    accepted_rows: int
    rejected_rows: int
    error: dict[str, Any] | None
    created_at: dt.datetime
    finished_at: dt.datetime | None


class QueuedUpload(Upload):
    status_url: str = Field(description="Poll here for progress (also the Location header)")


class ReportRow(FromRow):
    row: int
    accepted: bool
    card_number: str | None
    errors: list[Problem]


class UploadReport(FromRow):
    upload: Upload
    rows: list[ReportRow]


class ReportQuery(BaseModel):
    format: Literal["json", "csv"] = "json"


class UploadForm(BaseModel):
    file: Any = Field(json_schema_extra={"type": "string", "format": "binary"})
    all_or_nothing: bool = False
    region_code: str | None = Field(None, description="Operator tokens only")
