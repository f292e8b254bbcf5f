"""The development spool printer: its control file is the operator's hand in the printer."""

from __future__ import annotations

import pytest
from PIL import Image

from adapters.printers.base import JammedError, OutOfCardsError, PrinterOfflineError, PrinterState
from adapters.printers.devspool import ControlFileError, DevSpoolPrinter, write_control

FRONT = Image.new("RGB", (1011, 638), "navy")
BACK = Image.new("RGB", (1011, 638), "white")


def one_card(printer: DevSpoolPrinter, job: str) -> str:
    printer.feed()
    printer.move_to_encoder()
    job_id = printer.print_card(FRONT, BACK, job)
    printer.eject()
    return job_id


def test_without_a_control_file_it_prints_like_the_spool_printer(tmp_path) -> None:  # type: ignore[no-untyped-def]
    printer = DevSpoolPrinter(tmp_path / "spool")
    one_card(printer, "9643007700000018")
    assert printer.status().state is PrinterState.READY


def test_empty_hopper_then_loading_cards_through_the_control_file(tmp_path) -> None:  # type: ignore[no-untyped-def]
    control = tmp_path / "control.json"
    write_control(control, cards_in_hopper=1)
    printer = DevSpoolPrinter(tmp_path / "spool", control_file=control)
    one_card(printer, "9643007700000018")
    with pytest.raises(OutOfCardsError):
        printer.feed()
    write_control(control, cards_in_hopper=5)  # the operator loads cards: re-read before the next card
    one_card(printer, "9643007700000026")


def test_jam_counts_from_the_change_and_a_new_control_file_clears_it(tmp_path) -> None:  # type: ignore[no-untyped-def]
    control = tmp_path / "control.json"
    printer = DevSpoolPrinter(tmp_path / "spool", control_file=control)
    one_card(printer, "9643007700000018")  # fed before the switch: does not count
    write_control(control, jam_at_card=2)
    one_card(printer, "9643007700000026")
    with pytest.raises(JammedError):
        one_card(printer, "9643007700000034")
    assert printer.status().state is PrinterState.JAMMED
    write_control(control)  # the operator opens the printer and takes the card out
    assert printer.status().state is PrinterState.READY
    one_card(printer, "9643007700000034")


def test_offline_switch(tmp_path) -> None:  # type: ignore[no-untyped-def]
    control = tmp_path / "control.json"
    write_control(control, offline=True)
    printer = DevSpoolPrinter(tmp_path / "spool", control_file=control)
    with pytest.raises(PrinterOfflineError):
        printer.feed()


def test_bad_control_files_are_refused_with_their_path(tmp_path) -> None:  # type: ignore[no-untyped-def]
    control = tmp_path / "control.json"
    with pytest.raises(ControlFileError, match="unknown control switches"):
        write_control(control, paper_jam=True)
    control.write_text("[1, 2]", encoding="utf-8")
    with pytest.raises(ControlFileError, match="must hold a JSON object"):
        DevSpoolPrinter(tmp_path / "spool", control_file=control).status()
    control.write_text("{not json", encoding="utf-8")
    with pytest.raises(ControlFileError, match=str(control)):
        DevSpoolPrinter(tmp_path / "spool", control_file=control).status()
