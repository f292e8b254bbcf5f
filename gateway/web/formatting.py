"""Russian formatting for the pages: ДД.ММ.ГГГГ dates in Moscow time, numbers with spaces."""

from __future__ import annotations

import datetime as dt
from typing import Any

from markupsafe import Markup, escape

from gateway.models import BatchState
from gateway.texts import ru

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


def _label(table: dict[str, str]) -> Any:
    def label(value: Any) -> str:
        key = getattr(value, "value", value)
        return table.get(key, "—" if key is None else str(key))

    return label


onec_status = _label(ru.ONEC_STATUSES)
outbox_state = _label(ru.OUTBOX_STATES)
sync_state = _label(ru.SYNC_STATES)
sync_kind = _label(ru.SYNC_KINDS)
sync_stage = _label(ru.SYNC_STAGES)
sync_count = _label(ru.SYNC_COUNTS)
reconciliation_kind = _label(ru.RECONCILIATION_KINDS)
station_state = _label(ru.STATION_STATES)
batch_state = _label(ru.BATCH_STATE_LABELS)


def state_label(value: Any) -> str:
    """An order's or card's state; a batch's in the feminine («Изготовлена»)."""
    if isinstance(value, BatchState):
        return ru.BATCH_STATE_LABELS[value.value]
    key = getattr(value, "value", value)
    return ru.STATE_LABELS.get(key, str(key))


def _ident(text: str) -> str:
    return f'<span class="ident">{text}</span>'


def actor_html(actor: str | None, names: dict[int, str] | None = None) -> Markup:
    """«Кто» for a page: names escaped, a station's name marked as an identifier."""
    safe = {k: str(escape(v)) for k, v in (names or {}).items()}
    return Markup(ru.actor_text(str(escape(actor)) if actor else actor, safe, mark=_ident))


def event_reason_html(reason: str | None) -> Markup:
    return Markup(ru.event_reason(str(escape(reason)) if reason else reason, mark=_ident))


def audit_details_html(details: dict[str, Any] | None) -> Markup:
    safe = {k: (str(escape(v)) if isinstance(v, str) else v) for k, v in (details or {}).items()}
    return Markup(ru.audit_details(safe, mark=_ident))


FILTERS = {
    "ru_date": ru_date,
    "ru_datetime": ru_datetime,
    "ru_number": ru_number,
    "ru_percent": ru_percent,
    "card_number": card_number,
    "state_label": state_label,
    "batch_state": batch_state,
    "onec_status": onec_status,
    "outbox_state": outbox_state,
    "sync_state": sync_state,
    "sync_kind": sync_kind,
    "sync_stage": sync_stage,
    "sync_count": sync_count,
    "reconciliation_kind": reconciliation_kind,
    "station_state": station_state,
    "event_reason": event_reason_html,
    "actor_text": actor_html,
    "audit_details": audit_details_html,
    "formed_reason": ru.batch_formed_reason,
}
