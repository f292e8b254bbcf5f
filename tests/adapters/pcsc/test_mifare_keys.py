"""MIFARE Classic key diversification (AN10922 AES-128) and access bits, without the PC/SC stack."""

from __future__ import annotations

import pytest

from adapters.pcsc import mifare_keys
from adapters.pcsc.mifare_keys import KEY_A, KEY_B, KeyDiversifier, access_bytes, access_conditions

MASTER = bytes.fromhex("00112233445566778899AABBCCDDEEFF")


def test_an10922_published_example_vector() -> None:
    # AN10922 §2.2.1 example: AES-128 key, M = UID || AID || system identifier ("NXP Abu").
    m = bytes.fromhex("04782E21801D803042F54E585020416275")
    assert mifare_keys.an10922_aes128(MASTER, m).hex().upper() == "A8DD63A3B89D54B37CA802473FDA9175"


def test_keys_differ_per_card_sector_and_type() -> None:
    uid_a, uid_b = bytes.fromhex("01020304"), bytes.fromhex("01020305")
    keys = {
        mifare_keys.sector_key(MASTER, uid, sector, kind)
        for uid in (uid_a, uid_b)
        for sector in (1, 2)
        for kind in (KEY_A, KEY_B)
    }
    assert len(keys) == 8 and all(len(k) == 6 for k in keys)
    assert mifare_keys.TRANSPORT_KEY not in keys
    # The same inputs always give the same key: the encoder re-derives it to read the card back.
    assert mifare_keys.sector_key(MASTER, uid_a, 1, KEY_A) == mifare_keys.sector_key(MASTER, uid_a, 1, KEY_A)


def test_access_bits_of_the_transport_configuration_and_ours() -> None:
    assert bytes.fromhex("FF0780") == mifare_keys.TRANSPORT_ACCESS_BITS
    assert access_conditions(mifare_keys.ACCESS_BITS) == ((1, 0, 0), (1, 0, 0), (1, 0, 0), (0, 1, 1))
    assert bytes.fromhex("787788") == mifare_keys.ACCESS_BITS  # the well-known "write with key B" set
    assert access_conditions(bytes.fromhex("FF0781")) is None  # inverted copies disagree: invalid
    assert access_bytes(access_conditions(bytes.fromhex("7F0788"))) == bytes.fromhex("7F0788")


def test_master_key_never_shows_in_a_repr() -> None:
    diversifier = KeyDiversifier(MASTER)
    keys = diversifier.keys(bytes(4), 1)
    assert MASTER.hex() not in repr(diversifier).lower() and keys.key_a.hex() not in repr(keys).lower()
    with pytest.raises(ValueError):
        KeyDiversifier(bytes(6))
