"""The PC/SC encoder through the real stack (pcscd + vpcd + pyscard + virtual card): every card kind,
every fault as a typed outcome, never a hang."""

from __future__ import annotations

import os
import time

import pytest
from smartcard import scard

from adapters.pcsc.chip_layout import frame, mifare_classic_data_blocks, unframe
from adapters.pcsc.encoder import EncoderSettings, PcscEncoder
from adapters.pcsc.results import EncodeStatus
from adapters.pcsc.virtual_card import CardFaults

pytestmark = pytest.mark.pcsc

PAYLOAD = bytes(range(95))


@pytest.fixture
def encoder(pcscd) -> PcscEncoder:
    encoder = PcscEncoder(EncoderSettings(reader_pattern=r"^Virtual PCD 00 00$", card_timeout_s=3.0))
    yield encoder
    encoder.close()


@pytest.mark.parametrize("card_type", ["mifare_classic_1k", "ntag213", "iso7816"])
def test_encode_verify_and_read_back(encoder, insert_card, card_type: str) -> None:
    card = insert_card(card_type)
    payload = os.urandom(95)
    result = encoder.encode(payload)
    assert result.status is EncodeStatus.OK, result.detail
    assert result.uid == card.uid.hex().upper()
    assert result.elapsed_ms < 200
    assert encoder.read().data == payload
    assert card.writes > 0


def test_mifare_classic_payload_skips_block_zero_and_sector_trailers(encoder, insert_card) -> None:
    card = insert_card("mifare_classic_1k")
    assert encoder.encode(PAYLOAD).ok
    blocks = mifare_classic_data_blocks(4, 7)
    assert blocks == [4, 5, 6, 8, 9, 10, 12]
    stored = b"".join(bytes(card.memory.blocks[b]) for b in blocks)
    assert unframe(stored) == PAYLOAD
    # Trailers still hold the transport keys: the card is not bricked.
    assert bytes(card.memory.blocks[7][:6]) == b"\xff" * 6


def test_ultralight_pages(encoder, insert_card) -> None:
    card = insert_card("ntag213")
    assert encoder.encode(PAYLOAD).ok
    framed = frame(PAYLOAD)
    stored = b"".join(bytes(p) for p in card.memory.pages[4 : 4 + -(-len(framed) // 4)])
    assert stored[: len(framed)] == framed


def test_original_ultralight_is_too_small_and_left_untouched(encoder, insert_card) -> None:
    card = insert_card("mifare_ultralight")
    result = encoder.encode(PAYLOAD)
    assert result.status is EncodeStatus.CARD_TOO_SMALL
    assert card.writes == 0
    assert "Памяти чипа недостаточно" in result.message_ru


def test_unsupported_card_type(encoder, insert_card) -> None:
    insert_card("unsupported")
    result = encoder.encode(PAYLOAD)
    assert result.status is EncodeStatus.WRONG_CARD_TYPE and not result.pauses_station


def test_iso_card_without_our_application(encoder, insert_card) -> None:
    insert_card("iso7816", iso_aid=bytes.fromhex("A0000000031010"))
    assert encoder.encode(PAYLOAD).status is EncodeStatus.WRONG_CARD_TYPE


def test_wrong_mifare_key(encoder, insert_card) -> None:
    insert_card("mifare_classic_1k", mifare_key=bytes.fromhex("A0A1A2A3A4A5"))
    result = encoder.encode(PAYLOAD)
    assert result.status is EncodeStatus.AUTH_FAILED


def test_keys_from_settings(pcscd, insert_card) -> None:
    key = bytes.fromhex("A0A1A2A3A4A5")
    insert_card("mifare_classic_1k", mifare_key=key)
    encoder = PcscEncoder(EncoderSettings(mifare_key=key, mifare_key_type="B", card_timeout_s=3))
    assert encoder.encode(PAYLOAD).ok
    encoder.close()


@pytest.mark.parametrize(
    ("card_type", "faults", "status"),
    [
        ("mifare_classic_1k", CardFaults(refuse_writes=True), EncodeStatus.WRITE_REFUSED),
        ("ntag213", CardFaults(refuse_writes=True), EncodeStatus.WRITE_REFUSED),
        ("iso7816", CardFaults(refuse_writes=True), EncodeStatus.WRITE_REFUSED),
        ("mifare_classic_1k", CardFaults(corrupt_reads=True), EncodeStatus.VERIFY_MISMATCH),
        ("ntag213", CardFaults(corrupt_reads=True), EncodeStatus.VERIFY_MISMATCH),
        ("iso7816", CardFaults(corrupt_reads=True), EncodeStatus.VERIFY_MISMATCH),
        ("mifare_classic_1k", CardFaults(remove_after_writes=2), EncodeStatus.CARD_REMOVED),
        ("iso7816", CardFaults(remove_after_writes=0), EncodeStatus.CARD_REMOVED),
        ("mifare_classic_1k", CardFaults(reset_after_writes=3), EncodeStatus.CARD_RESET),
    ],
)
def test_card_faults_are_typed_outcomes(encoder, insert_card, card_type, faults, status) -> None:
    insert_card(card_type, faults=faults)
    started = time.monotonic()
    result = encoder.encode(PAYLOAD)
    assert result.status is status, result.detail
    assert result.message_ru and not result.pauses_station
    assert time.monotonic() - started < 3


def test_no_card_times_out(pcscd) -> None:
    encoder = PcscEncoder(EncoderSettings(reader_pattern="Virtual PCD 00 01", card_timeout_s=0.5))
    started = time.monotonic()
    result = encoder.encode(PAYLOAD)
    assert result.status is EncodeStatus.NO_CARD
    assert 0.4 < time.monotonic() - started < 2


def test_reader_not_found_pauses_station(pcscd) -> None:
    result = PcscEncoder(EncoderSettings(reader_pattern="^Evolis Primacy Encoder")).encode(PAYLOAD)
    assert result.status is EncodeStatus.READER_NOT_FOUND and result.pauses_station
    assert "Virtual PCD 00 00" in result.detail  # lists what is there, to fix the pattern


def test_reader_busy_when_another_program_holds_the_card(encoder, insert_card) -> None:
    insert_card("mifare_classic_1k")
    _, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    hresult, handle, _ = scard.SCardConnect(
        context,
        "Virtual PCD 00 00",
        scard.SCARD_SHARE_EXCLUSIVE,
        scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1,
    )
    assert hresult == scard.SCARD_S_SUCCESS
    try:
        result = encoder.encode(PAYLOAD)
        assert result.status is EncodeStatus.READER_BUSY and result.pauses_station
    finally:
        scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)
        scard.SCardReleaseContext(context)
    assert encoder.encode(PAYLOAD).ok


def test_hresult_mapping(encoder) -> None:
    failure = encoder._failure_from(scard.SCARD_W_RESET_CARD, "x", "r")
    assert failure.status is EncodeStatus.CARD_RESET
    assert encoder._failure_from(scard.SCARD_W_REMOVED_CARD, "x", "r").status is EncodeStatus.CARD_REMOVED
    assert (
        encoder._failure_from(scard.SCARD_E_READER_UNAVAILABLE, "x", "r").status is EncodeStatus.READER_GONE
    )
