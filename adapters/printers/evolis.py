"""Evolis card printers (Primacy, Zenius, Avansia…) through the vendor SDK ``evolis-sdk``.

The SDK is a ctypes wrapper around ``libevolis`` that ships inside the wheel; it is imported only
when a station is configured with ``kind = "evolis"``, so the gateway runs without it. Install it
on the print-station PC with ``pip install evolis-sdk``.

The printer's encoder station (contactless by default) holds the card under the PC/SC reader,
which the station's encoder then talks to like any other reader.
"""

from __future__ import annotations

import io
import logging
from typing import Any

from PIL import Image

from adapters.printers.base import (
    CoverOpenError,
    JammedError,
    OutOfCardsError,
    OutOfRibbonError,
    PrinterError,
    PrinterOfflineError,
    PrinterState,
    PrinterStatus,
    PrintJobFailedError,
)
from adapters.printers.supplies import Supplies, SupplyLevel

log = logging.getLogger(__name__)

# SDK minor states (``evolis.State.Minor`` names) and what they mean for the station.
_MINOR_STATES: dict[str, PrinterState] = {
    "PRINTER_OFFLINE": PrinterState.OFFLINE,
    "PRINTER_UNKNOWN": PrinterState.OFFLINE,
    "DEF_FEEDER_EMPTY": PrinterState.OUT_OF_CARDS,
    "ERR_FEEDER_EMPTY": PrinterState.OUT_OF_CARDS,
    "DEF_COVER_OPEN": PrinterState.COVER_OPEN,
    "ERR_COVER_OPEN": PrinterState.COVER_OPEN,
    "DEF_RIBBON_ENDED": PrinterState.OUT_OF_RIBBON,
    "ERR_RIBBON_ENDED": PrinterState.OUT_OF_RIBBON,
    "DEF_NO_RIBBON": PrinterState.OUT_OF_RIBBON,
    "ERR_RIBBON_ERROR": PrinterState.OUT_OF_RIBBON,
    "ERR_MECHANICAL": PrinterState.JAMMED,
    "ERR_BLOCKED": PrinterState.JAMMED,
    "DEF_REJECT_BOX_FULL": PrinterState.ERROR,
    "ERR_REJECT_BOX_FULL": PrinterState.ERROR,
}

_ERRORS: dict[PrinterState, type[PrinterError]] = {
    PrinterState.OFFLINE: PrinterOfflineError,
    PrinterState.OUT_OF_CARDS: OutOfCardsError,
    PrinterState.OUT_OF_RIBBON: OutOfRibbonError,
    PrinterState.COVER_OPEN: CoverOpenError,
    PrinterState.JAMMED: JammedError,
    PrinterState.ERROR: PrinterError,
}


def _sdk() -> Any:
    try:
        import evolis
    except ImportError as exc:  # the station was configured for Evolis on a PC without the SDK
        raise PrinterOfflineError(
            f"the evolis-sdk package is not installed: {exc}",
            message_ru="Не установлен драйвер принтера Evolis (пакет evolis-sdk). Обратитесь к администратору.",
        ) from None
    return evolis


class EvolisPrinter:
    has_encoding_station = True

    def __init__(
        self, device: str = "", *, name: str = "evolis", encoder_position: str = "contactless"
    ) -> None:
        if encoder_position not in ("contactless", "contact"):
            raise ValueError("encoder_position must be 'contactless' or 'contact'")
        self.device = device
        self.name = name
        self.encoder_position = encoder_position
        self._conn: Any = None

    # -- connection and state -------------------------------------------------------------
    def _connection(self) -> Any:
        if self._conn is not None and self._conn.get_context() is not None:
            return self._conn
        evolis = _sdk()
        device = self.device
        if not device:
            found = evolis.Evolis.get_devices() or []
            if not found:
                raise PrinterOfflineError("no Evolis printer found")
            device = found[0].name
        conn = evolis.Connection(device)
        if conn.get_context() is None:
            raise PrinterOfflineError(f"cannot open Evolis printer {device!r}: {conn.get_last_error().name}")
        self._conn = conn
        return conn

    def status(self) -> PrinterStatus:
        try:
            conn = self._connection()
        except PrinterOfflineError as exc:
            return PrinterStatus(PrinterState.OFFLINE, str(exc))
        state = conn.get_state()
        # Avansia models report the same conditions under AVANSIA_-prefixed names.
        major, minor = state.major.name, state.minor.name.removeprefix("AVANSIA_")
        mapped = _MINOR_STATES.get(minor)
        if mapped is None:
            if major == "READY" or major == "WARNING":
                mapped = PrinterState.READY if minor != "BUSY" else PrinterState.BUSY
            elif major == "OFF":
                mapped = PrinterState.OFFLINE
            else:
                mapped = PrinterState.ERROR
        return PrinterStatus(mapped, f"{major}/{minor}", (minor,))

    def supplies(self, ribbon_capacity_prints: int | None = None) -> Supplies:
        """The ribbon as the SDK reports it (prints remaining of its capacity); the SDK does not
        count the blank cards in the feeder, it only says when the feeder is empty."""
        info = self._connection().get_ribbon_info()
        if info is None or info.capacity <= 0:
            return Supplies()
        percent = max(0, min(100, info.remaining * 100 // info.capacity))
        level = SupplyLevel(info.description or "ribbon", percent, info.remaining)
        return Supplies(None, percent, info.remaining, (level,))

    def _fail(self, step: str) -> PrinterError:
        """The typed error for a refused step, from the printer's state after the refusal."""
        st = self.status()
        cls = _ERRORS.get(st.state, PrinterError) if not st.is_ready else PrinterError
        return cls(f"Evolis {self.name}: {step} refused ({st.detail})")

    def _step(self, step: str, ok: bool) -> None:
        if not ok:
            raise self._fail(step)

    # -- the card's journey -----------------------------------------------------------------
    def feed(self) -> None:
        self._step("insert card", self._connection().insert_card())

    def move_to_encoder(self) -> None:
        evolis = _sdk()
        pos = evolis.CardPos.CONTACTLESS if self.encoder_position == "contactless" else evolis.CardPos.CONTACT
        self._step("move to encoder", self._connection().set_card_pos(pos))

    def print_card(self, front: Image.Image, back: Image.Image, job_name: str) -> str:
        evolis = _sdk()
        session = evolis.PrintSession(self._connection())
        self._step("print init", session.init())
        for face, image in ((evolis.CardFace.FRONT, front), (evolis.CardFace.BACK, back)):
            buf = io.BytesIO()
            image.convert("RGB").save(buf, format="BMP")  # the SDK's native bitmap format
            self._step(
                f"set {face.name.lower()} image", session.set_image_buffer(face, bytearray(buf.getvalue()))
            )
        rc = session.print()
        if rc != evolis.ReturnCode.OK:
            st = self.status()
            if not st.is_ready:
                raise _ERRORS.get(st.state, PrinterError)(
                    f"Evolis {self.name}: print failed {rc.name} ({st.detail})"
                )
            # The printer is fine but refused this job: spoil the card and carry on.
            raise PrintJobFailedError(f"Evolis {self.name}: print failed {rc.name}")
        log.info("printer %s printed job %s", self.name, job_name)
        return job_name

    def eject(self) -> None:
        self._step("eject", self._connection().eject_card())

    def reject(self) -> None:
        self._step("reject", self._connection().reject_card())
