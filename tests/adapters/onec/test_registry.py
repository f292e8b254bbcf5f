"""The registry facade over the emulator: records, reconciliation counts, change feed, push-back."""

from __future__ import annotations

import uuid
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from adapters.onec import (
    CARD_STATUSES,
    MEMBER_CATEGORIES,
    ConnectionSettings,
    PushResult,
    StatusRecord,
    build_registry,
)
from adapters.onec.mapping import OneCMapping
from adapters.onec.registry import ODataRegistry

from .emulator_process import EmulatorProcess

M = OneCMapping()


def test_member_records_are_typed_and_hide_personal_data(registry: ODataRegistry) -> None:
    members = list(registry.iter_members())
    m = next(x for x in members if x.consent and x.left_on is None)
    assert isinstance(m.birth_date, date) and isinstance(m.record_number, int)
    assert m.category in MEMBER_CATEGORIES and m.organisation_ref
    assert m.last_name and m.last_name not in repr(m) and str(m.birth_date) not in repr(m)
    assert any(x.left_on is not None for x in members)
    assert any("ё" in x.last_name.lower() or "ё" in x.first_name.lower() for x in members)
    assert max(len(x.last_name) for x in members) >= 25
    shares = Counter(x.category for x in members)
    total = len(members)
    assert 0.65 < shares["employed"] / total < 0.75
    assert 0.18 < shares["student"] / total < 0.26
    assert 0.03 < shares["not_stated"] / total < 0.09
    assert shares["pensioner"] > 0


def test_organisation_tree(registry: ODataRegistry) -> None:
    orgs = {o.ref: o for o in registry.iter_organisations()}
    kinds = Counter(o.kind for o in orgs.values())
    assert kinds["central"] == 1 and kinds["region"] >= 70 and kinds["primary"] >= kinds["region"]
    primary = next(o for o in orgs.values() if o.kind == "primary")
    assert orgs[primary.parent_ref].kind in ("territorial", "region")
    assert all(o.inn is None or (len(o.inn) == 10 and o.inn.isdigit()) for o in orgs.values())  # unpadded


def test_card_orders_with_lines_and_aware_dates(registry: ODataRegistry) -> None:
    orders = list(registry.iter_card_orders(page_size=50))
    assert orders and all(o.posted for o in orders)
    o = orders[0]
    assert o.date is not None and o.date.tzinfo is not None and o.lines
    assert [line.line_number for line in o.lines] == list(range(1, len(o.lines) + 1))
    assert all(line.member_ref and line.reason for line in o.lines)
    assert len(list(registry.iter_card_orders(posted_only=False))) >= len(orders)


def test_reconciliation_counts(emulator: EmulatorProcess, registry: ODataRegistry) -> None:
    total = registry.count_members()
    active = registry.count_members(active_only=True)
    assert active < total
    by_region = registry.count_members_by_region()
    assert sum(by_region.values()) == active
    assert len(by_region) > 10 and all(len(code) == 2 for code in by_region)
    assert registry.count_card_orders() > 0 and registry.count_organisations() > 80
    assert set(registry.count_statuses()) == set(CARD_STATUSES)


def test_change_feed_carries_every_kind_of_change_until_acknowledged(
    emulator: EmulatorProcess, registry: ODataRegistry
) -> None:
    # Drain anything earlier tests registered.
    pending = registry.select_changes()
    registry.notify_changes_received(None, pending.message_no)
    assert registry.select_changes().size == 0

    moved = emulator.mutate("member_moved")[0]
    left = emulator.mutate("member_left")[0]
    marked = emulator.mutate("member_marked_deleted")[0]
    deleted = emulator.mutate("member_deleted")[0]
    excluded = emulator.mutate("org_excluded")[0]
    order = emulator.mutate("card_order_created")[0]
    renamed = emulator.mutate("member_renamed", count=3)

    batch = registry.select_changes()
    members = {m.ref: m for m in batch.members}
    assert {moved, left, marked, *renamed} <= set(members)
    assert members[left].left_on == datetime.now(ZoneInfo("Europe/Moscow")).date() or members[left].left_on
    assert members[marked].deletion_mark
    assert [(d.kind, d.ref) for d in batch.deleted] == [("member", deleted)]
    assert [o.ref for o in batch.organisations] == [excluded] and batch.organisations[0].excluded_on
    assert [o.ref for o in batch.card_orders] == [order] and batch.card_orders[0].lines

    # Not acknowledged (say the gateway crashed before committing): the same changes come again.
    again = registry.select_changes()
    assert again.message_no == batch.message_no  # the same number until acknowledged
    assert {m.ref for m in again.members} == set(members) and again.deleted == batch.deleted

    registry.notify_changes_received(None, again.message_no)
    assert registry.select_changes().size == 0


def test_data_versions_change_with_the_object(emulator: EmulatorProcess, registry: ODataRegistry) -> None:
    before = {v.ref: v.data_version for v in registry.iter_data_versions("member")}
    changed = emulator.mutate("member_moved", count=5)
    after = {v.ref: v.data_version for v in registry.iter_data_versions("member")}
    assert {ref for ref in before if before[ref] != after.get(ref)} == set(changed)


