"""Chip settings: the NTAG link must fit an NTAG213, the MIFARE master key is an AES-128 key that
never shows in a repr or the settings dump."""

from __future__ import annotations

import pytest
from pydantic import ValidationError

from gateway.printing.settings import EncoderSettingsModel, PrintingSettings


def test_link_template_must_fit_an_ntag213() -> None:
    assert PrintingSettings(chip_link_template="https://cards.eseur.ru/v/{card_number}")
    with pytest.raises(ValidationError, match="NTAG213"):
        PrintingSettings(chip_link_template="https://profsoyuz-obrazovaniya.example.ru/verify/{card_number}")
    with pytest.raises(ValidationError, match="card_number"):
        PrintingSettings(chip_link_template="https://cards.eseur.ru/v/")


def test_master_key_is_32_hex_digits_and_stays_secret() -> None:
    key = "00112233445566778899AABBCCDDEEFF"
    model = EncoderSettingsModel(kind="pcsc", mifare_master_key=key.lower())
    assert model.mifare_master_key is not None and model.mifare_master_key.get_secret_value() == key
    assert key not in repr(model) and key.lower() not in str(model.model_dump())
    with pytest.raises(ValidationError, match="32 hexadecimal"):
        EncoderSettingsModel(kind="pcsc", mifare_master_key="FFFFFFFFFFFF")
    assert EncoderSettingsModel(kind="pcsc", mifare_master_key="").mifare_master_key is None
