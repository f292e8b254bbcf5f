"""16-digit card numbers in the ISO/IEC 7812 style: payload digits plus a Luhn check digit.

Layout (widths from ``[numbers]`` in config/gateway.toml):
``issuer_prefix | region code | sequence | check digit``, e.g. ``964300 77 0000042 x``.
"""

from __future__ import annotations

CARD_NUMBER_LENGTH = 16


def luhn_check_digit(payload: str) -> str:
    """The digit that makes ``payload + digit`` pass the Luhn check."""
    total = 0
    # Walk right to left; the digit next to the (future) check digit is doubled.
    for i, ch in enumerate(reversed(payload)):
        d = ord(ch) - 48
        if i % 2 == 0:
            d *= 2
            if d > 9:
                d -= 9
        total += d
    return str((10 - total % 10) % 10)


def is_valid_card_number(number: str) -> bool:
    if len(number) != CARD_NUMBER_LENGTH or not number.isdigit():
        return False
    return luhn_check_digit(number[:-1]) == number[-1]


def number_prefix(issuer_prefix: str, region_code: str, region_digits: int) -> str:
    if not region_code.isdigit() or len(region_code) > region_digits:
        raise ValueError(f"region code {region_code!r} does not fit {region_digits} digits")
    return issuer_prefix + region_code.zfill(region_digits)


def compose_card_number(prefix: str, sequence: int) -> str:
    width = CARD_NUMBER_LENGTH - 1 - len(prefix)
    if sequence < 0 or sequence >= 10**width:
        raise OverflowError(f"sequence {sequence} exceeds {width} digits for prefix {prefix}")
    payload = f"{prefix}{sequence:0{width}d}"
    return payload + luhn_check_digit(payload)


def format_card_number(number: str) -> str:
    """Groups of four, as printed on the card: ``9643 0077 0000 0421``."""
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))
