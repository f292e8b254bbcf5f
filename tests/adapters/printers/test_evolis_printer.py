"""The Evolis driver over the real ``evolis-sdk`` package.

The SDK's Python classes (Connection, PrintSession, State, ReturnCode) run for real. Only the
hardware layer under them — the ``libevolis`` C library the SDK calls through ctypes — is replaced
by a fake printer in the tests that need a printer present: there is no Evolis printer on this
machine. The first test uses the real library with no printer attached.
"""

from __future__ import annotations

import ctypes
import gc
from collections.abc import Iterator
from typing import Any

import pytest
from PIL import Image

evolis = pytest.importorskip("evolis")

from adapters.printers.base import (  # noqa: E402
    JammedError,
    OutOfCardsError,
    PrinterOfflineError,
    PrinterState,
    PrintJobFailedError,
)
from adapters.printers.evolis import EvolisPrinter  # noqa: E402

MAJOR = evolis.State.Major
MINOR = evolis.State.Minor


class FakeLibEvolis:
    """Stands in for ``libevolis.so``: the C functions the driver's SDK calls reach."""

    def __init__(self) -> None:
        self.state = (MAJOR.READY, MINOR.PRINTER_READY)
        self.calls: list[str] = []
        self.insert_rc = 0
        self.print_rc = 0
        self.images: dict[int, bytes] = {}

    def evolis_open_with_mode(self, name: bytes, mode: int) -> int:
        self.calls.append(f"open:{name.decode()}")
        return 0xE701

    def evolis_close(self, ctx: Any) -> None:
        self.calls.append("close")

    def evolis_get_state(self, ctx: Any, major: Any, minor: Any) -> int:
        major._obj.value, minor._obj.value = self.state[0].value, self.state[1].value
        return 0

    def evolis_insert(self, ctx: Any) -> int:
        self.calls.append("insert")
        return self.insert_rc

    def evolis_set_card_pos(self, ctx: Any, pos: int) -> int:
        self.calls.append(f"pos:{evolis.CardPos(pos).name}")
        return 0

    def evolis_print_init(self, ctx: Any) -> int:
        self.calls.append("print_init")
        return 0

    def evolis_print_set_imageb(self, ctx: Any, face: int, buf: Any, size: int) -> int:
        self.images[face] = bytes(buf[:size])
        return 0

    def evolis_print_exect(self, ctx: Any, timeout: int) -> int:
        self.calls.append("print")
        return self.print_rc

    def evolis_eject(self, ctx: Any) -> int:
        self.calls.append("eject")
        return 0

    def evolis_reject(self, ctx: Any) -> int:
        self.calls.append("reject")
        return 0

    # The ribbon the printer reports (None: the call fails, as on models the SDK does not cover).
    ribbon: tuple[bytes, int, int] | None = None

    def evolis_get_ribbon(self, ctx: Any, info: Any) -> int:
        if self.ribbon is None:
            return -1
        info._obj.description, info._obj.capacity, info._obj.remaining = self.ribbon
        return 0


@pytest.fixture()
def fake_lib(monkeypatch: pytest.MonkeyPatch) -> Iterator[FakeLibEvolis]:
    fake = FakeLibEvolis()
    monkeypatch.setattr(evolis.Evolis, "wrapper", fake)
    yield fake
    # SDK Connections opened against the fake must be finalised while the fake is still in place:
    # their __del__ closes the context, and the real library would crash on the fake's handle.
    gc.collect()


def faces() -> tuple[Image.Image, Image.Image]:
    return Image.new("RGB", (1016, 648), "white"), Image.new("RGB", (1016, 648), "navy")


def test_real_sdk_without_a_printer_is_offline() -> None:
    assert isinstance(evolis.Evolis.wrapper, ctypes.CDLL)  # the vendor library really loaded
    printer = EvolisPrinter("Evolis_Primacy_2_absent", name="evo")
    assert printer.status().state is PrinterState.OFFLINE
    with pytest.raises(PrinterOfflineError) as exc:
        printer.feed()
    assert "Принтер недоступен" in exc.value.message_ru


def test_a_good_card_goes_feed_encoder_print_eject(fake_lib: FakeLibEvolis) -> None:
    printer = EvolisPrinter("Evolis Primacy 2", name="evo")
    assert printer.status().state is PrinterState.READY
    printer.feed()
    printer.move_to_encoder()
    job = printer.print_card(*faces(), job_name="9643007700000421")
    printer.eject()
    assert job == "9643007700000421"
    # ("close" can come from an earlier test's Connection being garbage-collected: not this card's.)
    steps = [c for c in fake_lib.calls if c != "close"]
    assert steps == ["open:Evolis Primacy 2", "insert", "pos:CONTACTLESS", "print_init", "print", "eject"]
    assert set(fake_lib.images) == {evolis.CardFace.FRONT.value, evolis.CardFace.BACK.value}
    assert all(img.startswith(b"BM") for img in fake_lib.images.values())


@pytest.mark.parametrize(
    ("minor", "error"),
    [(MINOR.DEF_FEEDER_EMPTY, OutOfCardsError), (MINOR.ERR_MECHANICAL, JammedError)],
)
def test_refused_feed_is_mapped_from_the_printer_state(
    fake_lib: FakeLibEvolis, minor: Any, error: type
) -> None:
    fake_lib.insert_rc = -1
    fake_lib.state = (MAJOR.ERROR, minor)
    printer = EvolisPrinter("Evolis Primacy 2")
    with pytest.raises(error) as exc:
        printer.feed()
    assert exc.value.pauses_station


def test_refused_job_on_a_healthy_printer_spoils_the_card_only(fake_lib: FakeLibEvolis) -> None:
    fake_lib.print_rc = -1
    printer = EvolisPrinter("Evolis Primacy 2")
    printer.feed()
    with pytest.raises(PrintJobFailedError) as exc:
        printer.print_card(*faces(), job_name="x")
    assert not exc.value.pauses_station
    printer.reject()
    assert fake_lib.calls[-1] == "reject"


def test_ribbon_level_comes_from_the_sdk_ribbon_information(fake_lib: FakeLibEvolis) -> None:
    printer = EvolisPrinter("Evolis Primacy 2")
    assert printer.supplies().ribbon_prints_left is None  # not reported: nothing judged
    fake_lib.ribbon = (b"YMCKO", 200, 30)
    supplies = printer.supplies()
    assert (supplies.ribbon_prints_left, supplies.ribbon_percent, supplies.cards_left) == (30, 15, None)
    assert "Ленты осталось примерно на 30 карт" in supplies.shortfalls(31)[0]
