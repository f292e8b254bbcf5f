"""ATRs: building the ones the virtual card presents, and telling card types apart by them.

Contactless readers present a storage card (MIFARE Classic, Ultralight, NTAG) with the ATR defined
by PC/SC Part 3 (supplemental document): ``3B 8F 80 01 80 4F 0C A0 00 00 03 06 SS NN NN 00 00 00 00
TCK`` where SS is the card standard and NN NN the card name; the reader then interprets the ``FF``
pseudo-APDUs for it. Any other ATR is an ISO 7816-4 (processor) card that answers APDUs itself.
"""

from __future__ import annotations

import enum
from functools import reduce

PCSC_RID = bytes.fromhex("A000000306")
STANDARD_ISO14443A_PART3 = 0x03
STANDARD_FELICA = 0x11

CARD_NAME_MIFARE_CLASSIC_1K = 0x0001
CARD_NAME_MIFARE_CLASSIC_4K = 0x0002
CARD_NAME_MIFARE_ULTRALIGHT = 0x0003  # readers report NTAG21x under the Ultralight name too
CARD_NAME_FELICA_212K = 0x003B


class ChipKind(enum.StrEnum):
    MIFARE_CLASSIC_1K = "mifare_classic_1k"
    MIFARE_ULTRALIGHT = "mifare_ultralight"  # Ultralight family: Ultralight, Ultralight C, NTAG21x
    ISO7816 = "iso7816"
    UNSUPPORTED = "unsupported"


def _with_tck(body: bytes) -> bytes:
    # TCK makes the XOR of every byte from T0 to TCK zero; required when T=1 is offered.
    return body + bytes([reduce(lambda a, b: a ^ b, body[1:], 0)])


def storage_card_atr(standard: int, card_name: int) -> bytes:
    historical = bytes([0x80, 0x4F, 0x0C]) + PCSC_RID + bytes([standard]) + card_name.to_bytes(2, "big")
    historical += bytes(4)
    return _with_tck(bytes([0x3B, 0x80 | len(historical), 0x80, 0x01]) + historical)


def iso_card_atr(historical: bytes) -> bytes:
    """T=1 ATR of a contactless processor card (ISO 14443-4) with the given historical bytes."""
    if len(historical) > 15:
        raise ValueError("at most 15 historical bytes")
    return _with_tck(bytes([0x3B, 0x80 | len(historical), 0x80, 0x01]) + historical)


def classify_atr(atr: bytes) -> tuple[ChipKind, str]:
    """The chip kind the encoder must treat the card as, and a description for the logs."""
    pcsc_prefix = bytes([0x80, 0x4F, 0x0C]) + PCSC_RID
    position = atr.find(pcsc_prefix)
    if position < 0:
        return ChipKind.ISO7816, "ISO 7816-4 processor card"
    tail = atr[position + len(pcsc_prefix) :]
    if len(tail) < 3:
        return ChipKind.UNSUPPORTED, "truncated PC/SC Part 3 ATR"
    standard, name = tail[0], int.from_bytes(tail[1:3], "big")
    if standard == STANDARD_ISO14443A_PART3 and name == CARD_NAME_MIFARE_CLASSIC_1K:
        return ChipKind.MIFARE_CLASSIC_1K, "MIFARE Classic 1K"
    if standard == STANDARD_ISO14443A_PART3 and name == CARD_NAME_MIFARE_ULTRALIGHT:
        return ChipKind.MIFARE_ULTRALIGHT, "MIFARE Ultralight / NTAG"
    return ChipKind.UNSUPPORTED, f"storage card standard 0x{standard:02X} name 0x{name:04X}"
