"""The card printer interface, its statuses and its typed errors.

A card printer with an encoding station works in steps: feed a blank card, move it under the chip
encoder, print both faces, then eject it to the output hopper or reject it to the reject tray. Each
step either succeeds or raises a ``PrinterError`` subclass; the station pauses on those whose
``pauses_station`` is true (the operator must add cards, change the ribbon or clear a jam).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from PIL import Image


class PrinterState(enum.StrEnum):
    READY = "ready"
    BUSY = "busy"
    OUT_OF_CARDS = "out_of_cards"
    OUT_OF_RIBBON = "out_of_ribbon"
    JAMMED = "jammed"
    COVER_OPEN = "cover_open"
    OFFLINE = "offline"
    ERROR = "error"


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    state: PrinterState
    detail: str = ""
    reasons: tuple[str, ...] = ()

    @property
    def is_ready(self) -> bool:
        return self.state in (PrinterState.READY, PrinterState.BUSY)


class PrinterError(Exception):
    """A printer step failed. ``code`` is stable for the database and the API; ``message_ru`` is
    what the operator reads; ``str(error)`` is the English log line."""

    code = "printer_error"
    state = PrinterState.ERROR
    message_ru = "Ошибка принтера. Проверьте принтер и повторите."
    pauses_station = True

    def __init__(self, log_message: str, *, message_ru: str | None = None) -> None:
        super().__init__(log_message)
        if message_ru is not None:
            self.message_ru = message_ru


class OutOfCardsError(PrinterError):
    code = "printer_out_of_cards"
    state = PrinterState.OUT_OF_CARDS
    message_ru = "В принтере закончились заготовки карт. Загрузите карты в подающий лоток."


class OutOfRibbonError(PrinterError):
    code = "printer_out_of_ribbon"
    state = PrinterState.OUT_OF_RIBBON
    message_ru = "Закончилась красящая лента (риббон). Замените ленту."


class JammedError(PrinterError):
    code = "printer_jammed"
    state = PrinterState.JAMMED
    message_ru = "Карта застряла в принтере. Извлеките её и закройте крышку."


class CoverOpenError(PrinterError):
    code = "printer_cover_open"
    state = PrinterState.COVER_OPEN
    message_ru = "Открыта крышка принтера. Закройте крышку."


class PrinterOfflineError(PrinterError):
    code = "printer_offline"
    state = PrinterState.OFFLINE
    message_ru = "Принтер недоступен. Проверьте питание и подключение."


class PrintJobFailedError(PrinterError):
    """The printer refused or aborted one job but is otherwise fine: spoil the card, go on."""

    code = "print_job_failed"
    message_ru = "Принтер не напечатал карту. Карта будет перевыпущена."
    pauses_station = False


ERRORS_BY_STATE: dict[PrinterState, type[PrinterError]] = {
    PrinterState.OUT_OF_CARDS: OutOfCardsError,
    PrinterState.OUT_OF_RIBBON: OutOfRibbonError,
    PrinterState.JAMMED: JammedError,
    PrinterState.COVER_OPEN: CoverOpenError,
    PrinterState.OFFLINE: PrinterOfflineError,
    PrinterState.ERROR: PrinterError,
}


def raise_for_status(status: PrinterStatus) -> None:
    """Raise the typed error matching a non-ready status."""
    if not status.is_ready:
        raise ERRORS_BY_STATE[status.state](f"printer is {status.state.value}: {status.detail}".rstrip(": "))


@runtime_checkable
class Printer(Protocol):
    """A card printer. ``has_encoding_station`` tells whether ``move_to_encoder`` puts the card
    under a chip encoder (a plain IPP printer has none)."""

    name: str
    has_encoding_station: bool

    def status(self) -> PrinterStatus: ...

    def feed(self) -> None: ...

    def move_to_encoder(self) -> None: ...

    def print_card(self, front: Image.Image, back: Image.Image, job_name: str) -> str:
        """Print both faces of the card in the printer; returns the printer's job id."""
        ...

    def eject(self) -> None: ...

    def reject(self) -> None: ...
