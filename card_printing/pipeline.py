"""Personalising one card: feed → move to encoder → encode → verify → print → eject, or reject.

The chip is written and read back before anything is printed: a card whose chip fails is rejected
blank-faced, which is cheaper and clearer for the operator. A card counts as produced only when the
encoder verified the chip and the printer confirmed both the print and the eject.

This module knows nothing of the database or Celery: the print station calls ``personalise_card``
and records ``on_step`` events and the returned ``CardOutcome`` itself (it also decides about
replacement cards and pausing). ``on_step`` is called *before* each physical step too, so that a
crash leaves a trail saying how far the card got.
"""

from __future__ import annotations

import enum
import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Protocol

from adapters.pcsc.results import Encoder, EncodeResult
from adapters.printers.base import Printer, PrinterError
from card_printing.card_data import CardData
from card_printing.payload import decode_text
from card_printing.render import CardImages

log = logging.getLogger(__name__)

StepCallback = Callable[[str, dict[str, Any]], None]


class Renders(Protocol):
    """What renders a card's faces: ``CardRenderer`` or the station's renderer that works ahead."""

    def render(self, card: CardData) -> CardImages: ...


class OutcomeKind(enum.StrEnum):
    PRODUCED = "produced"  # chip verified, printed, ejected: the card exists
    SPOILED = "spoiled"  # this card went to the reject tray; make a replacement
    PRINTER_FAULT = "printer_fault"  # the printer needs the operator: pause the station
    ENCODER_FAULT = "encoder_fault"  # the reader is missing or busy: pause the station


@dataclass(frozen=True, slots=True)
class CardOutcome:
    kind: OutcomeKind
    card_number: str
    chip_uid: str | None = None
    reason_code: str | None = None  # stable machine code: an EncodeStatus or a PrinterError code
    message_ru: str | None = None
    detail: str = ""  # English, for the logs
    printer_job_id: str | None = None
    card_in_printer: bool = False  # a fault left the card inside: the operator must remove it
    blank_used: bool = False  # a blank card left the hopper (it is produced, rejected or stuck)
    steps: tuple[str, ...] = field(default=())

    @property
    def produced(self) -> bool:
        return self.kind is OutcomeKind.PRODUCED

    @property
    def pauses_station(self) -> bool:
        return self.kind in (OutcomeKind.PRINTER_FAULT, OutcomeKind.ENCODER_FAULT)


def _noop(step: str, detail: dict[str, Any]) -> None:
    return None


def personalise_card(
    card: CardData,
    printer: Printer,
    encoder: Encoder | None,
    renderer: Renders,
    on_step: StepCallback = _noop,
) -> CardOutcome:
    """Produce one card. ``encoder`` None means cards without a chip (print only)."""
    if encoder is not None and not printer.has_encoding_station:
        raise ValueError(f"printer {printer.name} has no encoding station; cannot encode chips with it")
    steps: list[str] = []

    def step(name: str, **detail: Any) -> None:
        steps.append(name)
        on_step(name, detail)

    # Render first: a card that cannot be rendered must not consume a blank card.
    images = renderer.render(card)
    blob = decode_text(card.payload)
    fed = False
    chip_uid: str | None = None
    try:
        step("feed")
        printer.feed()
        fed = True
        step("fed")
        if encoder is not None:
            printer.move_to_encoder()
            step("at_encoder")
            result: EncodeResult = encoder.encode(blob)
            chip_uid = result.uid
            step(
                "encoded" if result.ok else "encode_failed",
                status=result.status.value,
                uid=result.uid,
                chip=result.chip,
                detail=result.detail,
                elapsed_ms=round(result.elapsed_ms, 1),
            )
            if not result.ok:
                return _reject(printer, card, result, steps, step)
            step("verified", uid=chip_uid)
        step("print")
        job_id = printer.print_card(images.front, images.back, job_name=card.card_number)
        step("printed", job_id=job_id)
        printer.eject()
        step("ejected", uid=chip_uid)
    except PrinterError as error:
        return _printer_fault(printer, card, error, chip_uid, fed, steps, step)
    log.info("card %s produced (chip %s)", card.card_number, chip_uid)
    return CardOutcome(
        OutcomeKind.PRODUCED,
        card.card_number,
        chip_uid,
        printer_job_id=job_id,
        detail="encoded, verified, printed and ejected",
        blank_used=True,
        steps=tuple(steps),
    )


def _reject(
    printer: Printer, card: CardData, result: EncodeResult, steps: list[str], step: Callable[..., None]
) -> CardOutcome:
    kind = OutcomeKind.ENCODER_FAULT if result.pauses_station else OutcomeKind.SPOILED
    try:
        printer.reject()
        step("rejected", reason=result.status.value)
        in_printer = False
    except PrinterError as error:
        step("reject_failed", code=error.code, detail=str(error))
        log.warning("card %s: reject after encode failure failed: %s", card.card_number, error)
        return CardOutcome(
            OutcomeKind.PRINTER_FAULT,
            card.card_number,
            result.uid,
            error.code,
            error.message_ru,
            f"encode failed ({result.status.value}), then reject failed: {error}",
            card_in_printer=True,
            blank_used=True,
            steps=tuple(steps),
        )
    log.warning("card %s spoiled: %s (%s)", card.card_number, result.status.value, result.detail)
    return CardOutcome(
        kind,
        card.card_number,
        result.uid,
        result.status.value,
        result.message_ru,
        result.detail,
        card_in_printer=in_printer,
        blank_used=True,
        steps=tuple(steps),
    )


def _printer_fault(
    printer: Printer,
    card: CardData,
    error: PrinterError,
    chip_uid: str | None,
    fed: bool,
    steps: list[str],
    step: Callable[..., None],
) -> CardOutcome:
    step("printer_error", code=error.code, detail=str(error))
    in_printer = fed
    if fed:
        # A card half way through must not come out as good: try to send it to the reject tray.
        try:
            printer.reject()
            step("rejected", reason=error.code)
            in_printer = False
        except PrinterError as reject_error:
            step("reject_failed", code=reject_error.code, detail=str(reject_error))
    kind = OutcomeKind.PRINTER_FAULT if error.pauses_station else OutcomeKind.SPOILED
    log.warning("card %s: printer %s: %s", card.card_number, error.code, error)
    return CardOutcome(
        kind,
        card.card_number,
        chip_uid,
        error.code,
        error.message_ru,
        str(error),
        card_in_printer=in_printer,
        blank_used=fed,
        steps=tuple(steps),
    )
