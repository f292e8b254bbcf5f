"""The files exchanged with an outside personalisation bureau: the export package and the manifest.

Both sides use this module (it is the reference a bureau implements); only ``cryptography`` is used.

Package (gateway → bureau): encrypted to the bureau's X25519 key, signed with the union's Ed25519
card-signing key (the key whose public half partners already hold)::

    b"EPBX1\\n" | u32 len(H) | H | u32 len(C) | C | S           (u32: unsigned 32-bit big-endian)

    H  header, UTF-8 JSON: {"format": "epb-bureau-package/1", "batch_id", "export_id", "bureau",
       "card_count", "created_at", "recipient_key_id", "signer_key_id", "ephemeral_key", "nonce"}
       (key ids: hex of the first 8 bytes of SHA-256 of the raw public key; ephemeral_key and nonce
       base64 of the raw 32 and 12 bytes)
    C  AES-256-GCM(key, nonce, ZIP, associated data = H)  — the ZIP holds cards.csv and print.pdf
    key = HKDF-SHA256(X25519(ephemeral private, bureau public), salt = ephemeral public ||
          bureau public, info = b"epb-bureau-package/1", length 32)   — a fresh ephemeral key per package
    S  Ed25519 signature (64 bytes) over every byte before it

Manifest (bureau → gateway): not secret (card numbers, chip UIDs, results), signed with the bureau's
Ed25519 key, whose public half is in the gateway's settings::

    b"EPBM1\\n" | u32 len(B) | B | S
    B  UTF-8 JSON: {"format": "epb-bureau-manifest/1", "batch_id", "bureau", "package_sha256",
       "cards": [{"card_number": "16 digits", "result": "produced" | "spoiled",
                  "chip_uid": "hex or null", "reason": "text or null"}]}
    S  Ed25519 signature over every byte before it
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import struct
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey, X25519PublicKey
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

PACKAGE_MAGIC = b"EPBX1\n"
MANIFEST_MAGIC = b"EPBM1\n"
PACKAGE_FORMAT = "epb-bureau-package/1"
MANIFEST_FORMAT = "epb-bureau-manifest/1"
_U32 = struct.Struct(">I")
_SIGNATURE = 64


class EnvelopeError(ValueError):
    """A package or manifest that cannot be accepted; ``code`` is stable, the message is English."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code


def _raw(key: X25519PublicKey | Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def key_id(key: X25519PublicKey | Ed25519PublicKey) -> str:
    return hashlib.sha256(_raw(key)).digest()[:8].hex()


def _derive(shared: bytes, ephemeral: bytes, recipient: bytes) -> bytes:
    return HKDF(hashes.SHA256(), 32, salt=ephemeral + recipient, info=PACKAGE_FORMAT.encode()).derive(shared)


def _json(data: dict[str, Any]) -> bytes:
    return json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode("utf-8")


def seal_package(
    header: dict[str, Any], content: bytes, recipient: X25519PublicKey, signer: Ed25519PrivateKey
) -> bytes:
    ephemeral = X25519PrivateKey.generate()
    ephemeral_raw = _raw(ephemeral.public_key())
    nonce = os.urandom(12)
    full = {
        **header,
        "format": PACKAGE_FORMAT,
        "recipient_key_id": key_id(recipient),
        "signer_key_id": key_id(signer.public_key()),
        "ephemeral_key": base64.b64encode(ephemeral_raw).decode(),
        "nonce": base64.b64encode(nonce).decode(),
    }
    h = _json(full)
    key = _derive(ephemeral.exchange(recipient), ephemeral_raw, _raw(recipient))
    c = AESGCM(key).encrypt(nonce, content, h)
    body = PACKAGE_MAGIC + _U32.pack(len(h)) + h + _U32.pack(len(c)) + c
    return body + signer.sign(body)


def _take(data: bytes, offset: int, what: str) -> tuple[bytes, int]:
    if offset + 4 > len(data):
        raise EnvelopeError("malformed", f"{what}: truncated length")
    (length,) = _U32.unpack_from(data, offset)
    end = offset + 4 + length
    if end > len(data):
        raise EnvelopeError("malformed", f"{what}: truncated")
    return data[offset + 4 : end], end


def _load_json(raw: bytes, what: str, expected_format: str, kind: str) -> dict[str, Any]:
    """A signed JSON object of the given ``format`` (``what`` names it in errors)."""
    try:
        value = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError):
        raise EnvelopeError("malformed", f"{what} is not UTF-8 JSON") from None
    if not isinstance(value, dict):
        raise EnvelopeError("malformed", f"{what} is not a JSON object")
    if value.get("format") != expected_format:
        raise EnvelopeError("malformed", f"unsupported {kind} format {value.get('format')!r}")
    return value


