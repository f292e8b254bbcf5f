"""What goes on one card: the plain data the renderer, the payload and the encoder work from.

Kept free of any database type so the print station can build it from whatever it loaded and the
renderer can be benchmarked and tested on its own.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

CARD_NUMBER_LENGTH = 16


def luhn_is_valid(number: str) -> bool:
    """True when the last digit of ``number`` is its Luhn check digit."""
    if not number.isdigit():
        return False
    total = 0
    for index, char in enumerate(reversed(number)):
        digit = int(char)
        if index % 2 == 1:
            digit *= 2
            if digit > 9:
                digit -= 9
        total += digit
    return total % 10 == 0


def format_card_number(number: str) -> str:
    """Groups of four digits, as the number is printed and read aloud: ``1234 5678 9012 3456``."""
    return " ".join(number[i : i + 4] for i in range(0, len(number), 4))


@dataclass(frozen=True, slots=True)
class CardData:
    """One member's card as it is printed and encoded.

    ``payload`` is the signed payload text (see ``card_printing.payload``) that the QR code carries;
    the chip carries the same payload in binary form.
    """

    card_number: str
    surname: str
    name: str
    patronymic: str
    organisation_name: str
    region_name: str
    issue_date: dt.date
    member_ref: uuid.UUID
    payload: str
    # Public base URL of the verification page: the QR code then holds <link_base>/v/<payload>, so
    # a phone camera opens the page; empty: the payload text alone.
    link_base: str = ""

    def __post_init__(self) -> None:
        if len(self.card_number) != CARD_NUMBER_LENGTH or not self.card_number.isdigit():
            raise ValueError(f"card number must be {CARD_NUMBER_LENGTH} digits, got {self.card_number!r}")
        if not luhn_is_valid(self.card_number):
            raise ValueError(f"card number {self.card_number} fails its Luhn check digit")

    @property
    def given_names(self) -> str:
        """Name and patronymic on one line, as Russian documents print them under the surname."""
        return " ".join(part for part in (self.name, self.patronymic) if part)

    @property
    def qr_text(self) -> str:
        if not self.link_base:
            return self.payload
        return f"{self.link_base.rstrip('/')}/v/{self.payload}"

    @property
    def full_name(self) -> str:
        return " ".join(part for part in (self.surname, self.name, self.patronymic) if part)

    @property
    def card_number_formatted(self) -> str:
        return format_card_number(self.card_number)

    @property
    def issue_date_text(self) -> str:
        return self.issue_date.strftime("%d.%m.%Y")

    def field_value(self, field: str) -> str:
        """The text of a template field by its name in the card template."""
        try:
            getter = _FIELD_GETTERS[field]
        except KeyError:
            known = ", ".join(sorted(_FIELD_GETTERS))
            raise KeyError(f"unknown card field {field!r}; known: {known}") from None
        return getter(self)


_FIELD_GETTERS = {
    "card_number": lambda c: c.card_number,
    "card_number_formatted": lambda c: c.card_number_formatted,
    "surname": lambda c: c.surname,
    "name": lambda c: c.name,
    "patronymic": lambda c: c.patronymic,
    "given_names": lambda c: c.given_names,
    "full_name": lambda c: c.full_name,
    "organisation_name": lambda c: c.organisation_name,
    "region_name": lambda c: c.region_name,
    "issue_date": lambda c: c.issue_date_text,
    "payload": lambda c: c.qr_text,
}

CARD_FIELDS = frozenset(_FIELD_GETTERS)
