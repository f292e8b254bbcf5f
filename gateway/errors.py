"""Domain errors: a stable machine code, a Russian message for people, the offending field."""

from __future__ import annotations

from dataclasses import dataclass
from dataclasses import field as dc_field
from typing import Any


@dataclass
class Problem:
    code: str
    message: str  # Russian, shown to users
    field: str | None = None
    row: int | None = None

    def as_dict(self) -> dict[str, Any]:
        d: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.field is not None:
            d["field"] = self.field
        if self.row is not None:
            d["row"] = self.row
        return d


@dataclass
class DomainError(Exception):
    code: str
    message: str
    field: str | None = None
    status: int = 422
    details: list[Problem] = dc_field(default_factory=list)

    def __str__(self) -> str:
        return f"{self.code}: {self.message}"

    def problems(self) -> list[Problem]:
        return self.details or [Problem(self.code, self.message, self.field)]


class NotFound(DomainError):
    def __init__(self, what: str, message: str) -> None:
        super().__init__(code=f"{what}_not_found", message=message, status=404)


class Forbidden(DomainError):
    def __init__(self, message: str = "Недостаточно прав для этого действия.") -> None:
        super().__init__(code="forbidden", message=message, status=403)
