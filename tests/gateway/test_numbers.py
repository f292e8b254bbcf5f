from __future__ import annotations

import pytest

from card_printing.numbers import (
    compose_card_number,
    format_card_number,
    is_valid_card_number,
    luhn_check_digit,
    number_prefix,
)
from gateway.cards.numbering import allocate_numbers
from gateway.settings import NumberScheme


def test_luhn_known_values() -> None:
    # Classic test numbers from payment-card documentation.
    assert luhn_check_digit("7992739871") == "3"
    assert is_valid_card_number("4111111111111111")
    assert not is_valid_card_number("4111111111111112")
    assert not is_valid_card_number("411111111111111")
    assert not is_valid_card_number("41111111111111a1")


def test_every_single_digit_typo_is_caught() -> None:
    number = compose_card_number("96430077", 42)
    for pos in range(16):
        for d in "0123456789":
            if d != number[pos]:
                assert not is_valid_card_number(number[:pos] + d + number[pos + 1 :])


def test_scheme_layout() -> None:
    scheme = NumberScheme()
    prefix = number_prefix(scheme.issuer_prefix, "7", scheme.region_digits)
    assert prefix == "96430007"
    number = compose_card_number(prefix, 123)
    assert number.startswith("964300070000123") and len(number) == 16 and is_valid_card_number(number)
    assert format_card_number(number) == f"{number[:4]} {number[4:8]} {number[8:12]} {number[12:]}"
    with pytest.raises(OverflowError):
        compose_card_number(prefix, 10**7)
    with pytest.raises(ValueError):
        number_prefix(scheme.issuer_prefix, "777", 2)


def test_allocation_moves_forward_per_region(db) -> None:  # type: ignore[no-untyped-def]
    scheme = NumberScheme()
    a = allocate_numbers(db, scheme, "77", 3)
    b = allocate_numbers(db, scheme, "77", 2)
    c = allocate_numbers(db, scheme, "50", 1)
    seqs = [int(n[8:15]) for n in a + b]
    assert seqs == sorted(seqs) and len(set(seqs)) == 5
    assert all(n.startswith("96430077") for n in a + b) and c[0].startswith("96430050")
    assert all(is_valid_card_number(n) for n in a + b + c)


def test_exhausted_range_is_a_clear_error(db) -> None:  # type: ignore[no-untyped-def]
    from gateway.errors import DomainError

    # 13 prefix digits leave a 2-digit sequence: 99 numbers per region.
    scheme = NumberScheme(issuer_prefix="96430012345", region_digits=2)
    allocate_numbers(db, scheme, "11", 99)
    with pytest.raises(DomainError) as exc:
        allocate_numbers(db, scheme, "11", 1)
    assert exc.value.code == "number_range_exhausted"
