"""The change feed as real 1C serves it (developer guide, «Стандартный интерфейс OData», «Обмен
данными»; recorded traffic of 8.3 servers): root-level ``SelectChanges`` / ``NotifyChangesReceived``
with ``DataExchangePoint``, an Atom answer with typed values, ``m:null``, tabular sections and RFC 6721
tombstones — read by the client, served by the emulator.

The hand-written message is served over real HTTP by a small stand-in of 1C's service root (a stdlib
HTTP server in this process) that answers exactly the recorded shapes and writes the message in two
network chunks, the first ending in the middle of a Cyrillic character.
"""

from __future__ import annotations

import dataclasses
import io
import json
import threading
import tracemalloc
import urllib.parse
from collections.abc import Iterator
from datetime import date
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
import requests

from adapters.onec import ConnectionSettings, OneCExchangeUnavailable, build_registry
from adapters.onec.atom import FeedEntry, FeedTombstone, iter_feed
from adapters.onec.mapping import OneCMapping
from adapters.onec.registry import ODataRegistry

from .emulator_process import PASSWORD, USER, EmulatorProcess

M = OneCMapping()
PLAN = M.exchange.plan
NODE = "4f1c2a6e-9b3d-11ee-8c90-0242ac120002"
ORG = "0a1b2c3d-0000-11ee-8c90-0242ac120002"
MEMBER = "1b2c3d4e-0000-11ee-8c90-0242ac120002"
ORDER = "2c3d4e5f-0000-11ee-8c90-0242ac120002"
GONE_MEMBER = "3d4e5f60-0000-11ee-8c90-0242ac120002"
GONE_ORG = "4e5f6071-0000-11ee-8c90-0242ac120002"
EMPTY = "00000000-0000-0000-0000-000000000000"
SCHEME = 'scheme="http://schemas.microsoft.com/ado/2007/08/dataservices/scheme"'


def _entry(root: str, entity_set: str, ref: str, props: str) -> str:
    return (
        f"<entry><id>{root}{entity_set}(guid'{ref}')</id>"
        f'<category term="StandardODATA.{entity_set}" {SCHEME}/><title type="text"/>'
        f"<updated>2024-03-01T10:00:00</updated><author/><summary/>"
        f'<link rel="edit" href="{entity_set}(guid\'{ref}\')" title="edit-link"/>'
        f'<content type="application/xml"><m:properties>{props}</m:properties></content></entry>'
    )


