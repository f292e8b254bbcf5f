"""Turning 1C's HTTP answers into typed errors.

1C reports errors as ``{"odata.error": {"code": "9", "message": {"lang": "ru", "value": "…"}}}``
when JSON was asked for, and as XML ``<m:error><m:code>9</m:code><m:message xml:lang="ru">…
</m:message></m:error>`` otherwise (Atom requests, and some errors raised before the format is
known); both are read the same way, so 1C's code and message survive either form.
What is worth retrying is decided by the status alone: 406 (session pool exhausted), 502/503/504
(web server in front of a restarting 1C) and a 500 *without* an ``odata.error`` body (the web
server extension crashed). A 500 *with* one is an error raised by 1C's own code — repeating the
request gives the same answer.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import requests

from .errors import (
    OneCApplicationError,
    OneCAuthError,
    OneCBadRequest,
    OneCConflict,
    OneCError,
    OneCNotFound,
    OneCPreconditionFailed,
    OneCProtocolError,
    OneCUnavailable,
)

TRANSIENT_STATUSES = frozenset({406, 502, 503, 504})


_M = "{http://schemas.microsoft.com/ado/2007/08/dataservices/metadata}"


def _parse_xml_error(body: bytes) -> tuple[str | None, str | None]:
    try:
        root = ET.fromstring(body)
    except (ET.ParseError, ValueError):
        return None, None
    if root.tag != f"{_M}error":
        return None, None
    code = root.findtext(f"{_M}code")
    message = root.findtext(f"{_M}message")
    return (None if code is None else code.strip()), (None if message is None else message.strip())


def parse_odata_error(body: bytes) -> tuple[str | None, str | None]:
    """(code, message) from an ``odata.error`` JSON or ``m:error`` XML body, or (None, None)."""
    head = body.lstrip()[:1]
    if head == b"<":
        return _parse_xml_error(body)
    try:
        payload: Any = json.loads(body)
    except (ValueError, UnicodeDecodeError):
        return None, None
    if not isinstance(payload, dict) or not isinstance(payload.get("odata.error"), dict):
        return None, None
    error = payload["odata.error"]
    message = error.get("message")
    if isinstance(message, dict):
        message = message.get("value")
    code = error.get("code")
    return (None if code is None else str(code)), (None if message is None else str(message))


def is_session_lost(response: requests.Response) -> bool:
    """1C no longer knows the session of the ``ibsession`` cookie (idle timeout, server restart)."""
    if response.status_code not in (400, 404):
        return False
    _, message = parse_odata_error(response.content)
    return message is not None and "сеанс" in message.lower()


def is_transient(response: requests.Response) -> bool:
    if response.status_code in TRANSIENT_STATUSES:
        return True
    return response.status_code >= 500 and parse_odata_error(response.content) == (None, None)


def error_for_response(response: requests.Response, what: str) -> OneCError:
    status = response.status_code
    code, message = parse_odata_error(response.content)
    kind: type[OneCError]
    if status in (401, 403):
        kind, text = OneCAuthError, f"1C refused the credentials for {what}"
    elif status == 404:
        kind, text = OneCNotFound, f"1C has no {what}"
    elif status == 412:
        kind, text = OneCPreconditionFailed, f"{what} was changed in 1C since it was read"
    elif status == 409:
        kind, text = OneCConflict, f"conflict writing {what}"
    elif status == 400:
        kind, text = OneCBadRequest, f"1C rejected the request for {what}"
    elif is_transient(response):
        kind, text = OneCUnavailable, f"1C is unavailable ({what})"
    elif status >= 500:
        kind, text = OneCApplicationError, f"1C failed while processing {what}"
    else:
        kind, text = OneCProtocolError, f"unexpected answer from 1C for {what}"
    return kind(text, status=status, code=code, onec_message=message, url=response.url)
