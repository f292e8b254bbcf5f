"""1C's OData wire format: literals sent in URLs and the quirks of values received.

1C-specific facts handled here: the empty date ``0001-01-01T00:00:00`` and the empty reference
``00000000-0000-0000-0000-000000000000`` mean "not filled in"; fixed-length strings arrive padded
with spaces; Int64 values arrive as JSON strings; dates carry no time zone and are the server's
local time.
"""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime, tzinfo
from typing import Any

EMPTY_REF = "00000000-0000-0000-0000-000000000000"
EMPTY_DATE = "0001-01-01T00:00:00"
DATETIME_FORMAT = "%Y-%m-%dT%H:%M:%S"


# ---- literals sent to 1C -------------------------------------------------------------------------


def guid_literal(ref: str | uuid.UUID | None) -> str:
    value = EMPTY_REF if ref is None else str(uuid.UUID(str(ref)))
    return f"guid'{value}'"


def string_literal(value: str) -> str:
    # OData escapes a quote inside a string literal by doubling it.
    return "'" + value.replace("'", "''") + "'"


def format_datetime(value: datetime | date | None, server_tz: tzinfo) -> str:
    """Render a value the way 1C stores it: naive local time of the 1C server."""
    if value is None:
        return EMPTY_DATE
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(server_tz).replace(tzinfo=None)
        return value.replace(microsecond=0).strftime(DATETIME_FORMAT)
    return f"{value.isoformat()}T00:00:00"


def datetime_literal(value: datetime | date | None, server_tz: tzinfo) -> str:
    return f"datetime'{format_datetime(value, server_tz)}'"


def literal(value: Any, server_tz: tzinfo) -> str:
    """An OData v3 literal for a Python value, as 1C's query parser expects it."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, uuid.UUID):
        return guid_literal(value)
    if isinstance(value, datetime | date):
        return datetime_literal(value, server_tz)
    if isinstance(value, int | float):
        return repr(value)
    if isinstance(value, str):
        return string_literal(value)
    raise TypeError(f"no OData literal for {type(value).__name__}")


def compound_key(parts: dict[str, Any], server_tz: tzinfo, guid_fields: frozenset[str] = frozenset()) -> str:
    """``Period=datetime'…',Member_Key=guid'…'`` — the key of a register record."""
    rendered = []
    for name, value in parts.items():
        if name in guid_fields or name.endswith("_Key"):
            rendered.append(f"{name}={guid_literal(value)}")
        else:
            rendered.append(f"{name}={literal(value, server_tz)}")
    return ",".join(rendered)


# ---- values received from 1C ---------------------------------------------------------------------


def normalize_value(value: Any) -> Any:
    """Type-independent clean-up applied to every field of every row."""
    if isinstance(value, str):
        if value in (EMPTY_REF, EMPTY_DATE):
            return None
        # Fixed-length strings are padded on the right; leading spaces can be meaningful.
        return value.rstrip(" ")
    return value


def normalize_row(row: dict[str, Any]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in row.items():
        if isinstance(value, list):
            out[key] = [
                normalize_row(item) if isinstance(item, dict) else normalize_value(item) for item in value
            ]
        else:
            out[key] = normalize_value(value)
    return out


def parse_ref(value: Any) -> str | None:
    if value is None or value == "" or value == EMPTY_REF:
        return None
    return str(value).lower()


def parse_int64(value: Any) -> int | None:
    """Int64 arrives as a JSON string (``"12"``); tolerate a number too."""
    if value is None or value == "":
        return None
    return int(value)


def parse_datetime(value: Any, server_tz: tzinfo) -> datetime | None:
    """A 1C date-time: naive server-local time → aware datetime (UTC-comparable)."""
    if value is None or value == "" or value == EMPTY_DATE:
        return None
    parsed = datetime.fromisoformat(str(value))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=server_tz)
    return parsed


def parse_date(value: Any) -> date | None:
    """A 1C date with the "date only" qualifier (birth date): the time part is always midnight."""
    if value is None or value == "" or value == EMPTY_DATE:
        return None
    return datetime.fromisoformat(str(value)).date()


def to_utc(value: datetime | None) -> datetime | None:
    return None if value is None else value.astimezone(UTC)
