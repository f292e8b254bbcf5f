"""Chips that cannot be copied or rewritten, through the real PC/SC stack (pcscd + vpcd + pyscard):
MIFARE Classic sectors sealed with per-card diversified keys, payloads bound to the chip's UID, and
NTAG written as NDEF with the verification link."""

from __future__ import annotations

import datetime as dt
import logging
import os
import uuid

import pytest

from adapters.pcsc import mifare_keys, ndef
from adapters.pcsc.chip_layout import mifare_classic_data_blocks, unframe
from adapters.pcsc.devstack import wait_for_reader_state
from adapters.pcsc.encoder import EncoderSettings, PcscEncoder
from adapters.pcsc.results import EncodeStatus
from card_printing import payload
from card_printing.chip_content import SignedChipContent

from .conftest import READER

pytestmark = pytest.mark.pcsc

LINK = "https://cards.example.ru/v/{card_number}"
NUMBER = "4276000000000017"


@pytest.fixture(scope="module")
def key():
    return payload.generate_private_key()


@pytest.fixture
def master() -> bytes:
    return os.urandom(16)  # made here: no key is ever kept in the repository


def _encoder(master: bytes | None = None, content=None) -> PcscEncoder:
    return PcscEncoder(EncoderSettings(card_timeout_s=3, mifare_master_key=master), content=content)


def _v1(key) -> bytes:
    return payload.sign(payload.CardPayload(NUMBER, uuid.uuid4(), dt.date(2024, 9, 1)), key).blob


def test_mifare_sectors_get_their_own_keys_and_access_bits(pcscd, insert_card, master, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    chip = insert_card("mifare_classic_1k")
    encoder = _encoder(master)
    blob = os.urandom(95)
    result = encoder.encode(blob)
    assert result.ok, result.detail
    diversifier = mifare_keys.KeyDiversifier(master)
    for sector in (1, 2, 3):  # 99 framed bytes: blocks 4..6, 8..10, 12
        trailer = bytes(chip.memory.blocks[sector * 4 + 3])
        keys = diversifier.keys(chip.uid, sector)
        assert trailer == keys.key_a + mifare_keys.ACCESS_BITS + b"\x69" + keys.key_b
    assert bytes(chip.memory.blocks[19][:6]) == mifare_keys.TRANSPORT_KEY  # sector 4 untouched
    # The gateway reads it back through the derived keys; a keyless reader is refused.
    assert encoder.read().data == blob
    stranger = _encoder()
    assert stranger.read().status is EncodeStatus.AUTH_FAILED
    assert stranger.encode(os.urandom(95)).status is EncodeStatus.AUTH_FAILED
    assert encoder.read().data == blob  # nothing changed
    # Neither the master key nor a sector key ever reaches the log.
    secrets = {master.hex()} | {diversifier.keys(chip.uid, s).key_a.hex() for s in (1, 2, 3)}
    secrets |= {diversifier.keys(chip.uid, s).key_b.hex() for s in (1, 2, 3)}
    logged = caplog.text.lower()
    assert not any(secret in logged for secret in secrets)
    encoder.close()
    stranger.close()


def test_key_a_alone_cannot_rewrite_a_sealed_sector(pcscd, insert_card, master) -> None:
    chip = insert_card("mifare_classic_1k")
    encoder = _encoder(master)
    assert encoder.encode(os.urandom(95)).ok
    # A partner's reader holding key A (to read cards) tries to write: the access bits forbid it.
    key_a = mifare_keys.KeyDiversifier(master).keys(chip.uid, 1).key_a
    with_key_a = PcscEncoder(EncoderSettings(card_timeout_s=3, mifare_key=key_a))
    result = with_key_a.encode(os.urandom(95))
    assert result.status is EncodeStatus.WRITE_REFUSED, result.detail
    with_key_a.close()
    encoder.close()


def test_a_card_already_sealed_is_rewritten_with_its_own_keys(pcscd, insert_card, master) -> None:
    insert_card("mifare_classic_1k")
    encoder = _encoder(master)
    assert encoder.encode(os.urandom(95)).ok
    second = os.urandom(95)
    assert encoder.encode(second).ok
    assert encoder.read().data == second
    encoder.close()


def test_chip_payload_is_bound_to_the_uid_and_a_copy_fails(pcscd, insert_card, key) -> None:
    content = SignedChipContent(key)
    original = insert_card("mifare_classic_1k", uid=bytes.fromhex("0A0B0C0D"))
    encoder = _encoder(content=content)
    v1 = _v1(key)
    result = encoder.encode(v1)
    assert result.ok, result.detail
    read = encoder.read()
    assert read.data != v1 and read.data[0] == payload.CHIP_PAYLOAD_VERSION
    genuine = payload.verify_chip(read.data, bytes.fromhex(read.uid), key.public_key())
    assert genuine.card_number == NUMBER
    copied_bytes = read.data
    original.remove()
    assert wait_for_reader_state(READER, card_present=False, timeout=3)

    # A cloner writes the same bytes, byte for byte, onto another blank.
    clone = insert_card("mifare_classic_1k", uid=bytes.fromhex("0A0B0C0E"))
    plain = _encoder()
    assert plain.encode(copied_bytes).ok
    stolen = plain.read()
    assert stolen.data == copied_bytes and stolen.uid == clone.uid.hex().upper()
    with pytest.raises(payload.BadSignatureError):
        payload.verify_chip(stolen.data, bytes.fromhex(stolen.uid), key.public_key())
    # Without the chip's UID a chip payload proves nothing, and it is refused as such.
    with pytest.raises(payload.ChipUidRequiredError):
        payload.verify(stolen.data, key.public_key())
    encoder.close()
    plain.close()


def test_ntag_is_written_as_ndef_with_the_link_first(pcscd, insert_card, key) -> None:
    chip = insert_card("ntag213")
    encoder = _encoder(content=SignedChipContent(key, LINK))
    result = encoder.encode(_v1(key))
    assert result.ok, result.detail
    memory = b"".join(bytes(p) for p in chip.memory.pages[4:40])
    parsed = ndef.parse(memory)  # what a phone's NFC stack sees
    assert parsed.uri == f"https://cards.example.ru/v/{NUMBER}"
    assert payload.verify_chip(parsed.payload, chip.uid, key.public_key()).card_number == NUMBER
    read = encoder.read()
    assert read.uri == parsed.uri and read.data == parsed.payload
    encoder.close()


def test_ntag_read_back_catches_a_corrupted_ndef(pcscd, insert_card, key) -> None:
    from adapters.pcsc.virtual_card import CardFaults

    insert_card("ntag213", faults=CardFaults(corrupt_reads=True))
    encoder = _encoder(content=SignedChipContent(key, LINK))
    assert encoder.encode(_v1(key)).status is EncodeStatus.VERIFY_MISMATCH
    encoder.close()


def test_ndef_too_big_for_the_tag_is_refused_before_writing(pcscd, insert_card, key) -> None:
    chip = insert_card("ntag213")
    encoder = _encoder(content=SignedChipContent(key, "https://" + "x" * 40 + "/{card_number}"))
    result = encoder.encode(_v1(key))
    assert result.status is EncodeStatus.CARD_TOO_SMALL and chip.writes == 0
    encoder.close()


def test_without_content_the_payload_is_written_as_given(pcscd, insert_card) -> None:
    chip = insert_card("mifare_classic_1k")
    encoder = _encoder()
    blob = os.urandom(95)
    assert encoder.encode(blob).ok
    stored = b"".join(bytes(chip.memory.blocks[b]) for b in mifare_classic_data_blocks(4, 7))
    assert unframe(stored) == blob
    encoder.close()
