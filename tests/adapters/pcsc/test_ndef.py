"""NDEF layout of NTAG chips: a link phones open first, the signed payload second."""

from __future__ import annotations

import pytest

from adapters.pcsc import ndef

PAYLOAD = bytes(range(95))


def test_round_trip_and_link_compression() -> None:
    memory = ndef.encode("https://cards.example.ru/v/4276000000000017", PAYLOAD)
    assert memory[0] == 0x03 and memory[-1] == 0xFE
    # Record 1 is the NFC Forum URI record with the "https://" prefix code 0x04.
    assert memory[2:7] == bytes([0x91, 0x01, len("cards.example.ru/v/4276000000000017") + 1]) + b"U\x04"
    parsed = ndef.parse(memory + bytes(20))
    assert parsed.uri == "https://cards.example.ru/v/4276000000000017" and parsed.payload == PAYLOAD
    assert ndef.message_length(memory + bytes(8)) == len(memory)


def test_ntag213_budget_leaves_38_bytes_for_the_link() -> None:
    link = "https://" + "x" * 38
    assert len(ndef.encode(link, PAYLOAD)) == 144
    assert ndef.capacity(bytes.fromhex("E1101200")) == 144
    assert ndef.capacity(bytes(4)) is None


@pytest.mark.parametrize("memory", [b"", bytes(16), b"\x03\x05\xd1\x01\x01U\x00", b"EPB\x05hello"])
def test_anything_else_is_not_our_ndef(memory: bytes) -> None:
    with pytest.raises(ndef.NdefError):
        ndef.parse(memory)