def _status(member_ref: str, status: str = "issued") -> StatusRecord:
    return StatusRecord(
        card_number=f"9643{uuid.uuid4().int % 10**12:012d}",
        member_ref=member_ref,
        status=status,
        status_at=datetime(2024, 9, 1, 7, 30, 15, 999, tzinfo=UTC),
        issued_on=date(2024, 9, 1),
        idempotency_key=str(uuid.uuid4()),
    )


def _records_for(registry: ODataRegistry, card_number: str) -> list[dict]:
    st = M.statuses
    return registry.client.query(st.entity_set, filter=f"{st.card_number} eq '{card_number}'").rows


def test_push_status_twice_creates_one_record(registry: ODataRegistry) -> None:
    member = next(registry.iter_members(page_size=5)).ref
    record = _status(member)
    assert registry.push_status(record) is PushResult.CREATED
    assert registry.push_status(record) is PushResult.ALREADY_PRESENT
    rows = _records_for(registry, record.card_number)
    assert len(rows) == 1
    st = M.statuses
    # Stored in the server's zone (UTC+3), seconds only; card number padded on the wire, stripped here.
    assert rows[0]["Period"] == "2024-09-01T10:30:15"
    assert rows[0][st.status] == "Выдан" and rows[0][st.card_number] == record.card_number
    # A different status of the same card is a different record.
    refused = StatusRecord(
        card_number=record.card_number,
        member_ref=member,
        status="refused",
        status_at=record.status_at + timedelta(days=1),
        issued_on=None,
        idempotency_key=str(uuid.uuid4()),
    )
    assert registry.push_status(refused) is PushResult.CREATED
    assert len(_records_for(registry, record.card_number)) == 2


def test_push_status_after_a_lost_answer_does_not_duplicate(
    emulator: EmulatorProcess, registry: ODataRegistry
) -> None:
    member = next(registry.iter_members(page_size=5)).ref
    record = _status(member, "produced")
    assert registry.push_status(record) is PushResult.CREATED
    # The outbox did not see the answer (say the worker died) and retries while 1C is flaky.
    emulator.faults(status_406_count=2, drop_count=1)
    assert registry.push_status(record) is PushResult.ALREADY_PRESENT
    assert len(_records_for(registry, record.card_number)) == 1


def test_push_status_while_1c_is_down_raises_retryable(
    emulator: EmulatorProcess, registry: ODataRegistry
) -> None:
    member = next(registry.iter_members(page_size=5)).ref
    record = _status(member, "shipped")
    emulator.faults(down=True)
    with pytest.raises(Exception) as info:
        registry.push_status(record)
    assert getattr(info.value, "retryable", False)
    emulator.reset_faults()
    assert registry.push_status(record) is PushResult.CREATED


def test_push_status_rejects_naive_times_and_unknown_statuses(registry: ODataRegistry) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        registry.push_status(StatusRecord("1", str(uuid.uuid4()), "issued", datetime(2024, 1, 1), None, "k"))
    with pytest.raises(ValueError, match="unknown card status"):
        registry.push_status(
            StatusRecord("1", str(uuid.uuid4()), "lost-in-mail", datetime.now(UTC), None, "k")
        )


def test_registry_from_gateway_like_settings_object(emulator: EmulatorProcess) -> None:
    class Secret:
        def __init__(self, value: str) -> None:
            self._value = value

        def get_secret_value(self) -> str:
            return self._value

    url = emulator.base_url

    class GatewayOneC:  # the shape of gateway.settings.OneCSettings
        base_url = url
        username = "Шлюз"
        password = Secret("эпб-2024")
        server_timezone = "Europe/Moscow"
        push_transport = "odata"
        page_size = 1000
        incremental_minutes = 10.0  # attributes the adapter does not know are ignored

    settings = ConnectionSettings.from_object(GatewayOneC())
    assert "эпб" not in repr(settings)
    reg = build_registry(settings)
    try:
        assert reg.count_members() > 0
    finally:
        reg.close()


def test_every_read_selects_only_mapped_fields(emulator: EmulatorProcess, registry: ODataRegistry) -> None:
    """1C's web server is shared with the union's users: no read asks for a whole object."""
    emulator.recent_requests(clear=True)
    members = list(registry.iter_members(page_size=1000))
    list(registry.iter_organisations())
    orders = list(registry.iter_card_orders(page_size=500))
    list(registry.get_many("member", [m.ref for m in members[:3]]))
    list(registry.get_many("card_order", [o.ref for o in orders[:2]]))
    assert registry.get_member(members[0].ref) is not None
    registry.count_members(active_only=True)
    registry.count_statuses()
    list(registry.iter_data_versions("organisation"))
    reads = [(p, q) for m, p, q in emulator.recent_requests() if m == "GET" and "/odata/" in p]
    assert len(reads) >= 9
    unselected = [(p, q) for p, q in reads if "$select=" not in q and not p.endswith("$metadata")]
    assert unselected == []
    member_select = next(q for p, q in reads if p.endswith(M.members.entity_set) and "$orderby" in q)
    fields = member_select.split("$select=")[1].split("&")[0].split(",")
    assert "Description" not in fields and M.members.last_name in fields and len(fields) == 15
