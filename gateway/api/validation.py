"""Request validation errors of the API in the project's error shape, with Russian messages.

spectree validates a request against the view's models before the view runs; its ``before`` hook
(:func:`refuse_invalid`) turns pydantic's errors into a :class:`DomainError`, so a bad request gets
the same ``{"error": {code, message, field, details}}`` body as every other error.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from flask import request
from pydantic import ValidationError
from pydantic_core import ErrorDetails

from gateway.errors import DomainError, Problem
from gateway.texts import ru


def field_path(loc: Sequence[int | str]) -> str:
    """``("orders", 0, "reason")`` -> ``orders[0].reason`` (the form the API always used)."""
    out = ""
    for part in loc:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += ("." if out else "") + part
    return out


def problem(error: ErrorDetails) -> Problem:
    field = field_path(error["loc"])
    kind = error["type"]
    if kind not in ru.API_VALIDATION and kind.isidentifier() and not error.get("url"):
        # A PydanticCustomError of our own models: its type is our code, its message Russian.
        return Problem(kind, error["msg"], field or None)
    template = ru.API_VALIDATION.get(kind, ru.API_VALIDATION_OTHER)
    context: dict[str, Any] = {k: v for k, v in (error.get("ctx") or {}).items() if k != "error"}
    try:
        message = template.format(field=field or ru.API_BODY, **context)
    except (KeyError, IndexError):
        message = ru.API_VALIDATION_OTHER.format(field=field or ru.API_BODY)
    return Problem("invalid_field", message, field or None)


class AnswerBreaksContract(Exception):
    """A view's answer does not fit its declared model: a bug, answered as an internal error (500)."""


def refuse_wrong_answer(
    req: Any, resp: Any, error: ValidationError | None, instance: Any, adapter: Any
) -> None:
    """spectree's ``after`` hook. Its default logs pydantic's errors, which quote the offending
    values (names, birth dates); this names only where and what kind, and lets the app's 500
    handler answer with an error id."""
    if error is not None:
        where = "; ".join(f"{field_path(e['loc']) or '<body>'}: {e['type']}" for e in error.errors())
        raise AnswerBreaksContract(f"{request.method} {request.path}: {where}")


def refuse_invalid(req: Any, resp: Any, error: ValidationError | None, instance: Any, adapter: Any) -> None:
    """spectree's ``before`` hook: refuse malformed JSON and invalid requests in the API's shape.

    ``resp`` is spectree's own error answer; only its status (the route's 400 or 422) is kept.
    """
    if (
        request.mimetype == "application/json"
        and request.get_data()
        and request.get_json(silent=True) is None
    ):
        raise DomainError("invalid_json", ru.API_INVALID_JSON, status=400)
    if error is None:
        return
    problems = [problem(e) for e in error.errors()]
    first = problems[0]
    raise DomainError(first.code, first.message, first.field, resp.status_code, details=problems)
