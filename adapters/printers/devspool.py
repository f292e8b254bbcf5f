"""The spool printer as a print station uses it in development, demos and tests.

Two things a real printer has and a plain ``SpoolPrinter`` lacks:

* **a hopper an operator can reach from outside the station process**: a JSON *control file* holds
  the fault switches (``cards_in_hopper``, ``ribbon_prints_left``, ``jam_at_card``, ``offline``) and
  is re-read before every card, so "load cards", "replace the ribbon" or "clear the jam" is a file
  write — by a person at the demo, or by a test driving a real station worker;
* **blank cards that carry a chip**: with ``virtual_chip`` set, every blank fed brings a fresh
  virtual card (a new UID) into the vpcd reader when it reaches the encoding station, and takes it
  out when the card leaves the printer, exactly as the chip of a real blank enters and leaves the
  printer's built-in reader. ``chip_faults`` in the control file (a list, one entry per next blank,
  ``null`` for a good one) makes chosen blanks misbehave (``{"remove_after_writes": 2}``).

``print_seconds`` makes printing take as long as on a real printer (10-30 s a card), so a demo
or a test can stop the station while a card is in the middle of being printed.
"""

from __future__ import annotations

import json
import logging
import time
from pathlib import Path
from typing import Any

from PIL import Image

from adapters.pcsc.devstack import VPCD_READER_PORTS, wait_for_reader_state
from adapters.pcsc.virtual_card import CardFaults, VirtualCard
from adapters.printers.base import PrinterStatus
from adapters.printers.spool import SpoolFaults, SpoolPrinter
from adapters.printers.supplies import Supplies

log = logging.getLogger(__name__)

_FAULT_KEYS = ("cards_in_hopper", "ribbon_prints_left", "jam_at_card", "offline")


class ControlFileError(ValueError):
    """The control file is not the JSON object the station expects."""


def write_control(path: str | Path, **switches: Any) -> None:
    """Write the control file atomically (what an operator's "load cards" does in a demo)."""
    path = Path(path)
    unknown = set(switches) - {*_FAULT_KEYS, "chip_faults", "print_seconds"}
    if unknown:
        raise ControlFileError(f"unknown control switches: {sorted(unknown)}")
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(switches), encoding="utf-8")
    tmp.replace(path)


class DevSpoolPrinter(SpoolPrinter):
    def __init__(
        self,
        directory: str | Path,
        name: str = "spool",
        *,
        control_file: str | Path | None = None,
        virtual_chip: str = "",
        virtual_chip_port: int = 35963,
    ) -> None:
        super().__init__(directory, name, SpoolFaults())
        self.control_file = Path(control_file) if control_file else None
        self.virtual_chip = virtual_chip
        self.virtual_chip_port = virtual_chip_port
        self._reader = next((r for r, p in VPCD_READER_PORTS.items() if p == virtual_chip_port), None)
        self._applied: str | None = None
        self._chip_faults: list[dict[str, Any] | None] = []
        self._chip: VirtualCard | None = None
        self._removed = False  # a chip left the reader; pcscd may not have noticed yet
        self.print_seconds = 0.0

    # -- control file ----------------------------------------------------------------------------
    def _reload(self) -> None:
        if self.control_file is None or not self.control_file.exists():
            return
        text = self.control_file.read_text(encoding="utf-8")
        if text == self._applied:
            return
        try:
            data = json.loads(text or "{}")
        except ValueError as exc:
            raise ControlFileError(f"control file {self.control_file}: {exc}") from None
        if not isinstance(data, dict):
            raise ControlFileError(f"control file {self.control_file} must hold a JSON object")
        self._applied = text
        if self._jammed:
            self.clear_jam()  # a new control file is the operator's hand in the printer
        self.faults = SpoolFaults(
            **{k: data.get(k) for k in _FAULT_KEYS if k != "offline"},
            offline=bool(data.get("offline", False)),
        )
        if self.faults.jam_at_card is not None:
            # Counted from now, so "jam at the 2nd card" means the 2nd card after this change.
            self.faults.jam_at_card += self._fed
        self._chip_faults = list(data.get("chip_faults") or [])
        self.print_seconds = float(data.get("print_seconds") or 0)
        log.info(
            "spool printer %s: control file applied (%s)",
            self.name,
            ", ".join(f"{k}={data[k]}" for k in sorted(data) if k != "chip_faults"),
        )

    # -- printer steps ---------------------------------------------------------------------------
    def status(self) -> PrinterStatus:
        self._reload()
        return super().status()

    def supplies(self, ribbon_capacity_prints: int | None = None) -> Supplies:
        self._reload()
        return super().supplies(ribbon_capacity_prints)

    def feed(self) -> None:
        self._reload()
        super().feed()

    def move_to_encoder(self) -> None:
        super().move_to_encoder()
        self._wait_reader_empty()
        if self.virtual_chip and self._chip is None:
            spec = self._chip_faults.pop(0) if self._chip_faults else None
            faults = CardFaults(**spec) if spec else None
            self._chip = VirtualCard(self.virtual_chip, port=self.virtual_chip_port, faults=faults).insert()

    def print_card(self, front: Image.Image, back: Image.Image, job_name: str) -> str:
        if self.print_seconds:
            time.sleep(self.print_seconds)  # the print head's time, not a wait for a condition
        return super().print_card(front, back, job_name)

    def eject(self) -> None:
        super().eject()
        self._take_chip_out()

    def reject(self) -> None:
        super().reject()
        self._take_chip_out()

    def clear_jam(self) -> None:
        super().clear_jam()
        self._take_chip_out()

    def _take_chip_out(self) -> None:
        chip, self._chip = self._chip, None
        if chip is None:
            return
        chip.remove()
        self._removed = True

    def _wait_reader_empty(self) -> None:
        # pcscd polls the reader every ~0.4 s: the next blank must not arrive before it noticed the
        # last one left, or it would never see a new card. Waited for here, when the next blank
        # reaches the encoder, not at eject: the station claims, renders and feeds the next card
        # meanwhile (bench/station.py: about 60 ms a card less on the station's cycle).
        if not self._removed:
            return
        self._removed = False
        if self._reader and not wait_for_reader_state(self._reader, card_present=False, timeout=3):
            log.warning("spool printer %s: pcscd still reports a card in %s", self.name, self._reader)

    def close(self) -> None:
        self._take_chip_out()
        self._wait_reader_empty()
