"""The spool printer: writes what it would print to a folder (the embedded default).

For each card it writes ``NNNNNN-<job>-front.png``, ``NNNNNN-<job>-back.png`` and a manifest
``NNNNNN-<job>.json`` saying whether the card was ejected or rejected. Fault switches let tests and
demos run out of cards or ribbon, or jam at the N-th card, exactly as a real printer would stop.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from adapters.printers.base import (
    JammedError,
    OutOfCardsError,
    OutOfRibbonError,
    PrinterError,
    PrinterOfflineError,
    PrinterState,
    PrinterStatus,
)
from adapters.printers.supplies import Supplies

log = logging.getLogger(__name__)

_UNSAFE = re.compile(r"[^0-9A-Za-z_.-]+")


@dataclass
class SpoolFaults:
    """Fault switches. ``None`` means unlimited / never."""

    cards_in_hopper: int | None = None
    ribbon_prints_left: int | None = None
    jam_at_card: int | None = None  # 1-based count of cards fed since the printer was created
    offline: bool = False


@dataclass
class _CardInPrinter:
    sequence: int
    fed_at: str
    fed_index: int
    at_encoder: bool = False
    job_name: str | None = None
    files: list[str] = field(default_factory=list)


class SpoolPrinter:
    has_encoding_station = True

    def __init__(self, directory: str | Path, name: str = "spool", faults: SpoolFaults | None = None) -> None:
        self.name = name
        self.directory = Path(directory)
        self.directory.mkdir(parents=True, exist_ok=True)
        self.faults = faults or SpoolFaults()
        self._lock = threading.Lock()
        self._fed = 0
        self._jammed = False
        self._card: _CardInPrinter | None = None
        # Continue numbering after files already in the folder so a restarted station never overwrites.
        existing = self.directory.glob("[0-9]" * 6 + "-*")
        self._sequence = max((int(p.name[:6]) for p in existing), default=0)

    # -- operator actions (what a person does at a real printer) ----------------------------------
    def load_cards(self, count: int | None = None) -> None:
        self.faults.cards_in_hopper = count

    def replace_ribbon(self, prints: int | None = None) -> None:
        self.faults.ribbon_prints_left = prints

    def clear_jam(self) -> None:
        with self._lock:
            self._jammed = False
            self.faults.jam_at_card = None
            self._card = None  # the operator pulled the jammed card out

    # -- Printer interface ---------------------------------------------------------------------
    def status(self) -> PrinterStatus:
        if self.faults.offline:
            return PrinterStatus(PrinterState.OFFLINE, "spool printer switched offline")
        if self._jammed:
            return PrinterStatus(PrinterState.JAMMED, "card jammed")
        if self.faults.ribbon_prints_left is not None and self.faults.ribbon_prints_left <= 0:
            return PrinterStatus(PrinterState.OUT_OF_RIBBON, "ribbon used up")
        hopper = self.faults.cards_in_hopper
        if hopper is not None and hopper <= 0 and self._card is None:
            return PrinterStatus(PrinterState.OUT_OF_CARDS, "input hopper empty")
        return PrinterStatus(PrinterState.BUSY if self._card else PrinterState.READY)

    def supplies(self, ribbon_capacity_prints: int | None = None) -> Supplies:
        """What the fault switches say is loaded (None = unlimited, so unknown)."""
        ribbon = self.faults.ribbon_prints_left
        percent = (
            max(0, min(100, ribbon * 100 // ribbon_capacity_prints))
            if ribbon is not None and ribbon_capacity_prints
            else None
        )
        return Supplies(self.faults.cards_in_hopper, percent, ribbon)

    def _check_online(self) -> None:
        if self.faults.offline:
            raise PrinterOfflineError(f"spool printer {self.name} is offline")
        if self._jammed:
            raise JammedError(f"spool printer {self.name} is jammed")

    def feed(self) -> None:
        with self._lock:
            self._check_online()
            if self._card is not None:
                raise PrinterError(
                    f"spool printer {self.name}: a card is already in the printer",
                    message_ru="В принтере уже есть карта. Извлеките её.",
                )
            if self.faults.cards_in_hopper is not None:
                if self.faults.cards_in_hopper <= 0:
                    raise OutOfCardsError(f"spool printer {self.name}: input hopper empty")
                self.faults.cards_in_hopper -= 1
            self._fed += 1
            self._sequence += 1
            self._card = _CardInPrinter(self._sequence, _now(), fed_index=self._fed)

    def move_to_encoder(self) -> None:
        with self._lock:
            card = self._require_card("move_to_encoder")
            card.at_encoder = True

    def print_card(self, front: Image.Image, back: Image.Image, job_name: str) -> str:
        with self._lock:
            card = self._require_card("print_card")
            if self.faults.jam_at_card is not None and card.fed_index == self.faults.jam_at_card:
                # Jams happen in the print path; the card stays stuck until the operator clears it.
                self._jammed = True
                raise JammedError(f"spool printer {self.name}: card {card.fed_index} jammed while printing")
            if self.faults.ribbon_prints_left is not None:
                if self.faults.ribbon_prints_left <= 0:
                    raise OutOfRibbonError(f"spool printer {self.name}: ribbon used up")
                self.faults.ribbon_prints_left -= 1
            card.at_encoder = False
            card.job_name = job_name
            stem = self._stem(card)
            for side, image in (("front", front), ("back", back)):
                path = self.directory / f"{stem}-{side}.png"
                image.save(path, format="PNG", compress_level=1)
                card.files.append(path.name)
            log.info("spool printer %s printed %s", self.name, stem)
            return stem

    def eject(self) -> None:
        self._finish("ejected")

    def reject(self) -> None:
        self._finish("rejected")

    # -- internals -------------------------------------------------------------------------------
    def _require_card(self, step: str) -> _CardInPrinter:
        self._check_online()
        if self._card is None:
            raise PrinterError(
                f"spool printer {self.name}: {step} with no card in the printer",
                message_ru="В принтере нет карты.",
            )
        return self._card

    def _stem(self, card: _CardInPrinter) -> str:
        safe = _UNSAFE.sub("_", card.job_name or "card")[:60]
        return f"{card.sequence:06d}-{safe}"

    def _finish(self, result: str) -> None:
        with self._lock:
            self._check_online()
            card = self._card
            if card is None:
                raise PrinterError(
                    f"spool printer {self.name}: {result} with no card in the printer",
                    message_ru="В принтере нет карты.",
                )
            manifest = {
                "sequence": card.sequence,
                "job_name": card.job_name,
                "printer": self.name,
                "fed_at": card.fed_at,
                "finished_at": _now(),
                "result": result,
                "files": card.files,
            }
            path = self.directory / f"{self._stem(card)}.json"
            path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
            self._card = None

    def manifests(self) -> list[dict[str, object]]:
        """Every card manifest in the folder, oldest first (for tests and the operator UI)."""
        return [json.loads(p.read_text(encoding="utf-8")) for p in sorted(self.directory.glob("*.json"))]


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="milliseconds")
