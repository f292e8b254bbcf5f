"""Domain errors: a stable machine code, a Russian message for people, the offending field."""

from __future__ import annotations

import logging
import traceback
import uuid
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


# One answer per kind of thing, whether it does not exist or belongs to another region: card numbers
# and batch ids are sequential, so any difference would let a region count another's cards.
NOT_FOUND_MESSAGES = {
    "card": "Карта с таким номером не найдена.",
    "order": "Заказ не найден.",
    "upload": "Загрузка не найдена.",
    "batch": "Партия не найдена.",
    "member": "Член Профсоюза не найден.",
}


class NotFound(DomainError):
    def __init__(self, what: str) -> None:
        super().__init__(
            code=f"{what}_not_found", message=NOT_FOUND_MESSAGES.get(what, "Не найдено."), status=404
        )


class Forbidden(DomainError):
    def __init__(self, message: str = "Недостаточно прав для этого действия.") -> None:
        super().__init__(code="forbidden", message=message, status=403)


def safe_description(exc: BaseException) -> str:
    """What may be logged about an unexpected error: its type and, for a database error, the
    SQLSTATE and the statement — never a value. The database repeats values in its own messages
    ('invalid input syntax for type date: "…"', 'Key (…)=(…) already exists'), so the message of
    a database error is left out, and other messages are left out too: they may quote input."""
    from sqlalchemy.exc import DBAPIError

    if isinstance(exc, DBAPIError) and exc.orig is not None:
        orig = exc.orig
        sqlstate = getattr(orig, "sqlstate", None) or getattr(orig, "sqlite_errorname", None)
        return f"{type(orig).__module__}.{type(orig).__name__} (sqlstate {sqlstate}) in: {(exc.statement or '')[:300]}"
    return f"{type(exc).__module__}.{type(exc).__qualname__}"


def log_internal_error(logger: logging.Logger, exc: BaseException, context: str) -> str:
    """Log an unexpected error with a new error id (returned, to show to the user) and the
    traceback's frames, without any exception message (see :func:`safe_description`)."""
    error_id = uuid.uuid4().hex[:12]
    frames = "".join(traceback.format_tb(exc.__traceback__))
    logger.error("internal error %s in %s: %s\n%s", error_id, context, safe_description(exc), frames)
    return error_id
