"""1C's errors in both forms: JSON ``odata.error`` (JSON requests) and XML ``m:error`` (Atom
requests, the change feed). Either way the client keeps 1C's code and message, and an application
error (500, code -1) is not retried."""

from __future__ import annotations

import pytest

from adapters.onec import ODataClient, OneCApplicationError, OneCNotFound
from adapters.onec.http_errors import parse_odata_error
from adapters.onec.mapping import OneCMapping

from .emulator_process import EmulatorProcess

MEMBERS = OneCMapping().members.entity_set


def test_xml_error_body_is_parsed() -> None:
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<m:error xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">'
        '<m:code>6</m:code><m:message xml:lang="ru">Не найден объект метаданных: X</m:message></m:error>'
    ).encode()
    assert parse_odata_error(body) == ("6", "Не найден объект метаданных: X")
    assert parse_odata_error(b"<html><body>Internal Server Error</body></html>") == (None, None)


@pytest.mark.parametrize("fmt", [None, "json"])
def test_not_found_keeps_code_and_message_in_either_form(client: ODataClient, fmt: str | None) -> None:
    with pytest.raises(OneCNotFound) as info:
        client.send("GET", "Catalog_НетТакого", params={"$format": fmt} if fmt else None)
    assert info.value.code == "6" and "Не найден объект метаданных" in (info.value.onec_message or "")


@pytest.mark.parametrize("fmt", [None, "json"])
def test_application_error_is_not_retried_in_either_form(
    emulator: EmulatorProcess, client: ODataClient, fmt: str | None
) -> None:
    emulator.faults(status_500_count=3)
    params = {"$top": 1, **({"$format": fmt} if fmt else {})}
    with pytest.raises(OneCApplicationError) as info:
        client.send("GET", MEMBERS, params=params)
    assert info.value.code == "-1" and "Конфликт блокировок" in (info.value.onec_message or "")
    assert emulator.injected()["500"] == 1  # 1C's own error: asked once
