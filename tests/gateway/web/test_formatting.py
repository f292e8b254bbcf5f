"""Russian formatting of dates and numbers on the pages."""

from __future__ import annotations

import datetime as dt

from gateway.web.formatting import card_number, onec_status, ru_date, ru_datetime, ru_number, ru_percent


def test_dates_in_moscow_time_as_dd_mm_yyyy() -> None:
    late_utc = dt.datetime(2024, 12, 31, 22, 30, tzinfo=dt.UTC)
    assert ru_date(late_utc) == "01.01.2025"  # already the next day in Moscow (UTC+3)
    assert ru_datetime(late_utc) == "01.01.2025 01:30"
    assert ru_datetime(dt.datetime(2024, 5, 1, 9, 0)) == "01.05.2024 12:00"  # naive = UTC (SQLite)
    assert ru_date(dt.date(1980, 5, 17)) == "17.05.1980"
    assert ru_date(None) == "—"


def test_numbers_with_russian_separators() -> None:
    assert ru_number(1234567) == "1\u00a0234\u00a0567"
    assert ru_number(95.5, 2) == "95,50"
    assert ru_number(1234.5, 2) == "1\u00a0234,50"
    assert ru_percent(0.1234) == "12,3\u00a0%"
    assert ru_percent(None) == "—"


def test_card_number_and_labels() -> None:
    assert card_number("9643007700000044") == "9643\u00a00077\u00a00000\u00a00044"
    assert onec_status("issued") == "Выдан"
