"""Where the web pages meet the print stations (``gateway.printing``) and the 1C link
(``gateway.sync``), which are built alongside. Each function imports its service when called and
says clearly, in Russian, when that part is not installed, so the pages work without it."""

from __future__ import annotations

from collections.abc import Sequence
from types import ModuleType
from typing import Any

from sqlalchemy.orm import Session

from gateway.errors import DomainError
from gateway.models import PrintBatch
from gateway.settings import Settings


def _missing(what: str) -> DomainError:
    return DomainError("not_available", f"{what} в этой установке недоступно.", status=409)


def _station_module() -> ModuleType:
    try:
        from gateway.printing import station
    except ImportError:  # pragma: no cover - only before the print station package lands
        raise _missing("Управление станциями печати") from None
    return station


def station_names(settings: Settings) -> list[str]:
    printing = getattr(settings, "printing", None)
    return sorted(printing.stations) if printing is not None else []


def start_batch(
    session: Session, settings: Settings, batch: PrintBatch, stations: Sequence[str], *, actor: str
) -> None:
    _station_module().start_batch(session, settings, batch, stations, actor=actor)


def pause_batch(session: Session, settings: Settings, batch: PrintBatch, *, actor: str) -> None:
    _station_module().pause_batch(session, batch, actor=actor)


def resume_batch(session: Session, settings: Settings, batch: PrintBatch, *, actor: str) -> None:
    _station_module().resume_batch(session, settings, batch, actor=actor)


def cancel_batch(session: Session, settings: Settings, batch: PrintBatch, *, actor: str) -> None:
    try:
        from gateway.printing.station import cancel
    except ImportError:  # pragma: no cover - a formed batch can still be cancelled by batching
        from gateway.batching.adjust import cancel_batch as cancel_formed

        cancel_formed(session, batch, actor=actor, reason="cancelled by operator")
        return
    cancel(session, batch, actor=actor)


def resolve_card(session: Session, settings: Settings, card: Any, *, produced: bool, actor: str) -> None:
    _station_module().resolve_card(session, settings, card, produced=produced, actor=actor)


def retry_outbox(session: Session, message_id: int) -> Any:
    try:
        from gateway.sync.outbox import retry_dead
    except ImportError:  # pragma: no cover
        raise _missing("Повтор отправки в 1С") from None
    return retry_dead(session, message_id)


def sync_task(kind: str) -> Any:
    """The Celery task that runs a full or incremental sync with 1C."""
    try:
        from gateway.sync import tasks
    except ImportError:  # pragma: no cover
        raise _missing("Синхронизация с 1С") from None
    return tasks.full_sync_task if kind == "full" else tasks.incremental_sync_task
