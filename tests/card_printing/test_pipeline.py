"""The personalisation pipeline of one card with the spool printer and injected faults. The encoder
here is the in-memory one; the same pipeline over the real PC/SC stack is in tests/adapters/pcsc."""

from __future__ import annotations

from pathlib import Path

import pytest

from adapters.pcsc.memory import MemoryEncoder
from adapters.pcsc.results import EncodeStatus
from adapters.printers.base import PrinterState
from adapters.printers.spool import SpoolFaults, SpoolPrinter
from card_printing.payload import decode_text
from card_printing.pipeline import OutcomeKind, personalise_card


@pytest.fixture
def printer(tmp_path: Path) -> SpoolPrinter:
    return SpoolPrinter(tmp_path / "spool", name="test-spool")


def test_card_produced(printer, renderer, make_card) -> None:
    card = make_card()
    encoder = MemoryEncoder()
    events: list[tuple[str, dict]] = []
    outcome = personalise_card(card, printer, encoder, renderer, on_step=lambda s, d: events.append((s, d)))
    assert outcome.kind is OutcomeKind.PRODUCED and outcome.produced
    assert outcome.chip_uid and encoder.chips[outcome.chip_uid] == decode_text(card.payload)
    assert [s for s, _ in events] == [
        "feed",
        "fed",
        "at_encoder",
        "encoded",
        "verified",
        "print",
        "printed",
        "ejected",
    ]
    assert events[-1][1]["uid"] == outcome.chip_uid
    manifest = printer.manifests()[-1]
    assert manifest["result"] == "ejected" and manifest["job_name"] == card.card_number
    assert all((printer.directory / name).stat().st_size > 10_000 for name in manifest["files"])


@pytest.mark.parametrize(
    "status",
    [
        EncodeStatus.WRITE_REFUSED,
        EncodeStatus.VERIFY_MISMATCH,
        EncodeStatus.CARD_REMOVED,
        EncodeStatus.NO_CARD,
        EncodeStatus.WRONG_CARD_TYPE,
    ],
)
def test_encoder_failure_rejects_card_unprinted(printer, renderer, make_card, status) -> None:
    outcome = personalise_card(make_card(), printer, MemoryEncoder(fail_next=[status]), renderer)
    assert outcome.kind is OutcomeKind.SPOILED and not outcome.pauses_station
    assert outcome.reason_code == status.value
    assert outcome.message_ru and outcome.blank_used and not outcome.card_in_printer
    manifest = printer.manifests()[-1]
    assert manifest["result"] == "rejected" and manifest["files"] == []  # nothing printed on it
    assert "print" not in outcome.steps


def test_reader_gone_pauses_station(printer, renderer, make_card) -> None:
    outcome = personalise_card(
        make_card(), printer, MemoryEncoder(fail_next=[EncodeStatus.READER_GONE]), renderer
    )
    assert outcome.kind is OutcomeKind.ENCODER_FAULT and outcome.pauses_station
    assert printer.manifests()[-1]["result"] == "rejected"


def test_out_of_cards_pauses_without_using_a_blank(tmp_path, renderer, make_card) -> None:
    printer = SpoolPrinter(tmp_path, faults=SpoolFaults(cards_in_hopper=1))
    assert personalise_card(make_card(), printer, MemoryEncoder(), renderer).produced
    outcome = personalise_card(make_card(), printer, MemoryEncoder(), renderer)
    assert outcome.kind is OutcomeKind.PRINTER_FAULT and outcome.reason_code == "printer_out_of_cards"
    assert outcome.message_ru.startswith("В принтере закончились")
    assert not outcome.blank_used and outcome.steps == ("feed", "printer_error")
    assert printer.status().state is PrinterState.OUT_OF_CARDS
    printer.load_cards(10)
    assert personalise_card(make_card(), printer, MemoryEncoder(), renderer).produced


def test_ribbon_out_at_print_rejects_encoded_card(tmp_path, renderer, make_card) -> None:
    printer = SpoolPrinter(tmp_path, faults=SpoolFaults(ribbon_prints_left=0))
    outcome = personalise_card(make_card(), printer, MemoryEncoder(), renderer)
    assert outcome.kind is OutcomeKind.PRINTER_FAULT and outcome.reason_code == "printer_out_of_ribbon"
    assert outcome.chip_uid  # the chip was written: the lead records this UID as spoiled
    assert outcome.blank_used and not outcome.card_in_printer
    assert printer.manifests()[-1]["result"] == "rejected"


def test_jam_leaves_card_in_printer_until_cleared(tmp_path, renderer, make_card) -> None:
    printer = SpoolPrinter(tmp_path, faults=SpoolFaults(jam_at_card=2))
    assert personalise_card(make_card(), printer, MemoryEncoder(), renderer).produced
    outcome = personalise_card(make_card(), printer, MemoryEncoder(), renderer)
    assert outcome.kind is OutcomeKind.PRINTER_FAULT and outcome.reason_code == "printer_jammed"
    assert outcome.card_in_printer and "reject_failed" in outcome.steps
    assert printer.status().state is PrinterState.JAMMED
    printer.clear_jam()
    assert personalise_card(make_card(), printer, MemoryEncoder(), renderer).produced
    assert [m["result"] for m in printer.manifests()] == ["ejected", "ejected"]


def test_print_only_without_encoder(printer, renderer, make_card) -> None:
    outcome = personalise_card(make_card(), printer, None, renderer)
    assert outcome.produced and outcome.chip_uid is None and "at_encoder" not in outcome.steps
