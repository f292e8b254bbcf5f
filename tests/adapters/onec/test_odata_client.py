"""The OData client against the emulator over real HTTP: quirks, keys, writes, errors."""

from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest
import requests

from adapters.onec import (
    ODataClient,
    OneCAuthError,
    OneCBadRequest,
    OneCNotFound,
    OneCPreconditionFailed,
)
from adapters.onec.auth import Utf8BasicAuth
from adapters.onec.mapping import OneCMapping

from .emulator_process import PASSWORD, USER, EmulatorProcess

M = OneCMapping()
MEMBERS = M.members.entity_set


def raw_get(emulator: EmulatorProcess, path: str) -> requests.Response:
    return requests.get(emulator.odata_root + path, auth=Utf8BasicAuth(USER, PASSWORD), timeout=10)


def test_cyrillic_user_authenticates(client: ODataClient) -> None:
    assert len(client.query(MEMBERS, top=1).rows) == 1


def test_wrong_password_is_an_auth_error_and_not_retried(emulator: EmulatorProcess) -> None:
    before = emulator.requests_served()
    with ODataClient(emulator.settings(password="wrong")) as c, pytest.raises(OneCAuthError) as info:
        c.query(MEMBERS, top=1)
    assert info.value.status == 401
    assert emulator.requests_served() - before == 1


def test_wire_quirks_arrive_raw_and_are_normalised(emulator: EmulatorProcess, client: ODataClient) -> None:
    f = M.members
    filt = f"{f.left_on} eq datetime'0001-01-01T00:00:00' and {f.consent} eq false"
    raw = raw_get(emulator, f"{MEMBERS}?$format=json&$top=1&$filter={filt}").json()["value"][0]
    # What 1C sends: padded code, Int64 as a string, the empty date.
    assert raw["Code"].endswith("  ") and raw["Code"] == raw["Code"].rstrip().ljust(12)
    assert isinstance(raw[f.record_number], str) and raw[f.record_number].isdigit()
    assert raw[f.left_on] == "0001-01-01T00:00:00"
    assert raw[f.consent_date] == "0001-01-01T00:00:00"
    row = client.query(MEMBERS, top=1, filter=filt).rows[0]
    assert row["Ref_Key"] == raw["Ref_Key"]
    assert row["Code"] == raw["Code"].rstrip()
    assert row[f.left_on] is None and row[f.consent_date] is None


def test_empty_reference_becomes_none(client: ODataClient) -> None:
    org = M.organisations
    top = client.query(org.entity_set, filter=f"{org.kind} eq '{org.kinds['central']}'").rows
    assert len(top) == 1 and top[0]["Parent_Key"] is None


def test_inlinecount_is_a_string_on_the_wire(emulator: EmulatorProcess, client: ODataClient) -> None:
    raw = raw_get(emulator, f"{MEMBERS}?$format=json&$top=1&$inlinecount=allpages").json()
    assert raw["odata.count"] == str(emulator.members)
    assert client.count(MEMBERS) == emulator.members


def test_without_top_the_whole_table_is_returned(emulator: EmulatorProcess, client: ODataClient) -> None:
    assert len(client.query(MEMBERS, select=["Ref_Key"]).rows) == emulator.members


def test_select_filter_orderby_top_skip(client: ODataClient) -> None:
    f = M.members
    rows = client.query(
        MEMBERS,
        select=["Ref_Key", f.record_number],
        orderby=f"{f.record_number} desc",
        top=5,
        skip=2,
        filter=f"{f.category} eq '{f.categories['student']}'",
    ).rows
    assert [set(r) for r in rows] == [{"Ref_Key", f.record_number}] * 5
    numbers = [int(r[f.record_number]) for r in rows]
    assert numbers == sorted(numbers, reverse=True)
    first_page = client.query(
        MEMBERS,
        select=["Ref_Key"],
        orderby=f"{f.record_number} desc",
        top=7,
        filter=f"{f.category} eq '{f.categories['student']}'",
    ).rows
    assert [r["Ref_Key"] for r in first_page[2:]] == [r["Ref_Key"] for r in rows]


