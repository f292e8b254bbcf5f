"""MIFARE Classic sector keys of each card, diversified from one master key, and access bits.

Blank cards arrive with the public transport key ``FFFFFFFFFFFF`` in every sector: anyone with a
phone could rewrite them. The encoder therefore gives every sector it writes its own key A and key B,
derived from the master key and the card's UID, so a key read out of one card opens no other card.

Derivation (NXP AN10922 "Symmetric key diversifications", §2.2 AES-128, with CMAC as in NIST
SP 800-38B)::

    M    = UID (4 or 7 bytes) || sector (1 byte) || key type (0x0A for key A, 0x0B for key B)
           || "EPB-MIFARE-CLASSIC" (18 ASCII bytes, the system identifier)
    div  = AES-128-CMAC(master key, 0x01 || M)            (1 + 24..27 bytes: two CMAC blocks, so the
                                                            CMAC padding is exactly AN10922's)
    key  = div[0:6]                                       (MIFARE Classic keys are 48 bits)

The master key is 16 bytes (32 hex digits) from the station's settings (environment only, never the
repository); the derived keys are never logged.

Access bits of a written sector (``ACCESS_BITS``): data blocks are read with key A or B and written
with key B only; the trailer's keys and access bits are writable with key B only, key A is never
readable. So a reader given only key A (a partner checking cards) cannot change the card.
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.ciphers import algorithms
from cryptography.hazmat.primitives.cmac import CMAC

SYSTEM_IDENTIFIER = b"EPB-MIFARE-CLASSIC"
TRANSPORT_KEY = b"\xff" * 6
KEY_A, KEY_B = 0x0A, 0x0B


def an10922_aes128(master_key: bytes, diversification_input: bytes) -> bytes:
    """AN10922 §2.2 AES-128 key diversification: CMAC(K, 0x01 || M), M of 1..31 bytes."""
    if len(master_key) != 16:
        raise ValueError("the master key must be 16 bytes (AES-128)")
    if not 1 <= len(diversification_input) <= 31:
        raise ValueError("AN10922 diversification input must be 1..31 bytes")
    # AN10922 pads 0x01 || M to 32 bytes and XORs K2 (or K1 when already 32): that is what CMAC does
    # to a message of 17..32 bytes, so the standard CMAC gives AN10922's result for those lengths.
    message = b"\x01" + diversification_input
    if len(message) <= 16:
        raise ValueError("diversification input shorter than 16 bytes is padded differently by AN10922")
    cmac = CMAC(algorithms.AES(master_key))
    cmac.update(message)
    return cmac.finalize()


def sector_key(master_key: bytes, uid: bytes, sector: int, key_type: int) -> bytes:
    """The 6-byte key ``key_type`` (``KEY_A`` or ``KEY_B``) of ``sector`` on the card ``uid``."""
    if key_type not in (KEY_A, KEY_B):
        raise ValueError("key type must be KEY_A or KEY_B")
    if len(uid) not in (4, 7, 10):
        raise ValueError("a MIFARE UID has 4, 7 or 10 bytes")
    return an10922_aes128(master_key, uid + bytes([sector, key_type]) + SYSTEM_IDENTIFIER)[:6]


def access_bytes(conditions: tuple[tuple[int, int, int], ...]) -> bytes:
    """Bytes 6..8 of a sector trailer from (C1, C2, C3) of blocks 0, 1, 2 and the trailer (MF1S50)."""
    if len(conditions) != 4:
        raise ValueError("four (C1, C2, C3) triples: blocks 0..2 and the trailer")
    c1 = sum(c[0] << i for i, c in enumerate(conditions))
    c2 = sum(c[1] << i for i, c in enumerate(conditions))
    c3 = sum(c[2] << i for i, c in enumerate(conditions))
    b6 = ((~c2 & 0xF) << 4) | (~c1 & 0xF)
    b7 = (c1 << 4) | (~c3 & 0xF)
    b8 = (c3 << 4) | c2
    return bytes([b6, b7, b8])


def access_conditions(access: bytes) -> tuple[tuple[int, int, int], ...] | None:
    """The (C1, C2, C3) triples of bytes 6..8, or None when the inverted copies do not match."""
    b6, b7, b8 = access[:3]
    c1, c2, c3 = b7 >> 4, b8 & 0xF, b8 >> 4
    if (b6 & 0xF) != (~c1 & 0xF) or (b6 >> 4) != (~c2 & 0xF) or (b7 & 0xF) != (~c3 & 0xF):
        return None
    return tuple(((c1 >> i) & 1, (c2 >> i) & 1, (c3 >> i) & 1) for i in range(4))


# Data blocks 100 (read A|B, write B); trailer 011 (keys and access bits written with key B, key A
# never readable, access bits readable with A|B).
ACCESS_BITS = access_bytes(((1, 0, 0), (1, 0, 0), (1, 0, 0), (0, 1, 1)))
TRANSPORT_ACCESS_BITS = access_bytes(((0, 0, 0), (0, 0, 0), (0, 0, 0), (0, 0, 1)))  # FF 07 80
GENERAL_PURPOSE_BYTE = 0x69


@dataclass(frozen=True, slots=True)
class SectorKeys:
    key_a: bytes
    key_b: bytes

    def trailer(self) -> bytes:
        return self.key_a + ACCESS_BITS + bytes([GENERAL_PURPOSE_BYTE]) + self.key_b

    def __repr__(self) -> str:  # keys must never reach a log line through a repr
        return "SectorKeys(<secret>)"


class KeyDiversifier:
    """Derives the keys of a card's sectors; holds the master key, shows it to nobody."""

    def __init__(self, master_key: bytes) -> None:
        if len(master_key) != 16:
            raise ValueError("the MIFARE master key must be 16 bytes (32 hex digits)")
        self._master = master_key

    def keys(self, uid: bytes, sector: int) -> SectorKeys:
        return SectorKeys(
            sector_key(self._master, uid, sector, KEY_A), sector_key(self._master, uid, sector, KEY_B)
        )

    def __repr__(self) -> str:
        return "KeyDiversifier(<secret>)"
