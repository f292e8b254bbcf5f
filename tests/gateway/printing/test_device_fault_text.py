"""An error the device adapters did not classify still tells the operator which device to check."""

from __future__ import annotations

import requests
from smartcard.Exceptions import CardConnectionException

from gateway.printing.worker import device_fault_ru


def test_a_pcsc_failure_names_the_card_reader() -> None:
    text = device_fault_ru(CardConnectionException("pcscd is gone"))
    assert text.startswith("Считыватель карт недоступен")
    assert "CardConnectionException" not in text


def test_an_unreachable_device_is_said_in_words_not_by_exception_name() -> None:
    for exc in (requests.ConnectionError("refused"), ConnectionRefusedError(111, "refused"), TimeoutError()):
        text = device_fault_ru(exc)
        assert text.startswith("Нет связи с устройством станции"), exc
        assert "Error" not in text


def test_anything_else_stays_an_internal_error_with_its_code_for_support() -> None:
    text = device_fault_ru(ValueError("unexpected"))
    assert text.startswith("Внутренняя ошибка станции") and "ValueError" in text
