"""Guards every request and answer share, web pages and API alike.

* Input the database cannot hold is refused before a view runs: a NUL character in the path, the
  query, a form field or a JSON string (PostgreSQL's text type cannot store it and the driver
  raises, which used to be a 500), and integers in URL paths beyond the id columns' range.
* Answers are never stored by a browser or a proxy (``Cache-Control: no-store``): nearly every
  page and API answer carries personal data (names, birth dates, card numbers). Static files
  are the exception. In production HSTS tells browsers to use HTTPS only.
"""

from __future__ import annotations

import logging
from typing import Any

from flask import Flask, jsonify, render_template, request
from werkzeug.exceptions import HTTPException
from werkzeug.routing import IntegerConverter

from gateway.errors import log_internal_error

log = logging.getLogger(__name__)

# The ids in URLs are PostgreSQL ``integer`` columns (the outbox's is ``bigint``, but 2**31 messages
# are centuries of cards away).
MAX_ID = 2**31 - 1
HSTS = "max-age=31536000; includeSubDomains"
NUL_MESSAGE = "Запрос содержит недопустимый символ NUL (\\u0000)."


class IdConverter(IntegerConverter):
    """``<int:…>`` in every route: a number beyond the column's range matches no route (a 404),
    instead of reaching the database as an out-of-range parameter (a 500)."""

    def __init__(self, map: Any, *args: Any, **kwargs: Any) -> None:  # noqa: A002 - werkzeug's name
        kwargs.setdefault("max", MAX_ID)
        super().__init__(map, *args, **kwargs)


def _has_nul(value: Any) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _refuse_nul() -> Any:
    texts = [request.path]
    texts += [v for k, vs in request.args.lists() for v in (k, *vs)]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        texts += [v for k, vs in request.form.lists() for v in (k, *vs)]
    body: Any = None
    if request.is_json:
        body = request.get_json(silent=True)  # cached: the view reads the same object
    if not any(_has_nul(t) for t in texts) and not _has_nul(body):
        return None
    if request.path.startswith("/api/"):
        return jsonify({"error": {"code": "invalid_characters", "message": NUL_MESSAGE}}), 400
    return render_template("error.html", title="Ошибка 400", message=NUL_MESSAGE), 400


def init_http_guards(app: Flask, *, production: bool) -> None:
    app.url_map.converters["int"] = IdConverter
    app.before_request(_refuse_nul)

    @app.errorhandler(Exception)
    def _internal_error(exc: Exception) -> Any:
        if isinstance(exc, HTTPException):
            return exc  # answered by the web's and the API's own handlers
        error_id = log_internal_error(log, exc, f"{request.method} {request.path}")
        message = (
            f"Внутренняя ошибка сервера (код ошибки {error_id}). Повторите позже или сообщите код "
            "в центральный аппарат."
        )
        if request.path.startswith("/api/"):
            body = {"error": {"code": "internal_error", "message": message, "error_id": error_id}}
            return jsonify(body), 500
        return render_template("error.html", title="Ошибка 500", message=message), 500

    @app.after_request
    def _headers(response: Any) -> Any:
        if not (request.endpoint or "").endswith("static"):
            response.headers["Cache-Control"] = "no-store"
        if production:
            response.headers.setdefault("Strict-Transport-Security", HSTS)
        return response
