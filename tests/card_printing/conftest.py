"""Fixtures for card rendering, payload and pipeline tests: a signing key and a card factory."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from collections.abc import Callable

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from card_printing import payload
from card_printing.card_data import CardData, luhn_is_valid
from card_printing.render import CardRenderer, renderer_for

_serial = itertools.count(1)


def luhn_complete(prefix15: str) -> str:
    return next(prefix15 + d for d in "0123456789" if luhn_is_valid(prefix15 + d))


@pytest.fixture(scope="session")
def signing_key() -> Ed25519PrivateKey:
    return payload.generate_private_key()


@pytest.fixture(scope="session")
def renderer() -> CardRenderer:
    return renderer_for("union_default")


CardFactory = Callable[..., CardData]


@pytest.fixture
def make_card(signing_key: Ed25519PrivateKey) -> CardFactory:
    def factory(**overrides: object) -> CardData:
        number = str(overrides.pop("card_number", "")) or luhn_complete(f"42760000{next(_serial):07d}")
        member_ref = overrides.pop("member_ref", None) or uuid.uuid4()
        issue_date = overrides.pop("issue_date", None) or dt.date(2024, 9, 1)
        signed = payload.sign(payload.CardPayload(number, member_ref, issue_date), signing_key)  # type: ignore[arg-type]
        fields: dict[str, object] = {
            "card_number": number,
            "surname": "Иванова",
            "name": "Мария",
            "patronymic": "Петровна",
            "organisation_name": "Первичная профсоюзная организация МБОУ «Средняя школа № 17»",
            "region_name": "Красноярская краевая организация Профсоюза",
            "issue_date": issue_date,
            "member_ref": member_ref,
            "payload": signed.text,
        }
        fields.update(overrides)
        return CardData(**fields)  # type: ignore[arg-type]

    return factory
