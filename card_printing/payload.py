"""The signed card payload carried by the QR code and the chip.

Binary layout, version 1 (95 bytes, all integers big-endian)::

    0      1  version (1)
    1      4  key id: first 4 bytes of SHA-256 of the raw 32-byte Ed25519 public key
    5      8  card number as an unsigned 64-bit integer (16 digits fit; leading zeros restored)
    13    16  member's 1C reference (Ref_Key GUID), 16 bytes in RFC 4122 order
    29     2  issue date as days since 2000-01-01
    31    64  Ed25519 signature over bytes 0..30

The QR code carries ``EPB1:`` + base32 (RFC 4648, no padding) of the blob: base32 uses only
QR alphanumeric characters, so the code stays at version 7 where base64 would need byte mode.
A partner verifies offline with nothing but the issuer's public key (PEM or raw).

Version 2 is the payload the *chip* carries, bound to that chip: the same 95-byte layout with
version byte 2, but the signature covers bytes 0..30 followed by the chip's UID (4, 7 or 10 bytes as
the reader reports it with ``FF CA``). The UID is not stored in the blob: the verifier reads it from
the chip itself, so the same bytes copied onto another chip (another UID) fail verification, and no
room is spent on it (NTAG213 has 144 bytes). The station signs the v2 blob at the encoder, once the
UID is known (:func:`bind_to_chip`).

What each form proves (the documented split):

- the QR code on the printed face (v1) proves the printed data was issued by the union; verified
  offline with the public key, or online at ``/verify/<text>``. A photocopy of the face copies it too:
  it does not prove the plastic is genuine;
- the chip (v2) proves the chip is the one the union wrote: verify with the public key *and* the UID
  read from the chip (:func:`verify_chip`). A copy on another chip fails.
"""

from __future__ import annotations

import base64
import datetime as dt
import hashlib
import struct
import urllib.parse
import uuid
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from card_printing.card_data import CARD_NUMBER_LENGTH

PAYLOAD_VERSION = 1
CHIP_PAYLOAD_VERSION = 2
TEXT_PREFIX = "EPB1:"
_EPOCH = dt.date(2000, 1, 1)
_HEADER = struct.Struct(">B4sQ16sH")
SIGNATURE_LENGTH = 64
PAYLOAD_LENGTH = _HEADER.size + SIGNATURE_LENGTH


class PayloadError(ValueError):
    """Base of everything that makes a payload unusable."""


class MalformedPayloadError(PayloadError):
    """Not a card payload: wrong prefix, encoding, length or version."""


class UnknownKeyError(PayloadError):
    """Signed with a key whose id none of the given public keys has."""


class BadSignatureError(PayloadError):
    """The signature does not match the content: tampered or forged."""


class ChipUidRequiredError(PayloadError):
    """A chip-bound (v2) payload verifies only together with the UID of the chip it was read from."""


class KeyFileError(ValueError):
    """The issuer key file is missing or is not an Ed25519 key."""


@dataclass(frozen=True, slots=True)
class CardPayload:
    card_number: str
    member_ref: uuid.UUID
    issue_date: dt.date


@dataclass(frozen=True, slots=True)
class SignedPayload:
    payload: CardPayload
    key_id: bytes
    blob: bytes

    @property
    def text(self) -> str:
        return encode_text(self.blob)


def key_id(public_key: Ed25519PublicKey) -> bytes:
    raw = public_key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)
    return hashlib.sha256(raw).digest()[:4]


def sign(payload: CardPayload, private_key: Ed25519PrivateKey) -> SignedPayload:
    if len(payload.card_number) != CARD_NUMBER_LENGTH or not payload.card_number.isdigit():
        raise ValueError(f"card number must be {CARD_NUMBER_LENGTH} digits, got {payload.card_number!r}")
    days = (payload.issue_date - _EPOCH).days
    if not 0 <= days <= 0xFFFF:
        raise ValueError(f"issue date {payload.issue_date} outside 2000-01-01 .. 2179")
    kid = key_id(private_key.public_key())
    header = _HEADER.pack(PAYLOAD_VERSION, kid, int(payload.card_number), payload.member_ref.bytes, days)
    return SignedPayload(payload, kid, header + private_key.sign(header))


def bind_to_chip(blob: bytes, uid: bytes, private_key: Ed25519PrivateKey) -> bytes:
    """The chip-bound (v2) form of a v1 payload: same content, signed over content + ``uid``.

    ``blob`` comes from this gateway (the station signed it moments ago), so it is re-signed without
    being verified again; only its shape is checked."""
    if len(blob) != PAYLOAD_LENGTH:
        raise MalformedPayloadError(f"payload is {len(blob)} bytes, expected {PAYLOAD_LENGTH}")
    if not uid:
        raise ValueError("a chip-bound payload needs the chip UID")
    header = bytes([CHIP_PAYLOAD_VERSION]) + key_id(private_key.public_key()) + blob[5 : _HEADER.size]
    return header + private_key.sign(header + uid)


