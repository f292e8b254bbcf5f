"""Shapes shared by every area: the error body and the paging limits."""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, Field, RootModel

MAX_PAGE = 2**31 - 1  # with 500 per page the offset stays far inside PostgreSQL's bigint
MAX_OFFSET = 2**62


class Strict(BaseModel):
    """A request body: an unknown field is an error, not silently dropped."""

    model_config = ConfigDict(extra="forbid")


class FromRow(BaseModel):
    """A response built from an ORM row (or a dataclass) by attribute."""

    model_config = ConfigDict(from_attributes=True)


class Problem(FromRow):
    code: str = Field(description="Stable machine-readable code")
    message: str = Field(description="Russian message for people")
    field: str | None = None
    row: int | None = None


class ErrorDetail(BaseModel):
    code: str = Field(description="Stable machine-readable code")
    message: str = Field(description="Russian message for people")
    field: str | None = None
    details: list[Problem] | None = None


class Error(BaseModel):
    """Every error of the API: a stable code, a Russian message, the offending field or rows."""

    error: ErrorDetail


class OpenAPIDocument(RootModel[dict[str, Any]]):
    """An OpenAPI 3.1 document."""


class IdempotencyHeaders(BaseModel):
    idempotency_key: str | None = Field(
        None,
        alias="Idempotency-Key",
        max_length=200,
        description="A retried request with the same key and body returns the original answer.",
    )
