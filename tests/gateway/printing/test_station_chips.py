"""The station's own devices (built from settings, as the station worker builds them) seal MIFARE
Classic sectors with keys derived from the master key in the settings, bind the payload to the chip's
UID and write NTAGs as NDEF with the configured link — over pcscd + vpcd with the virtual chip each
blank of the development spool printer carries."""

from __future__ import annotations

import datetime as dt
import os
import uuid
from pathlib import Path
from typing import Any

import pytest

from adapters.pcsc import mifare_keys, ndef
from adapters.pcsc.chip_layout import mifare_classic_data_blocks, unframe
from card_printing import payload
from card_printing.card_data import CardData
from card_printing.pipeline import OutcomeKind, personalise_card
from card_printing.render import renderer_for
from gateway.printing.devices import build_devices
from tests.conftest import make_test_settings

pytestmark = pytest.mark.pcsc

NUMBER = "4276000000000017"


def _run(
    tmp_path: Path, key_file: Path, chip: str, master: bytes
) -> tuple[Any, Any, payload.Ed25519PrivateKey]:
    settings = make_test_settings(
        data_dir=str(tmp_path),
        printing={
            "signing_key_path": str(key_file),
            "chip_link_template": "https://cards.example.ru/v/{card_number}",
            "stations": {
                "main": {
                    "printer": {"kind": "spool", "directory": str(tmp_path / "spool"), "virtual_chip": chip},
                    "encoder": {"kind": "pcsc", "card_timeout_s": 3, "mifare_master_key": master.hex()},
                }
            },
        },
    )
    key = payload.load_private_key(key_file)
    ref = uuid.uuid4()
    signed = payload.sign(payload.CardPayload(NUMBER, ref, dt.date(2026, 12, 1)), key)
    card = CardData(NUMBER, "Тестова", "Анна", "", "ППО", "Регион", dt.date(2026, 12, 1), ref, signed.text)
    devices = build_devices(settings, "main")
    seen: dict[str, Any] = {}

    def on_step(step: str, detail: dict[str, Any]) -> None:
        if step == "encoded":
            seen["chip"] = devices.printer._chip  # the blank under the reader right now

    try:
        outcome = personalise_card(card, devices.printer, devices.encoder, renderer_for(), on_step=on_step)
    finally:
        devices.close()
    assert outcome.kind is OutcomeKind.PRODUCED, outcome
    return outcome, seen["chip"], key


def test_station_seals_mifare_classic_and_binds_the_payload(
    pcscd: Any, tmp_path: Path, signing_key_file: Path
) -> None:
    master = os.urandom(16)
    outcome, chip, key = _run(tmp_path, signing_key_file, "mifare_classic_1k", master)
    assert outcome.chip_uid == chip.uid.hex().upper()
    blob = unframe(b"".join(bytes(chip.memory.blocks[b]) for b in mifare_classic_data_blocks(4, 7)))
    assert payload.verify_chip(blob, chip.uid, key.public_key()).card_number == NUMBER
    keys = mifare_keys.KeyDiversifier(master).keys(chip.uid, 1)
    assert bytes(chip.memory.blocks[7]) == keys.trailer()


def test_station_writes_ntag_as_ndef_with_the_configured_link(
    pcscd: Any, tmp_path: Path, signing_key_file: Path
) -> None:
    _, chip, key = _run(tmp_path, signing_key_file, "ntag213", os.urandom(16))
    parsed = ndef.parse(b"".join(bytes(p) for p in chip.memory.pages[4:40]))
    assert parsed.uri == f"https://cards.example.ru/v/{NUMBER}"
    assert payload.verify_chip(parsed.payload, chip.uid, key.public_key()).card_number == NUMBER


def test_embedded_run_seals_its_demo_chips_with_a_key_made_once(pcscd: Any, tmp_path: Path) -> None:
    from gateway.devtools.demo_station import station_environment

    settings = make_test_settings(data_dir=str(tmp_path))
    env, handle = station_environment(settings, {})
    key = env["GATEWAY_PRINTING__STATIONS__MAIN__ENCODER__MIFARE_MASTER_KEY"]
    assert len(bytes.fromhex(key)) == 16 and env["GATEWAY_PRINTING__STATIONS__MAIN__ENCODER__KIND"] == "pcsc"
    path = tmp_path / "keys" / "mifare-master.hex"
    assert path.stat().st_mode & 0o777 == 0o600
    assert (
        station_environment(settings, {})[0]["GATEWAY_PRINTING__STATIONS__MAIN__ENCODER__MIFARE_MASTER_KEY"]
        == key
    )
    if handle is not None:
        handle.stop()