def verify(
    blob: bytes, public_keys: Ed25519PublicKey | list[Ed25519PublicKey], chip_uid: bytes | None = None
) -> CardPayload:
    """Check the signature with one of ``public_keys`` (several during a key rotation).

    A v2 (chip-bound) payload needs ``chip_uid``, the UID read from the chip that held it; a v1
    payload (the printed QR code) ignores it."""
    if len(blob) != PAYLOAD_LENGTH:
        raise MalformedPayloadError(f"payload is {len(blob)} bytes, expected {PAYLOAD_LENGTH}")
    version, kid, number, ref, days = _HEADER.unpack_from(blob)
    if version not in (PAYLOAD_VERSION, CHIP_PAYLOAD_VERSION):
        raise MalformedPayloadError(f"unsupported payload version {version}")
    keys = public_keys if isinstance(public_keys, list) else [public_keys]
    key = next((k for k in keys if key_id(k) == kid), None)
    if key is None:
        raise UnknownKeyError(f"payload signed with unknown key id {kid.hex()}")
    signed = blob[: _HEADER.size]
    if version == CHIP_PAYLOAD_VERSION:
        if not chip_uid:
            raise ChipUidRequiredError("a chip payload is verified with the UID of the chip it was read from")
        signed += chip_uid
    try:
        key.verify(blob[_HEADER.size :], signed)
    except InvalidSignature:
        raise BadSignatureError("payload signature does not match its content") from None
    if number >= 10**CARD_NUMBER_LENGTH:
        raise MalformedPayloadError("card number out of range")
    issue_date = _EPOCH + dt.timedelta(days=days)
    return CardPayload(str(number).zfill(CARD_NUMBER_LENGTH), uuid.UUID(bytes=ref), issue_date)


def verify_chip(
    blob: bytes, chip_uid: bytes, public_keys: Ed25519PublicKey | list[Ed25519PublicKey]
) -> CardPayload:
    """Verify what a chip holds: only a v2 payload bound to this very UID is genuine."""
    if blob[:1] != bytes([CHIP_PAYLOAD_VERSION]):
        raise MalformedPayloadError("the chip holds no chip-bound payload")
    return verify(blob, public_keys, chip_uid=chip_uid)


def card_number_of(blob: bytes) -> str:
    """The card number inside a payload, unverified (for building the chip's link)."""
    if len(blob) != PAYLOAD_LENGTH:
        raise MalformedPayloadError(f"payload is {len(blob)} bytes, expected {PAYLOAD_LENGTH}")
    return str(_HEADER.unpack_from(blob)[2]).zfill(CARD_NUMBER_LENGTH)


def encode_text(blob: bytes) -> str:
    return TEXT_PREFIX + base64.b32encode(blob).decode("ascii").rstrip("=")


def decode_text(text: str) -> bytes:
    """The blob of a payload text, or of a verification link ``<base URL>/v/<payload text>`` (what
    the QR code holds when a public base URL is configured): offline checks read the payload inside."""
    text = text.strip()
    if not text.upper().startswith(TEXT_PREFIX) and "/" in text:
        text = urllib.parse.unquote(text.rsplit("/", 1)[-1])
    if not text.upper().startswith(TEXT_PREFIX):
        raise MalformedPayloadError(f"payload text must start with {TEXT_PREFIX}")
    body = text[len(TEXT_PREFIX) :].upper()
    try:
        return base64.b32decode(body + "=" * (-len(body) % 8))
    except ValueError:
        raise MalformedPayloadError("payload text is not valid base32") from None


def verify_text(text: str, public_keys: Ed25519PublicKey | list[Ed25519PublicKey]) -> CardPayload:
    return verify(decode_text(text), public_keys)


# -- keys ---------------------------------------------------------------------------------------


def generate_private_key() -> Ed25519PrivateKey:
    """A fresh key for development and tests; production keys come from a PEM file."""
    return Ed25519PrivateKey.generate()


def load_private_key(path: str | Path, password: bytes | None = None) -> Ed25519PrivateKey:
    path = Path(path)
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=password)
    except FileNotFoundError:
        raise KeyFileError(f"issuer key file {path} not found") from None
    except (ValueError, TypeError) as exc:
        raise KeyFileError(f"issuer key file {path} is not a readable PEM private key: {exc}") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise KeyFileError(f"issuer key file {path} holds a {type(key).__name__}, expected an Ed25519 key")
    return key


def load_or_create_private_key(path: str | Path) -> Ed25519PrivateKey:
    """Development convenience: load the key, or create it (mode 0600) when the file is missing."""
    path = Path(path)
    if path.exists():
        return load_private_key(path)
    key = generate_private_key()
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch(mode=0o600)
    path.write_bytes(private_key_pem(key))
    return key


def private_key_pem(key: Ed25519PrivateKey) -> bytes:
    return key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )


def public_key_pem(key: Ed25519PublicKey) -> bytes:
    """What a partner gets to verify cards offline."""
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)


def load_public_key(data: bytes) -> Ed25519PublicKey:
    """From PEM (SubjectPublicKeyInfo) or the raw 32 bytes."""
    try:
        key = (
            serialization.load_pem_public_key(data)
            if data.lstrip().startswith(b"-----")
            else Ed25519PublicKey.from_public_bytes(data)
        )
    except ValueError as exc:
        raise KeyFileError(f"not an Ed25519 public key: {exc}") from None
    if not isinstance(key, Ed25519PublicKey):
        raise KeyFileError(f"public key is a {type(key).__name__}, expected Ed25519")
    return key
