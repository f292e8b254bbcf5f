"""NDEF on NFC Forum Type 2 tags (NTAG21x): the verification link a phone opens, and the payload.

What the encoder writes from page 4 (NFC Forum Type 2 Tag spec, NDEF TLV ``03 len value`` then the
terminator TLV ``FE``)::

    03 L  [record 1: URI, NFC Forum well-known type "U"]      the link a phone opens
          [record 2: TNF 0x05 "unknown", no type]             the signed chip payload (95 bytes)
    FE

A phone dispatches on the first record and opens the link; it ignores the second. The gateway's
reader takes the payload from the second record. Short records (SR) throughout, so each record's
payload is at most 255 bytes. NTAG213 has 144 bytes: 106 bytes of framing and payload leave 38 bytes
for the link after its scheme (``https://`` is one byte, prefix code 0x04).
"""

from __future__ import annotations

from dataclasses import dataclass

NDEF_TLV = 0x03
TERMINATOR_TLV = 0xFE
NULL_TLV = 0x00
CC_MAGIC = 0xE1

# URI identifier codes (NFC Forum URI RTD), longest first so the best one is chosen.
URI_PREFIXES: tuple[tuple[int, str], ...] = (
    (0x02, "https://www."),
    (0x01, "http://www."),
    (0x04, "https://"),
    (0x03, "http://"),
)

_MB, _ME, _SR = 0x80, 0x40, 0x10
TNF_WELL_KNOWN, TNF_UNKNOWN = 0x01, 0x05


class NdefError(ValueError):
    """Not an NDEF message this encoder wrote (malformed, truncated or without our records)."""


@dataclass(frozen=True, slots=True)
class ChipNdef:
    uri: str
    payload: bytes


def uri_record_payload(uri: str) -> bytes:
    for code, prefix in URI_PREFIXES:
        if uri.startswith(prefix):
            return bytes([code]) + uri[len(prefix) :].encode("utf-8")
    return b"\x00" + uri.encode("utf-8")


def _short_record(flags: int, record_type: bytes, payload: bytes) -> bytes:
    if len(payload) > 255:
        raise NdefError(f"record payload of {len(payload)} bytes needs a long record")
    return bytes([flags | _SR, len(record_type), len(payload)]) + record_type + payload


def message(uri: str, payload: bytes) -> bytes:
    """The NDEF message: the URI record, then the payload record."""
    return _short_record(_MB | TNF_WELL_KNOWN, b"U", uri_record_payload(uri)) + _short_record(
        _ME | TNF_UNKNOWN, b"", payload
    )


def tlv(ndef_message: bytes) -> bytes:
    """Type 2 Tag memory from page 4: the NDEF TLV and the terminator."""
    length = len(ndef_message)
    head = bytes([NDEF_TLV, length]) if length < 0xFF else bytes([NDEF_TLV, 0xFF]) + length.to_bytes(2, "big")
    return head + ndef_message + bytes([TERMINATOR_TLV])


def encode(uri: str, payload: bytes) -> bytes:
    return tlv(message(uri, payload))


def capacity(cc: bytes) -> int | None:
    """Data area size in bytes from the capability container (page 3), None when the tag has none."""
    if len(cc) < 4 or cc[0] != CC_MAGIC:
        return None
    return cc[2] * 8


def message_length(memory: bytes) -> int | None:
    """Total bytes of the TLVs up to and including the terminator, None when not (yet) complete."""
    position = 0
    while position < len(memory):
        tag = memory[position]
        if tag == NULL_TLV:
            position += 1
            continue
        if tag == TERMINATOR_TLV:
            return position + 1
        if position + 1 >= len(memory):
            return None
        length = memory[position + 1]
        header = 2
        if length == 0xFF:
            if position + 3 >= len(memory):
                return None
            length, header = int.from_bytes(memory[position + 2 : position + 4], "big"), 4
        position += header + length
    return None


def parse(memory: bytes) -> ChipNdef:
    """The link and the payload from Type 2 Tag memory (page 4 on)."""
    position = 0
    while position < len(memory) and memory[position] == NULL_TLV:
        position += 1
    if position + 2 > len(memory) or memory[position] != NDEF_TLV:
        raise NdefError("no NDEF message TLV")
    length, position = memory[position + 1], position + 2
    if length == 0xFF:
        length, position = int.from_bytes(memory[position : position + 2], "big"), position + 2
    body = memory[position : position + length]
    if len(body) != length:
        raise NdefError("NDEF message truncated")
    records: list[tuple[int, bytes, bytes]] = []
    offset = 0
    while offset < len(body):
        flags = body[offset]
        if not flags & _SR or offset + 3 > len(body):
            raise NdefError("unexpected NDEF record layout")
        type_length, payload_length = body[offset + 1], body[offset + 2]
        start = offset + 3
        record_type = body[start : start + type_length]
        payload = body[start + type_length : start + type_length + payload_length]
        if len(payload) != payload_length:
            raise NdefError("NDEF record truncated")
        records.append((flags & 0x07, record_type, payload))
        offset = start + type_length + payload_length
        if flags & _ME:
            break
    if len(records) != 2 or records[0][:2] != (TNF_WELL_KNOWN, b"U") or records[1][0] != TNF_UNKNOWN:
        raise NdefError("NDEF message is not a link followed by a card payload")
    code, rest = records[0][2][0], records[0][2][1:]
    prefix = next((p for c, p in URI_PREFIXES if c == code), "")
    return ChipNdef(prefix + rest.decode("utf-8", "replace"), records[1][2])
