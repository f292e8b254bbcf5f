"""Query parameters of the API, checked against the ranges the OpenAPI document declares."""

from __future__ import annotations

from flask import request

from gateway.errors import DomainError

MAX_PAGE = 2**31 - 1  # with 500 per page the offset stays far inside PostgreSQL's bigint
MAX_OFFSET = 2**62


def query_int(name: str, default: int, *, minimum: int, maximum: int) -> int:
    """``?name=`` as an integer in ``[minimum, maximum]``; anything else is a 400 naming the field.

    Checked here, not clamped: a number past ``maximum`` would otherwise reach PostgreSQL as an
    out-of-range LIMIT/OFFSET (a 500), and silently answering another page than the one asked
    for hides the caller's mistake.
    """
    raw = request.args.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = None
    if value is None or not minimum <= value <= maximum:
        raise DomainError(
            "invalid_field", f"Параметр {name} — целое число от {minimum} до {maximum}.", name, 400
        )
    return value
