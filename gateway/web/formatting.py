"""Russian formatting for the pages: ДД.ММ.ГГГГ dates in Moscow time, numbers with spaces."""

from __future__ import annotations

import datetime as dt
from typing import Any

from gateway.lifecycle import STATE_LABELS

try:
    from zoneinfo import ZoneInfo

    DISPLAY_TZ: dt.tzinfo = ZoneInfo("Europe/Moscow")
except Exception:  # no time-zone database (Windows without tzdata): Moscow is UTC+3 all year
    DISPLAY_TZ = dt.timezone(dt.timedelta(hours=3))

NBSP = "\u00a0"


def _local(value: dt.datetime) -> dt.datetime:
    # SQLite returns naive datetimes; everything is stored in UTC.
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(DISPLAY_TZ)


def ru_date(value: Any) -> str:
    if value is None:
        return "—"
    if isinstance(value, dt.datetime):
        value = _local(value)
    return value.strftime("%d.%m.%Y")


def ru_datetime(value: Any) -> str:
    if value is None:
        return "—"
    return _local(value).strftime("%d.%m.%Y %H:%M")


def ru_number(value: Any, digits: int = 0) -> str:
    if value is None:
        return "—"
    text = f"{value:,.{digits}f}"
    return text.replace(",", NBSP).replace(".", ",")


def ru_percent(value: Any) -> str:
    return "—" if value is None else ru_number(value * 100, 1) + NBSP + "%"


def card_number(value: str | None) -> str:
    if not value:
        return "—"
    return NBSP.join(value[i : i + 4] for i in range(0, len(value), 4))


ONEC_STATUS_LABELS = {
    "ordered": "Заказан",
    "produced": "Изготовлен",
    "issued": "Выдан",
    "refused": "Отказ",
    "withdrawn": "Аннулирован",
}
OUTBOX_STATE_LABELS = {"pending": "ждёт отправки", "delivered": "доставлен", "dead": "не доставлен"}
SYNC_STATE_LABELS = {"running": "идёт", "succeeded": "завершена", "failed": "ошибка"}


def onec_status(value: Any) -> str:
    key = getattr(value, "value", value)
    return ONEC_STATUS_LABELS.get(key, str(key))


def outbox_state(value: Any) -> str:
    key = getattr(value, "value", value)
    return OUTBOX_STATE_LABELS.get(key, str(key))


def sync_state(value: Any) -> str:
    key = getattr(value, "value", value)
    return SYNC_STATE_LABELS.get(key, str(key))


def state_label(value: Any) -> str:
    key = getattr(value, "value", value)
    return STATE_LABELS.get(key, str(key))


FILTERS = {
    "ru_date": ru_date,
    "ru_datetime": ru_datetime,
    "ru_number": ru_number,
    "ru_percent": ru_percent,
    "card_number": card_number,
    "state_label": state_label,
    "onec_status": onec_status,
    "outbox_state": outbox_state,
    "sync_state": sync_state,
}
