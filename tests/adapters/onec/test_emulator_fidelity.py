"""The emulator behaves like recorded 1C:Enterprise 8.3 servers, seen from a plain HTTP client that
builds its own URLs (as third-party 1C clients do): EnterpriseV8 / StandardODATA metadata, Atom by
default, minimal and no metadata JSON, navigation links and GETs, $expand only with $select,
Post/Unpost, SliceLast/SliceFirst, the exchange-plan node's counters, and 1C's session reuse."""

from __future__ import annotations

import io
import uuid
import xml.etree.ElementTree as ET
from datetime import UTC, date, datetime
from typing import Any

import pytest
import requests

from adapters.onec import ODataClient, PushResult, StatusRecord, build_registry
from adapters.onec.atom import FeedEntry, iter_feed
from adapters.onec.mapping import OneCMapping

from .emulator_process import PASSWORD, USER, EmulatorProcess

M = OneCMapping()
MEMBERS = M.members.entity_set
EDM = "{http://schemas.microsoft.com/ado/2009/11/edm}"
NOMETA = "application/json;odata=nometadata"


def _get(emulator: EmulatorProcess, path: str, **params: Any) -> requests.Response:
    response = requests.get(
        emulator.odata_root + path, params=params, auth=(USER.encode(), PASSWORD.encode()), timeout=10
    )
    assert response.status_code == 200, response.text
    return response


def test_metadata_is_shaped_like_1c(emulator: EmulatorProcess) -> None:
    root = ET.fromstring(_get(emulator, "$metadata").content)
    schema = root.find(f".//{EDM}Schema")
    assert schema is not None and schema.get("Namespace") == "StandardODATA"
    container = root.find(f".//{EDM}EntityContainer")
    assert container is not None and container.get("Name") == "EnterpriseV8"
    members = next(t for t in root.iter(f"{EDM}EntityType") if t.get("Name") == MEMBERS)
    props = {p.get("Name"): p.get("Nullable") for p in members.iter(f"{EDM}Property")}
    assert props["Ref_Key"] == "false" and props[M.members.last_name] == "true"
    assert {n.get("Name") for n in members.iter(f"{EDM}NavigationProperty")} == {"Организация"}
    plan = next(t for t in root.iter(f"{EDM}EntityType") if t.get("Name") == M.exchange.plan)
    assert {"SentNo", "ReceivedNo", "ExchangeDate"} <= {p.get("Name") for p in plan.iter(f"{EDM}Property")}
    functions = {f.get("Name") for f in root.iter(f"{EDM}FunctionImport")}
    assert {
        "Post",
        "Unpost",
        "SliceLast",
        "SliceFirst",
        "SelectChanges",
        "NotifyChangesReceived",
    } <= functions


@pytest.mark.parametrize("fmt", [None, "atom"])
def test_atom_by_default_and_on_request(emulator: EmulatorProcess, fmt: str | None) -> None:
    params: dict[str, Any] = {"$top": 2, **({"$format": fmt} if fmt else {})}
    response = _get(emulator, MEMBERS, **params)
    assert response.headers["Content-Type"].startswith("application/atom+xml")
    entries = [e for e in iter_feed(io.BytesIO(response.content)) if isinstance(e, FeedEntry)]
    assert len(entries) == 2 and all(e.entity_set == MEMBERS for e in entries)
    p = entries[0].properties
    assert isinstance(p["DeletionMark"], bool) and isinstance(p[M.members.record_number], str)
    assert entries[0].ref == p["Ref_Key"]


def test_minimal_and_no_metadata_json(emulator: EmulatorProcess) -> None:
    minimal = _get(emulator, MEMBERS, **{"$top": 1, "$format": "json"}).json()
    row = minimal["value"][0]
    assert minimal["odata.metadata"].endswith(f"$metadata#{MEMBERS}")
    assert row["Организация@navigationLinkUrl"] == f"{MEMBERS}(guid'{row['Ref_Key']}')/Организация"
    bare = _get(emulator, MEMBERS, **{"$top": 1, "$format": NOMETA}).json()
    assert "odata.metadata" not in bare and "Организация@navigationLinkUrl" not in bare["value"][0]
    assert bare["value"][0]["Ref_Key"] == row["Ref_Key"]


