"""The full sync's fast match key must equal the one intake matches people by."""

from __future__ import annotations

import datetime as dt

import pytest

from gateway.models import member_match_key
from gateway.sync.upsert import fast_match_key

NAMES = [
    ("Волкова", "Наталья", "Константиновна"),
    ("Ёлкина", "Алёна", None),
    ("  ПЕТРОВА-Водкина ", "Анна\tМария", "Сергеевна  "),
    ("Иванов  Оглы", "", "Ахмед\u00a0оглы"),
    ("ΟΔΥΣΣΕΥΣ", "Σ", "İSTANBUL"),
    ("o'Brien", "Jean-Luc", ""),
]


@pytest.mark.parametrize(("surname", "name", "patronymic"), NAMES)
def test_fast_match_key_equals_the_models_one(surname: str, name: str, patronymic: str | None) -> None:
    born = dt.date(1987, 3, 9)
    assert fast_match_key(surname, name, patronymic, born) == member_match_key(
        surname, name, patronymic, born
    )