def handwritten_message(root: str) -> bytes:
    o, mm, co = M.organisations, M.members, M.card_orders
    org = _entry(
        root,
        o.entity_set,
        ORG,
        f"<d:Ref_Key>{ORG}</d:Ref_Key><d:DataVersion>AAAAAQAAAAE=</d:DataVersion>"
        '<d:DeletionMark m:type="Edm.Boolean">false</d:DeletionMark>'
        f'<d:Parent_Key m:type="Edm.Guid">{EMPTY}</d:Parent_Key><d:Code>000000042</d:Code>'
        f"<d:Description>Первичная организация школы № 5</d:Description>"
        f"<d:{o.kind}>{o.kinds['primary']}</d:{o.kind}><d:{o.region_code}>77</d:{o.region_code}>"
        f'<d:{o.inn} m:null="true"/>'
        f'<d:{o.excluded_on} m:type="Edm.DateTime">2024-02-29T00:00:00</d:{o.excluded_on}>',
    )
    member = _entry(
        root,
        mm.entity_set,
        MEMBER,
        f"<d:Ref_Key>{MEMBER}</d:Ref_Key><d:DataVersion>AAAAAgAAAAI=</d:DataVersion>"
        '<d:DeletionMark m:type="Edm.Boolean">false</d:DeletionMark><d:Code>000000000017</d:Code>'
        f"<d:{mm.last_name}>Ёлкина</d:{mm.last_name}><d:{mm.first_name}>Алёна</d:{mm.first_name}>"
        f'<d:{mm.middle_name} m:null="true"/>'
        f'<d:{mm.birth_date} m:type="Edm.DateTime">1990-05-17T00:00:00</d:{mm.birth_date}>'
        f"<d:{mm.category}>{mm.categories['student']}</d:{mm.category}>"
        f'<d:{mm.organisation} m:type="Edm.Guid">{ORG}</d:{mm.organisation}>'
        f'<d:{mm.consent} m:type="Edm.Boolean">true</d:{mm.consent}>'
        f'<d:{mm.consent_date} m:type="Edm.DateTime">2023-09-01T00:00:00</d:{mm.consent_date}>'
        f'<d:{mm.joined_on} m:type="Edm.DateTime">0001-01-01T00:00:00</d:{mm.joined_on}>'
        f'<d:{mm.left_on} m:type="Edm.DateTime">0001-01-01T00:00:00</d:{mm.left_on}>'
        f'<d:{mm.record_number} m:type="Edm.Int64">123456789012</d:{mm.record_number}>',
    )
    lines = "".join(
        f'<d:element><d:LineNumber m:type="Edm.Int64">{n}</d:LineNumber>'
        f'<d:{co.line_member} m:type="Edm.Guid">{ref}</d:{co.line_member}>'
        f"<d:{co.line_reason}>{reason}</d:{co.line_reason}></d:element>"
        for n, ref, reason in ((1, MEMBER, co.reasons["first_issue"]), (2, GONE_MEMBER, co.reasons["lost"]))
    )
    order = _entry(
        root,
        co.entity_set,
        ORDER,
        f"<d:Ref_Key>{ORDER}</d:Ref_Key><d:DataVersion>AAAAAwAAAAM=</d:DataVersion>"
        '<d:DeletionMark m:type="Edm.Boolean">false</d:DeletionMark><d:Number>00000000012</d:Number>'
        '<d:Date m:type="Edm.DateTime">2024-03-01T09:30:00</d:Date><d:Posted m:type="Edm.Boolean">true</d:Posted>'
        f'<d:{co.organisation} m:type="Edm.Guid">{ORG}</d:{co.organisation}><d:{co.comment}/>'
        f'<d:{co.lines_property} m:type="Collection(StandardODATA.{co.lines_entity_set}_RowType)">{lines}'
        f"</d:{co.lines_property}>",
    )
    other = _entry(root, "Catalog_Валюты", "5f607182-0000-11ee-8c90-0242ac120002", "<d:Code>643</d:Code>")
    tombstones = (
        f'<at:deleted-entry ref="{root}{mm.entity_set}(guid\'{GONE_MEMBER}\')" when="2024-03-01T10:00:00+03:00"/>'
        f'<at:deleted-entry ref="{root}{o.entity_set}(guid\'{GONE_ORG}\')" when="2024-03-01T10:00:01+03:00"/>'
    )
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<feed xmlns="http://www.w3.org/2005/Atom" xmlns:at="http://purl.org/atompub/tombstones/1.0" '
        'xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" '
        'xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata" '
        f'xml:base="{root}"><id>{root}SelectChanges</id><title type="text"/>'
        f"<updated>2024-03-01T10:00:02</updated><author/>{org}{member}{other}{order}{tombstones}</feed>"
    ).encode()


def split_in_two(body: bytes) -> tuple[bytes, bytes]:
    """Two parts, the first ending inside a two-byte Cyrillic character."""
    cut = body.index("Ёлкина".encode()) + 1
    return body[:cut], body[cut:]


class _StandIn(BaseHTTPRequestHandler):
    """1C's service root, as far as the change feed goes: the node, SelectChanges, Notify."""

    calls: list[tuple[str, str]]
    message: bytes

    def log_message(self, *args: Any) -> None:
        pass

    def _send(self, status: int, content_type: str, parts: tuple[bytes, ...]) -> None:
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()
        for part in parts:
            self.wfile.write(f"{len(part):x}\r\n".encode() + part + b"\r\n")
            self.wfile.flush()
        self.wfile.write(b"0\r\n\r\n")

    def do_GET(self) -> None:
        self.calls.append(("GET", urllib.parse.unquote(self.path)))
        node = {
            "Ref_Key": NODE,
            "Code": M.exchange.node_code,
            "DeletionMark": False,
            "SentNo": "6",
            "ReceivedNo": "4",
        }
        body = json.dumps({"value": [node]}, ensure_ascii=False).encode()
        self._send(200, "application/json;charset=utf-8", (body,))

    def do_POST(self) -> None:
        self.calls.append(("POST", urllib.parse.unquote(self.path)))
        if "/SelectChanges?" in self.path:
            self._send(200, "application/atom+xml;type=feed;charset=utf-8", split_in_two(self.message))
        else:
            self._send(200, "application/json", ())


@pytest.fixture()
def stand_in() -> Iterator[tuple[ConnectionSettings, list[tuple[str, str]]]]:
    calls: list[tuple[str, str]] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), type("H", (_StandIn,), {"calls": calls}))
    root = f"http://127.0.0.1:{server.server_port}/base/odata/standard.odata/"
    server.RequestHandlerClass.message = handwritten_message(root)  # type: ignore[attr-defined]
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    settings = ConnectionSettings(base_url=f"http://127.0.0.1:{server.server_port}/base", username=USER)
    try:
        yield settings, calls
    finally:
        server.shutdown()
        server.server_close()