def test_get_by_guid_key(client: ODataClient) -> None:
    ref = client.query(MEMBERS, top=1).rows[0]["Ref_Key"]
    assert client.get(MEMBERS, ref)["Ref_Key"] == ref
    with pytest.raises(OneCNotFound) as info:
        client.get(MEMBERS, "11111111-2222-3333-4444-555555555555")
    assert info.value.code is not None and info.value.onec_message


def test_unsupported_filter_function_maps_odata_error(client: ODataClient) -> None:
    with pytest.raises(OneCBadRequest) as info:
        client.query(MEMBERS, filter=f"tolower({M.members.last_name}) eq 'x'")
    assert info.value.status == 400 and info.value.code == "9"
    assert "tolower" in (info.value.onec_message or "")


def test_unpublished_entity_set_is_not_found(client: ODataClient) -> None:
    with pytest.raises(OneCNotFound):
        client.query("Catalog_НетТакого", top=1)


def test_post_patch_if_match_and_412(client: ODataClient) -> None:
    f = M.members
    org_ref = client.query(
        M.organisations.entity_set,
        top=1,
        filter=f"{M.organisations.kind} eq '{M.organisations.kinds['primary']}'",
    ).rows[0]["Ref_Key"]
    created = client.create(
        MEMBERS,
        {
            "Description": "Тестова Анна",
            f.last_name: "Тестова",
            f.first_name: "Анна",
            f.middle_name: "",
            f.organisation: org_ref,
            f.consent: True,
            f.birth_date: "1990-01-02T00:00:00",
            f.category: f.categories["employed"],
            f.record_number: "999000000001",
        },
    )
    ref, version = created["Ref_Key"], created["DataVersion"]
    assert created[f.last_name] == "Тестова" and created[f.left_on] is None
    updated = client.update(MEMBERS, ref, {f.first_name: "Алёна"}, if_match=version)
    assert updated[f.first_name] == "Алёна" and updated["DataVersion"] != version
    with pytest.raises(OneCPreconditionFailed) as info:
        client.update(MEMBERS, ref, {f.first_name: "Анна"}, if_match=version)  # stale version
    assert info.value.status == 412
    client.update(MEMBERS, ref, {"DeletionMark": True})
    assert client.get(MEMBERS, ref)["DeletionMark"] is True
    client.delete(MEMBERS, ref)
    with pytest.raises(OneCNotFound):
        client.get(MEMBERS, ref)


def test_document_post(client: ODataClient) -> None:
    co = M.card_orders
    draft = client.query(co.entity_set, filter="Posted eq false", top=1).rows[0]
    client.post_document(co.entity_set, draft["Ref_Key"])
    assert client.get(co.entity_set, draft["Ref_Key"])["Posted"] is True


def test_tabular_section_is_its_own_entity_set_with_compound_key(client: ODataClient) -> None:
    co = M.card_orders
    order = client.query(co.entity_set, top=1).rows[0]
    lines = client.query(co.lines_entity_set, filter=f"Ref_Key eq guid'{order['Ref_Key']}'").rows
    assert [line[co.line_member] for line in lines] == [
        line[co.line_member] for line in order[co.lines_property]
    ]
    line = client.get_by_key(co.lines_entity_set, {"Ref_Key": order["Ref_Key"], "LineNumber": 1})
    assert line["LineNumber"] == "1"  # Int64, still a string at this layer


def test_metadata_lists_the_published_sets(client: ODataClient) -> None:
    root = ET.fromstring(client.metadata())
    names = {e.get("Name") for e in root.iter("{http://schemas.microsoft.com/ado/2009/11/edm}EntitySet")}
    assert {MEMBERS, M.organisations.entity_set, M.statuses.entity_set, M.exchange.plan} <= names
    assert client.metadata() is client.metadata()  # fetched once
