"""Signed card payload: a partner with only the public key accepts good payloads and rejects
tampered ones and ones signed by another key."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec

from card_printing import payload

CARD = payload.CardPayload(
    "4276000000000016", uuid.UUID("1b4e28ba-2fa1-11d2-883f-0016d3cca427"), dt.date(2024, 9, 1)
)


def test_sign_and_verify_round_trip(signing_key) -> None:
    signed = payload.sign(CARD, signing_key)
    assert len(signed.blob) == payload.PAYLOAD_LENGTH == 95
    public_only = payload.load_public_key(payload.public_key_pem(signing_key.public_key()))
    assert payload.verify(signed.blob, public_only) == CARD
    assert payload.verify_text(signed.text, [public_only]) == CARD


def test_text_is_qr_alphanumeric(signing_key) -> None:
    text = payload.sign(CARD, signing_key).text
    assert text.startswith("EPB1:")
    assert set(text) <= set("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ $%*+-./:")


def test_card_number_with_leading_zeros_survives(signing_key) -> None:
    card = payload.CardPayload("0000000000000000", CARD.member_ref, CARD.issue_date)
    assert (
        payload.verify(payload.sign(card, signing_key).blob, signing_key.public_key()).card_number
        == card.card_number
    )


@pytest.mark.parametrize("position", [0 + 5, 13, 29, 31, 94])
def test_tampered_payload_fails(signing_key, position: int) -> None:
    blob = bytearray(payload.sign(CARD, signing_key).blob)
    blob[position] ^= 0x01
    with pytest.raises(payload.BadSignatureError):
        payload.verify(bytes(blob), signing_key.public_key())


def test_wrong_key_fails(signing_key) -> None:
    other = payload.generate_private_key()
    with pytest.raises(payload.UnknownKeyError):
        payload.verify(payload.sign(CARD, other).blob, signing_key.public_key())


def test_key_rotation_accepts_any_listed_key(signing_key) -> None:
    old = payload.generate_private_key()
    keys = [signing_key.public_key(), old.public_key()]
    assert payload.verify(payload.sign(CARD, old).blob, keys) == CARD


def test_forged_key_id_fails(signing_key) -> None:
    # An attacker copies our key id into a payload signed with their own key.
    forged = bytearray(payload.sign(CARD, payload.generate_private_key()).blob)
    forged[1:5] = payload.key_id(signing_key.public_key())
    with pytest.raises(payload.BadSignatureError):
        payload.verify(bytes(forged), signing_key.public_key())


@pytest.mark.parametrize("text", ["", "EPB1:", "XYZ:AAAA", "EPB1:!!!!", "EPB1:" + "A" * 152])
def test_malformed_text(text: str, signing_key) -> None:
    with pytest.raises(payload.PayloadError):
        payload.verify_text(text, signing_key.public_key())


def test_unknown_version(signing_key) -> None:
    blob = bytearray(payload.sign(CARD, signing_key).blob)
    blob[0] = 9
    with pytest.raises(payload.MalformedPayloadError, match="version"):
        payload.verify(bytes(blob), signing_key.public_key())


def test_key_files(tmp_path: Path) -> None:
    path = tmp_path / "keys" / "issuer.pem"
    created = payload.load_or_create_private_key(path)
    assert path.stat().st_mode & 0o777 == 0o600
    loaded = payload.load_private_key(path)
    assert payload.key_id(loaded.public_key()) == payload.key_id(created.public_key())
    assert payload.load_or_create_private_key(path).public_key() == created.public_key()


def test_key_file_errors(tmp_path: Path) -> None:
    with pytest.raises(payload.KeyFileError, match="not found"):
        payload.load_private_key(tmp_path / "missing.pem")
    garbage = tmp_path / "garbage.pem"
    garbage.write_text("not a key")
    with pytest.raises(payload.KeyFileError, match="not a readable PEM"):
        payload.load_private_key(garbage)
    ec_key = tmp_path / "ec.pem"
    ec_key.write_bytes(
        ec.generate_private_key(ec.SECP256R1()).private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    with pytest.raises(payload.KeyFileError, match="expected an Ed25519 key"):
        payload.load_private_key(ec_key)


def test_raw_public_key(signing_key) -> None:
    raw = signing_key.public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    key = payload.load_public_key(raw)
    assert payload.verify(payload.sign(CARD, signing_key).blob, key) == CARD


# -- chip-bound payloads (v2) --------------------------------------------------------------------

UID = bytes.fromhex("04A1B2C3D4E5F6")


def test_chip_payload_verifies_only_with_the_uid_it_was_bound_to(signing_key) -> None:
    v1 = payload.sign(CARD, signing_key).blob
    chip = payload.bind_to_chip(v1, UID, signing_key)
    assert len(chip) == payload.PAYLOAD_LENGTH and chip[0] == payload.CHIP_PAYLOAD_VERSION
    assert chip[1:31] == v1[1:31]  # same content; only the version and the signature differ
    assert payload.verify_chip(chip, UID, signing_key.public_key()) == CARD
    with pytest.raises(payload.BadSignatureError):
        payload.verify_chip(chip, UID[:-1] + b"\xf7", signing_key.public_key())
    with pytest.raises(payload.ChipUidRequiredError):
        payload.verify(chip, signing_key.public_key())


def test_printed_qr_payload_is_not_accepted_as_a_chip_payload(signing_key) -> None:
    v1 = payload.sign(CARD, signing_key).blob
    # The face's QR code still verifies on its own (offline, any partner) ...
    assert payload.verify(v1, signing_key.public_key()) == CARD
    # ... but written to a chip it does not pass as the chip's own payload.
    with pytest.raises(payload.MalformedPayloadError):
        payload.verify_chip(v1, UID, signing_key.public_key())


def test_chip_payload_with_another_key_is_unknown(signing_key) -> None:
    other = payload.generate_private_key()
    chip = payload.bind_to_chip(payload.sign(CARD, signing_key).blob, UID, other)
    with pytest.raises(payload.UnknownKeyError):
        payload.verify_chip(chip, UID, signing_key.public_key())
