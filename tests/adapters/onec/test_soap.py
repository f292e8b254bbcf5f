"""SOAP push over zeep against the emulator's web service (both ports, overrides, faults, WSDLs)."""

from __future__ import annotations

import dataclasses
import uuid
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
import requests

from adapters.onec import (
    OneCApplicationError,
    OneCAuthError,
    OneCWsdlError,
    PushResult,
    StatusRecord,
    build_registry,
)
from adapters.onec.auth import Utf8BasicAuth
from adapters.onec.emulator.wsdl import BROKEN_SERVICE
from adapters.onec.mapping import OneCMapping
from adapters.onec.odata import make_session
from adapters.onec.soap import SoapStatusClient

from .emulator_process import PASSWORD, USER, EmulatorProcess

M = OneCMapping()


def _member(emulator: EmulatorProcess) -> str:
    reg = build_registry(emulator.settings())
    try:
        return next(reg.iter_members(page_size=1)).ref
    finally:
        reg.close()


def _record(member: str) -> StatusRecord:
    return StatusRecord(
        card_number=f"9643{uuid.uuid4().int % 10**12:012d}",
        member_ref=member,
        status="issued",
        status_at=datetime(2024, 10, 1, 6, 0, tzinfo=UTC),
        issued_on=date(2024, 10, 1),
        idempotency_key=str(uuid.uuid4()),
    )


def test_wsdl_needs_credentials_and_names_an_internal_address(emulator: EmulatorProcess) -> None:
    url = f"{emulator.base_url}/ws/{M.soap.service}?wsdl"
    assert requests.get(url, timeout=5).status_code == 401
    text = requests.get(url, auth=Utf8BasicAuth(USER, PASSWORD), timeout=5).text
    assert "srv-1c-app01.eseur.local" in text and f"{M.soap.service}Soap12" in text


@pytest.mark.parametrize("version", ["1.1", "1.2"])
def test_push_over_each_soap_port_is_idempotent(emulator: EmulatorProcess, version: str) -> None:
    # The WSDL's own address is unreachable: success proves the configured address is used.
    reg = build_registry(emulator.settings(push_transport="soap", soap_version=version))
    try:
        record = _record(_member(emulator))
        assert reg.push_status(record) is PushResult.CREATED
        assert reg.push_status(record) is PushResult.ALREADY_PRESENT
        st = M.statuses
        rows = reg.client.query(st.entity_set, filter=f"{st.card_number} eq '{record.card_number}'").rows
        assert len(rows) == 1 and rows[0]["Period"] == "2024-10-01T09:00:00"
        # Same register as the OData push: an OData push of the same record finds it.
        odata = build_registry(emulator.settings())
        assert odata.push_status(record) is PushResult.ALREADY_PRESENT
        odata.close()
    finally:
        reg.close()


def test_soap_push_carries_the_form_of_the_card(emulator: EmulatorProcess) -> None:
    """A virtual-only «Выдан» pushed over SOAP lands in the register with form «Виртуальная», like
    the OData push: without it 1C would count the member's plastic card as handed out."""
    reg = build_registry(emulator.settings(push_transport="soap", soap_version="1.2"))
    try:
        member = _member(emulator)
        virtual = dataclasses.replace(_record(member), form="virtual")
        plastic = _record(member)
        assert reg.push_status(virtual) is PushResult.CREATED
        assert reg.push_status(plastic) is PushResult.CREATED
        st = M.statuses
        for record, form in ((virtual, "Виртуальная"), (plastic, "Пластиковая")):
            rows = reg.client.query(st.entity_set, filter=f"{st.card_number} eq '{record.card_number}'").rows
            assert [r[st.form] for r in rows] == [form]
    finally:
        reg.close()


def test_soap_fault_maps_to_application_error(emulator: EmulatorProcess) -> None:
    reg = build_registry(emulator.settings(push_transport="soap", soap_version="1.2"))
    try:
        with pytest.raises(OneCApplicationError) as info:
            reg.push_status(_record(str(uuid.uuid4())))  # no such member in 1C
        assert "Не найден член профсоюза" in (info.value.onec_message or "")
    finally:
        reg.close()


def test_unparsable_wsdl_is_a_clear_error(emulator: EmulatorProcess) -> None:
    settings = emulator.settings(soap_wsdl_url=f"{emulator.base_url}/ws/{BROKEN_SERVICE}?wsdl")
    client = SoapStatusClient(settings, M, make_session(settings))
    with pytest.raises(OneCWsdlError) as info:
        client.service()
    message = str(info.value)
    assert settings.soap_wsdl_url in message
    assert "xs:any inside xs:all" in message


@pytest.mark.parametrize(
    ("suffix", "words"),
    [
        ("odata/standard.odata/$metadata", "root element is <Edmx> instead of <wsdl:definitions>"),
        ("odata/standard.odata/?$format=json", "answered JSON"),
    ],
)
def test_a_document_that_is_not_a_wsdl_is_said_so(emulator: EmulatorProcess, suffix: str, words: str) -> None:
    settings = emulator.settings(soap_wsdl_url=f"{emulator.base_url}/{suffix}")
    client = SoapStatusClient(settings, M, make_session(settings))
    with pytest.raises(OneCWsdlError) as info:
        client.service()
    message = str(info.value)
    assert f"the document at {settings.soap_wsdl_url} is not a WSDL" in message and words in message


def test_wsdl_with_wrong_credentials_is_an_auth_error(emulator: EmulatorProcess, tmp_path: Path) -> None:
    # A fresh cache: zeep's in-memory cache is per process and earlier tests filled it.
    settings = emulator.settings(password="wrong", wsdl_cache_path=str(tmp_path / "wsdl.sqlite"))
    with pytest.raises(OneCAuthError):
        SoapStatusClient(settings, M, make_session(settings)).service()


def test_wsdl_is_cached_on_disk(emulator: EmulatorProcess, tmp_path: Path) -> None:
    settings = emulator.settings(wsdl_cache_path=str(tmp_path / "wsdl.sqlite"))
    SoapStatusClient(settings, M, make_session(settings)).service()
    before = emulator.requests_served()
    SoapStatusClient(settings, M, make_session(settings)).service()
    assert emulator.requests_served() == before


def test_soap_lock_conflict_fault_and_406_storm(emulator: EmulatorProcess) -> None:
    reg = build_registry(emulator.settings(push_transport="soap", soap_version="1.2"))
    try:
        record = _record(_member(emulator))
        reg.soap = None
        reg.push_status(_record(_member(emulator)))  # warm the WSDL before injecting faults
        emulator.faults(status_500_count=1)
        with pytest.raises(OneCApplicationError) as info:
            reg.push_status(record)
        assert "Конфликт блокировок" in (info.value.onec_message or "")
        emulator.faults(status_406_count=2)
        assert reg.push_status(record) is PushResult.CREATED
        assert emulator.injected()["406"] == 2
    finally:
        reg.close()


def test_soap_pushes_share_one_1c_session(emulator: EmulatorProcess, tmp_path: Path) -> None:
    """The WSDL and every push of a registry run in one 1C session (IBSession), ended on close."""
    member = _member(emulator)
    before = emulator.counters()
    reg = build_registry(emulator.settings(push_transport="soap", wsdl_cache_path=str(tmp_path / "w.db")))
    for _ in range(3):
        assert reg.push_status(_record(member)) is PushResult.CREATED
    reg.close()
    after = emulator.counters()
    assert after["sessions_opened"] - before["sessions_opened"] == 1
    assert after["sessions_finished"] - before["sessions_finished"] == 1
