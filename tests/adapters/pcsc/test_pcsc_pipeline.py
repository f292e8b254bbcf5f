"""The one-card pipeline over the real PC/SC stack, and the virtual card run as a program."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

from adapters.pcsc.devstack import wait_for_reader_state
from adapters.pcsc.encoder import EncoderSettings, PcscEncoder
from adapters.pcsc.virtual_card import CardFaults
from adapters.printers.spool import SpoolPrinter
from card_printing import payload
from card_printing.card_data import CardData
from card_printing.pipeline import OutcomeKind, personalise_card
from card_printing.render import renderer_for

pytestmark = pytest.mark.pcsc


def _card() -> CardData:
    key = payload.generate_private_key()
    ref = uuid.uuid4()
    signed = payload.sign(payload.CardPayload("4276000000000017", ref, dt.date(2024, 9, 1)), key)
    return CardData(
        "4276000000000017",
        "Петров",
        "Пётр",
        "Петрович",
        "ППО школы № 1",
        "Тверская областная",
        dt.date(2024, 9, 1),
        ref,
        signed.text,
    )


def test_pipeline_produces_card_with_verified_chip(pcscd, insert_card, tmp_path: Path) -> None:
    chip = insert_card("mifare_classic_1k")
    encoder = PcscEncoder(EncoderSettings(card_timeout_s=3))
    card = _card()
    outcome = personalise_card(card, SpoolPrinter(tmp_path), encoder, renderer_for())
    assert outcome.kind is OutcomeKind.PRODUCED
    assert outcome.chip_uid == chip.uid.hex().upper()
    assert encoder.read().data == payload.decode_text(card.payload)
    encoder.close()


def test_pipeline_spoils_card_removed_mid_write(pcscd, insert_card, tmp_path: Path) -> None:
    insert_card("ntag213", faults=CardFaults(remove_after_writes=5))
    printer = SpoolPrinter(tmp_path)
    outcome = personalise_card(
        _card(), printer, PcscEncoder(EncoderSettings(card_timeout_s=3)), renderer_for()
    )
    assert outcome.kind is OutcomeKind.SPOILED and outcome.reason_code == "card_removed"
    assert printer.manifests()[-1]["result"] == "rejected"


def test_virtual_card_runs_as_a_program(pcscd) -> None:
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "adapters.pcsc.virtual_card",
            "--type",
            "iso7816",
            "--port",
            "35963",
            "--uid",
            "01020304",
        ],
        stderr=subprocess.PIPE,
    )
    try:
        assert wait_for_reader_state("Virtual PCD 00 00", card_present=True, timeout=5)
        result = PcscEncoder(EncoderSettings(card_timeout_s=3)).encode(b"hello")
        assert result.ok and result.uid == "01020304"
    finally:
        process.terminate()
        process.wait(timeout=5)
        process.stderr.close()
    assert wait_for_reader_state("Virtual PCD 00 00", card_present=False, timeout=3)