def test_handwritten_message_with_every_construct(
    stand_in: tuple[ConnectionSettings, list[tuple[str, str]]],
) -> None:
    settings, calls = stand_in
    registry = build_registry(settings)
    try:
        batch = registry.select_changes()
        registry.notify_changes_received(None, batch.message_no)
    finally:
        registry.close()
    root = f"{settings.base_url}/odata/standard.odata/"
    point = f"DataExchangePoint='{root}{PLAN}(guid'{NODE}')'"
    # ReceivedNo 4 → message 5; the functions are the root's, with the quoted node URL.
    assert ("POST", f"/base/odata/standard.odata/SelectChanges?{point}&MessageNo=5") in calls
    assert ("POST", f"/base/odata/standard.odata/NotifyChangesReceived?{point}&MessageNo=5") in calls
    assert batch.node_ref == NODE and batch.message_no == 5

    (org,) = batch.organisations
    assert org.ref == ORG and org.parent_ref is None and org.code == "000000042"
    assert org.kind == "primary" and org.inn is None and org.excluded_on == date(2024, 2, 29)
    (member,) = batch.members
    assert member.ref == MEMBER and member.last_name == "Ёлкина" and member.middle_name == ""
    assert member.birth_date == date(1990, 5, 17) and member.category == "student" and member.consent
    assert member.joined_on is None and member.left_on is None and member.record_number == 123456789012
    assert member.organisation_ref == ORG and member.data_version == "AAAAAgAAAAI="
    (order,) = batch.card_orders
    assert order.posted and order.date is not None and order.date.tzinfo is not None
    assert [(ln.line_number, ln.member_ref, ln.reason) for ln in order.lines] == [
        (1, MEMBER, "first_issue"),
        (2, GONE_MEMBER, "lost"),
    ]
    assert [(d.kind, d.ref) for d in batch.deleted] == [("member", GONE_MEMBER), ("organisation", GONE_ORG)]
    assert batch.size == 5  # the unmapped Catalog_Валюты entry is skipped


def test_parser_gives_typed_values_in_document_order() -> None:
    root = "http://1c/base/odata/standard.odata/"
    first, second = split_in_two(handwritten_message(root))

    class TwoParts(io.RawIOBase):
        parts = [first, second]

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            if not self.parts:
                return 0
            part = self.parts.pop(0)
            buffer[: len(part)] = part
            return len(part)

    items = list(iter_feed(io.BufferedReader(TwoParts(), buffer_size=1 << 20)))
    kinds = [type(i).__name__ for i in items]
    assert kinds == ["FeedEntry"] * 4 + ["FeedTombstone"] * 2
    member = items[1]
    assert (
        isinstance(member, FeedEntry) and member.entity_set == M.members.entity_set and member.ref == MEMBER
    )
    p = member.properties
    assert p[M.members.consent] is True and p["DeletionMark"] is False and p[M.members.middle_name] is None
    assert p[M.members.record_number] == "123456789012"  # Int64 as JSON gives it
    order = items[3]
    assert isinstance(order, FeedEntry)
    lines = order.properties[M.card_orders.lines_property]
    assert isinstance(lines, list) and [line["LineNumber"] for line in lines] == ["1", "2"]
    assert order.properties[M.card_orders.comment] == ""
    tomb = items[4]
    assert isinstance(tomb, FeedTombstone) and tomb.ref == GONE_MEMBER and tomb.when.startswith("2024-03-01")


def test_parser_memory_is_flat_for_100000_objects() -> None:
    """A message of 100,000 objects is parsed with memory that does not grow with it."""
    root = "http://1c/base/odata/standard.odata/"
    entity_set = M.members.entity_set
    n = 100_000

    class Generated(io.RawIOBase):
        def __init__(self) -> None:
            self.chunks = self._chunks()
            self.pending = b""

        def _chunks(self) -> Iterator[bytes]:
            yield (
                b'<feed xmlns="http://www.w3.org/2005/Atom" xmlns:at="http://purl.org/atompub/tombstones/1.0" '
                b'xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" '
                b'xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">'
            )
            for i in range(n):
                ref = f"00000000-0000-0000-0000-{i:012d}"
                yield _entry(
                    root, entity_set, ref, f"<d:Ref_Key>{ref}</d:Ref_Key><d:Code>{i}</d:Code>"
                ).encode()
            yield b"</feed>"

        def readable(self) -> bool:
            return True

        def readinto(self, buffer: Any) -> int:
            while len(self.pending) < len(buffer):
                chunk = next(self.chunks, None)
                if chunk is None:
                    break
                self.pending += chunk
            out, self.pending = self.pending[: len(buffer)], self.pending[len(buffer) :]
            buffer[: len(out)] = out
            return len(out)

    tracemalloc.start()
    try:
        seen = 0
        for _item in iter_feed(io.BufferedReader(Generated(), buffer_size=64 * 1024)):
            seen += 1
            if seen == 1_000:
                tracemalloc.reset_peak()
                _, start_peak = tracemalloc.get_traced_memory()
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert seen == n
    # The message is ~40 MB; after the first thousand objects the peak may not grow by more than 2 MB.
    assert peak - start_peak < 2 * 2**20, peak - start_peak