def _verify_signed(data: bytes, offset: int, signer: Ed25519PublicKey, kind: str, key_name: str) -> None:
    """``data`` ends at ``offset`` with a signature over everything before it, made by ``signer``."""
    if len(data) != offset + _SIGNATURE:
        raise EnvelopeError("malformed", f"{kind} signature missing or trailing bytes")
    try:
        signer.verify(data[offset:], data[:offset])
    except InvalidSignature:
        raise EnvelopeError("bad_signature", f"{kind} not signed by {key_name}") from None


def open_package(
    data: bytes, recipient: X25519PrivateKey, signer: Ed25519PublicKey
) -> tuple[dict[str, Any], bytes]:
    """The bureau's side: check the union's signature, then decrypt. Returns (header, ZIP bytes)."""
    if not data.startswith(PACKAGE_MAGIC):
        raise EnvelopeError("malformed", "not an EPBX1 package")
    h, offset = _take(data, len(PACKAGE_MAGIC), "header")
    c, offset = _take(data, offset, "content")
    _verify_signed(data, offset, signer, "package", "the expected key")
    header = _load_json(h, "package header", PACKAGE_FORMAT, "package")
    try:
        ephemeral_raw = base64.b64decode(header["ephemeral_key"])
        nonce = base64.b64decode(header["nonce"])
        shared = recipient.exchange(X25519PublicKey.from_public_bytes(ephemeral_raw))
        key = _derive(shared, ephemeral_raw, _raw(recipient.public_key()))
        return header, AESGCM(key).decrypt(nonce, c, h)
    except (KeyError, ValueError, InvalidTag):
        raise EnvelopeError("not_for_us", "package cannot be decrypted with this key") from None


def sign_manifest(body: dict[str, Any], signer: Ed25519PrivateKey) -> bytes:
    """The bureau's side: the signed manifest of what it made from a package."""
    b = _json({**body, "format": MANIFEST_FORMAT})
    data = MANIFEST_MAGIC + _U32.pack(len(b)) + b
    return data + signer.sign(data)


def read_manifest(data: bytes, signer: Ed25519PublicKey) -> dict[str, Any]:
    """The gateway's side: the manifest's body, only when the bureau's own key signed it."""
    if not data.startswith(MANIFEST_MAGIC):
        raise EnvelopeError("malformed", "not an EPBM1 manifest")
    b, offset = _take(data, len(MANIFEST_MAGIC), "manifest")
    _verify_signed(data, offset, signer, "manifest", "the bureau's key")
    return _load_json(b, "manifest", MANIFEST_FORMAT, "manifest")


def load_x25519_public(text: str) -> X25519PublicKey:
    """PEM (SubjectPublicKeyInfo) or base64 of the raw 32 bytes."""
    key = _load_public(text)
    if not isinstance(key, X25519PublicKey):
        raise ValueError("expected an X25519 public key")
    return key


def load_ed25519_public(text: str) -> Ed25519PublicKey:
    key = _load_public(text, ed25519=True)
    if not isinstance(key, Ed25519PublicKey):
        raise ValueError("expected an Ed25519 public key")
    return key


def _load_public(text: str, *, ed25519: bool = False) -> object:
    text = text.strip()
    if text.startswith("-----"):
        return serialization.load_pem_public_key(text.encode())
    raw = base64.b64decode(text, validate=True)
    return Ed25519PublicKey.from_public_bytes(raw) if ed25519 else X25519PublicKey.from_public_bytes(raw)


def public_pem(key: X25519PublicKey | Ed25519PublicKey) -> str:
    return key.public_bytes(
        serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo
    ).decode()
