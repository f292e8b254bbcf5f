"""1C wire quirks, value by value (no server needed)."""

from __future__ import annotations

import base64
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
import requests

from adapters.onec import wire
from adapters.onec.auth import Utf8BasicAuth

MSK = ZoneInfo("Europe/Moscow")


def test_empty_date_and_empty_ref_become_none() -> None:
    row = wire.normalize_row({"A": wire.EMPTY_DATE, "B_Key": wire.EMPTY_REF, "C": "x"})
    assert row == {"A": None, "B_Key": None, "C": "x"}


def test_padded_strings_are_stripped_on_the_right_only() -> None:
    assert wire.normalize_value("ЧП00000216  ") == "ЧП00000216"
    assert wire.normalize_value("  left") == "  left"


def test_int64_strings() -> None:
    assert wire.parse_int64("100000000215") == 100000000215
    assert wire.parse_int64(None) is None


def test_dates_without_zone_are_server_local() -> None:
    parsed = wire.parse_datetime("2024-03-01T12:00:00", MSK)
    assert parsed is not None and parsed.astimezone(UTC) == datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
    assert wire.parse_datetime(wire.EMPTY_DATE, MSK) is None
    assert wire.parse_date("1980-05-01T00:00:00") == date(1980, 5, 1)


def test_aware_datetimes_are_sent_as_server_local_time() -> None:
    moment = datetime(2024, 3, 1, 9, 0, 0, 123456, tzinfo=UTC)
    assert wire.datetime_literal(moment, MSK) == "datetime'2024-03-01T12:00:00'"
    assert wire.format_datetime(None, MSK) == wire.EMPTY_DATE


def test_literals() -> None:
    assert wire.string_literal("O'Brien") == "'O''Brien'"
    assert (
        wire.guid_literal("0A9BE7A4-0000-0000-0000-000000000001")
        == "guid'0a9be7a4-0000-0000-0000-000000000001'"
    )
    key = wire.compound_key(
        {
            "Period": datetime(2024, 1, 1),
            "Член_Key": "0a9be7a4-0000-0000-0000-000000000001",
            "НомерКарты": "9643",
        },
        MSK,
    )
    assert key == (
        "Period=datetime'2024-01-01T00:00:00',Член_Key=guid'0a9be7a4-0000-0000-0000-000000000001',"
        "НомерКарты='9643'"
    )


def test_basic_auth_is_utf8_for_cyrillic_user_names() -> None:
    with pytest.raises(UnicodeEncodeError):
        # What requests does by default: Latin-1, which cannot encode a Cyrillic name.
        requests.auth._basic_auth_str("Шлюз", "пароль").encode("latin-1")  # type: ignore[attr-defined]
    prepared = requests.Request("GET", "http://x/", auth=Utf8BasicAuth("Шлюз", "пароль")).prepare()
    token = prepared.headers["Authorization"].removeprefix("Basic ")
    assert base64.b64decode(token).decode("utf-8") == "Шлюз:пароль"
    assert "пароль" not in repr(Utf8BasicAuth("Шлюз", "пароль"))
