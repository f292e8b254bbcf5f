"""Spool printer: what it writes and how its fault switches behave."""

from __future__ import annotations

import json

import pytest
from PIL import Image

from adapters.printers.base import (
    JammedError,
    OutOfCardsError,
    OutOfRibbonError,
    Printer,
    PrinterError,
    PrinterOfflineError,
    PrinterState,
    raise_for_status,
)
from adapters.printers.spool import SpoolFaults, SpoolPrinter

FRONT = Image.new("RGB", (1011, 638), "navy")
BACK = Image.new("RGB", (1011, 638), "white")


def one_card(printer: SpoolPrinter, job: str = "4276000000000016") -> str:
    printer.feed()
    printer.move_to_encoder()
    job_id = printer.print_card(FRONT, BACK, job)
    printer.eject()
    return job_id


def test_is_a_printer(tmp_path) -> None:
    assert isinstance(SpoolPrinter(tmp_path), Printer)


def test_writes_pngs_and_manifest(tmp_path) -> None:
    printer = SpoolPrinter(tmp_path)
    job_id = one_card(printer)
    assert job_id == "000001-4276000000000016"
    with Image.open(tmp_path / f"{job_id}-front.png") as front:
        assert front.size == (1011, 638)
    manifest = json.loads((tmp_path / f"{job_id}.json").read_text())
    assert manifest["result"] == "ejected"
    assert manifest["files"] == [f"{job_id}-front.png", f"{job_id}-back.png"]


def test_numbering_continues_after_restart(tmp_path) -> None:
    one_card(SpoolPrinter(tmp_path))
    assert one_card(SpoolPrinter(tmp_path)).startswith("000002-")


def test_job_name_is_sanitised(tmp_path) -> None:
    assert one_card(SpoolPrinter(tmp_path), "../../etc/passwd") == "000001-.._.._etc_passwd"
    assert not list(tmp_path.parent.glob("etc"))


def test_out_of_cards(tmp_path) -> None:
    printer = SpoolPrinter(tmp_path, faults=SpoolFaults(cards_in_hopper=2))
    one_card(printer)
    one_card(printer)
    assert printer.status().state is PrinterState.OUT_OF_CARDS
    with pytest.raises(OutOfCardsError) as error:
        printer.feed()
    assert error.value.pauses_station and "Загрузите карты" in error.value.message_ru
    with pytest.raises(OutOfCardsError):
        raise_for_status(printer.status())


def test_ribbon_runs_out(tmp_path) -> None:
    printer = SpoolPrinter(tmp_path, faults=SpoolFaults(ribbon_prints_left=1))
    one_card(printer)
    printer.feed()
    with pytest.raises(OutOfRibbonError):
        printer.print_card(FRONT, BACK, "x")
    printer.reject()
    assert printer.status().state is PrinterState.OUT_OF_RIBBON
    printer.replace_ribbon()
    one_card(printer)


def test_jam_at_nth_card(tmp_path) -> None:
    printer = SpoolPrinter(tmp_path, faults=SpoolFaults(jam_at_card=3))
    one_card(printer)
    one_card(printer)
    printer.feed()
    with pytest.raises(JammedError) as error:
        printer.print_card(FRONT, BACK, "x")
    assert error.value.code == "printer_jammed"
    with pytest.raises(JammedError):
        printer.reject()
    assert printer.status().state is PrinterState.JAMMED
    printer.clear_jam()
    one_card(printer)
    assert len(printer.manifests()) == 3


def test_offline(tmp_path) -> None:
    printer = SpoolPrinter(tmp_path, faults=SpoolFaults(offline=True))
    with pytest.raises(PrinterOfflineError):
        printer.feed()


def test_steps_out_of_order_are_errors(tmp_path) -> None:
    printer = SpoolPrinter(tmp_path)
    with pytest.raises(PrinterError, match="no card"):
        printer.print_card(FRONT, BACK, "x")
    printer.feed()
    with pytest.raises(PrinterError, match="already"):
        printer.feed()
