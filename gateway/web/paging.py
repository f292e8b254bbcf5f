"""Page-by-page lists without counting a million rows: fetch one row more than shown."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from flask import request
from sqlalchemy import Select
from sqlalchemy.orm import Session

from gateway.db.request_session import get_settings_from_app


@dataclass
class Page:
    items: list[Any]
    number: int
    has_next: bool

    @property
    def has_prev(self) -> bool:
        return self.number > 1


def page_number() -> int:
    try:
        # Capped: a 20-digit page would reach PostgreSQL as an out-of-range OFFSET (a 500).
        return min(max(1, int(request.args.get("page", 1))), 2**31 - 1)
    except ValueError:
        return 1


def paginate(session: Session, stmt: Select[Any], *, scalars: bool = True) -> Page:
    size = get_settings_from_app().web.page_size
    number = page_number()
    stmt = stmt.limit(size + 1).offset((number - 1) * size)
    rows = list(session.scalars(stmt) if scalars else session.execute(stmt))
    return Page(rows[:size], number, len(rows) > size)