# ---- against the emulator ---------------------------------------------------------------------------


def test_emulator_serves_the_recorded_form_and_refuses_the_node_bound_one(
    emulator: EmulatorProcess, registry: ODataRegistry
) -> None:
    node = registry.node_ref()
    root = emulator.odata_root
    auth = (USER.encode(), PASSWORD.encode())
    registry.select_changes()  # whatever earlier tests left
    registry.notify_changes_received(None, registry.node().received_no + 1)
    renamed = emulator.mutate("member_renamed", count=1)[0]
    # Created and deleted: the session's shared emulator keeps its member count for other tests.
    deleted = emulator.mutate("member_deleted", member=emulator.mutate("member_created")[0])[0]

    # ExchangePlan_X(guid'…')/SelectChanges does not exist in 1C: 404 with code 6.
    bound = requests.post(f"{root}{PLAN}(guid'{node}')/SelectChanges?MessageNo=1", auth=auth, timeout=10)
    assert bound.status_code == 404 and b"<m:code>6</m:code>" in bound.content
    assert "Не найден объект метаданных" in bound.text
    bound_json = requests.post(
        f"{root}{PLAN}(guid'{node}')/SelectChanges?MessageNo=1&$format=json", auth=auth, timeout=10
    )
    assert bound_json.status_code == 404 and bound_json.json()["odata.error"]["code"] == "6"

    # The recorded call, as third-party clients of real 1C write it.
    n = registry.node().received_no + 1
    url = f"{root}SelectChanges?DataExchangePoint='{root}{PLAN}(guid'{node}')'&MessageNo={n}"
    # 1C decides the size of a message: $top and $filter are ignored here.
    limited = requests.post(url + "&$top=1&$filter=DeletionMark eq true", auth=auth, timeout=10)
    answer = requests.post(url, auth=auth, timeout=10)
    assert answer.status_code == 200 and answer.headers["Content-Type"].startswith("application/atom+xml")
    items = list(iter_feed(io.BytesIO(answer.content)))
    assert any(isinstance(i, FeedEntry) and i.ref == renamed for i in items)
    assert any(isinstance(i, FeedTombstone) and i.ref == deleted for i in items)
    assert [type(i) for i in iter_feed(io.BytesIO(limited.content))] == [type(i) for i in items]
    ack = requests.post(url.replace("SelectChanges", "NotifyChangesReceived"), auth=auth, timeout=10)
    assert ack.status_code == 200
    assert registry.node().received_no == n and registry.select_changes().size == 0


def test_a_message_holds_what_1c_decides(emulator: EmulatorProcess, registry: ODataRegistry) -> None:
    batch = registry.select_changes()
    registry.notify_changes_received(None, batch.message_no)
    emulator.exchange(message_limit=3)
    try:
        changed = set(emulator.mutate("member_renamed", count=7))
        sizes, seen = [], set()
        while True:
            batch = registry.select_changes()
            if batch.size == 0:
                break
            sizes.append(batch.size)
            seen |= {m.ref for m in batch.members}
            registry.notify_changes_received(None, batch.message_no)
        assert sizes == [3, 3, 1] and seen == changed
    finally:
        emulator.reset_exchange()


@pytest.mark.parametrize(
    ("setup", "reason"),
    [
        ({"published": False}, "functions_not_published"),
        ({"node_deletion_mark": True}, "node_marked_deleted"),
    ],
)
def test_feed_unavailable_is_a_typed_error(
    emulator: EmulatorProcess, registry: ODataRegistry, setup: dict[str, Any], reason: str
) -> None:
    emulator.exchange(**setup)
    try:
        with pytest.raises(OneCExchangeUnavailable) as info:
            registry.select_changes()
        assert info.value.reason == reason
    finally:
        emulator.reset_exchange()


def test_missing_node_is_a_typed_error(emulator: EmulatorProcess) -> None:
    registry = build_registry(emulator.settings(exchange_node="НЕТ-ТАКОГО"))
    try:
        with pytest.raises(OneCExchangeUnavailable) as info:
            registry.select_changes()
        assert info.value.reason == "node_missing"
    finally:
        registry.close()


def test_unpublished_exchange_plan_is_a_typed_error(emulator: EmulatorProcess) -> None:
    other = OneCMapping(exchange=dataclasses.replace(M.exchange, plan="ExchangePlan_НеОпубликован"))
    registry = build_registry(emulator.settings(), other)
    try:
        with pytest.raises(OneCExchangeUnavailable) as info:
            registry.select_changes()
        assert info.value.reason == "plan_not_published"
    finally:
        registry.close()