def test_navigation_get_and_expand_only_with_select(emulator: EmulatorProcess) -> None:
    member = _get(emulator, MEMBERS, **{"$top": 1, "$format": NOMETA}).json()["value"][0]
    org_ref = member[M.members.organisation]
    nav = _get(emulator, f"{MEMBERS}(guid'{member['Ref_Key']}')/Организация", **{"$format": NOMETA}).json()
    assert nav["Ref_Key"] == org_ref and nav["Description"]
    key = f"Ref_Key eq guid'{member['Ref_Key']}'"
    ignored = _get(emulator, MEMBERS, **{"$filter": key, "$expand": "Организация", "$format": NOMETA}).json()
    assert "Организация" not in ignored["value"][0]  # not in $select: 1C does not expand
    expanded = _get(
        emulator,
        MEMBERS,
        **{"$filter": key, "$select": "Ref_Key,Организация", "$expand": "Организация", "$format": NOMETA},
    ).json()["value"][0]
    assert expanded["Организация"]["Ref_Key"] == org_ref and set(expanded) == {"Ref_Key", "Организация"}


def test_unpost_undoes_post(client: ODataClient) -> None:
    co = M.card_orders
    order = client.query(co.entity_set, filter="Posted eq true", top=1, select=["Ref_Key"]).rows[0]
    client.send("POST", f"{co.entity_set}(guid'{order['Ref_Key']}')/Unpost").close()
    assert client.get(co.entity_set, order["Ref_Key"], select=["Posted"])["Posted"] is False
    client.post_document(co.entity_set, order["Ref_Key"])
    assert client.get(co.entity_set, order["Ref_Key"], select=["Posted"])["Posted"] is True


def test_slice_last_and_first(emulator: EmulatorProcess, client: ODataClient) -> None:
    st = M.statuses
    member = client.query(MEMBERS, top=1, select=["Ref_Key"]).rows[0]["Ref_Key"]
    card = f"9643{uuid.uuid4().int % 10**12:012d}"
    registry = build_registry(emulator.settings())
    try:
        for day in (1, 10):
            record = StatusRecord(
                card_number=card,
                member_ref=member,
                status="ordered",
                status_at=datetime(2024, 3, day, 9, 0, tzinfo=UTC),
                issued_on=date(2024, 3, day),
                idempotency_key=str(uuid.uuid4()),
            )
            assert registry.push_status(record) is PushResult.CREATED
    finally:
        registry.close()
    condition = f"{st.card_number} eq '{card}'"

    def periods(fn: str, period: str) -> list[str]:
        args = f"Period=datetime'{period}',Condition='{condition.replace(chr(39), chr(39) * 2)}'"
        return [r["Period"] for r in client.request("GET", f"{st.entity_set}/{fn}({args})")["value"]]

    assert periods("SliceLast", "2024-03-31T00:00:00") == ["2024-03-10T12:00:00"]
    assert periods("SliceLast", "2024-03-05T00:00:00") == ["2024-03-01T12:00:00"]
    assert periods("SliceFirst", "2024-03-05T00:00:00") == ["2024-03-10T12:00:00"]
    assert periods("SliceFirst", "2024-01-01T00:00:00") == ["2024-03-01T12:00:00"]


def test_exchange_node_carries_its_counters(emulator: EmulatorProcess, client: ODataClient) -> None:
    node = client.query(M.exchange.plan, filter=f"Code eq '{M.exchange.node_code}'").rows[0]
    assert {"SentNo", "ReceivedNo", "ExchangeDate", "DeletionMark"} <= set(node)


@pytest.mark.parametrize("reuse", [True, False])
def test_one_1c_session_for_a_client_that_reuses_it(emulator: EmulatorProcess, reuse: bool) -> None:
    before = emulator.counters()
    with ODataClient(emulator.settings(reuse_sessions=reuse)) as c:
        for _ in range(3):
            c.query(MEMBERS, top=1, select=["Ref_Key"])
        assert (c.ib_session is not None) is reuse
    after = emulator.counters()
    opened = after["sessions_opened"] - before["sessions_opened"]
    assert opened == (1 if reuse else 3)
    assert after["sessions_finished"] - before["sessions_finished"] == (1 if reuse else 0)


def test_a_lost_1c_session_is_started_again(emulator: EmulatorProcess) -> None:
    with ODataClient(emulator.settings()) as c:
        c.query(MEMBERS, top=1, select=["Ref_Key"])
        c.session.cookies.clear()
        c.session.cookies.set("ibsession", "forgotten-by-1c", domain="127.0.0.1", path="/registry")
        assert len(c.query(MEMBERS, top=1, select=["Ref_Key"]).rows) == 1
        assert c.ib_session not in (None, "forgotten-by-1c")
