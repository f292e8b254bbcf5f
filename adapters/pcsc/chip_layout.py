"""How the card payload is laid out in chip memory.

The payload is framed as ``"EPB" | length (1 byte) | payload`` so a reader can tell an encoded card
from a blank one and knows how much to read. Where it goes:

- MIFARE Classic 1K: from block 4 (sector 1) on, 16 bytes a block, skipping every sector trailer
  (block 3 of each sector holds the keys and access bits: writing payload there would brick it);
- MIFARE Ultralight / NTAG: from page 4 (the first user page), 4 bytes a page; when the station has a
  verification link, NTAGs get an NDEF message there instead of this frame (adapters/pcsc/ndef.py);
- ISO 7816-4: from offset 0 of the elementary file selected by its file id inside the application.
"""

from __future__ import annotations

MAGIC = b"EPB"
HEADER_LENGTH = len(MAGIC) + 1
MAX_PAYLOAD = 255


def frame(payload: bytes) -> bytes:
    if len(payload) > MAX_PAYLOAD:
        raise ValueError(f"payload of {len(payload)} bytes exceeds {MAX_PAYLOAD}")
    return MAGIC + bytes([len(payload)]) + payload


def unframe(data: bytes) -> bytes | None:
    """The payload inside ``data``, or None when the chip holds no (complete) card payload."""
    if len(data) < HEADER_LENGTH or not data.startswith(MAGIC):
        return None
    length = data[len(MAGIC)]
    body = data[HEADER_LENGTH : HEADER_LENGTH + length]
    return body if len(body) == length else None


def pad(data: bytes, unit: int) -> bytes:
    return data + bytes(-len(data) % unit)


def mifare_classic_data_blocks(start_block: int, count: int, total_blocks: int = 64) -> list[int]:
    """``count`` data block numbers from ``start_block``, skipping sector trailers and block 0."""
    blocks: list[int] = []
    block = max(start_block, 1)
    while len(blocks) < count:
        if block >= total_blocks:
            raise ValueError(
                f"{count} blocks from block {start_block} do not fit a {total_blocks}-block card"
            )
        if block % 4 != 3:
            blocks.append(block)
        block += 1
    return blocks
