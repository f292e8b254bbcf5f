"""The gateway's 1C services against the in-memory ``FakeRegistry``: fast unit tests of the outbox,
the incremental sync (change feed and DataVersion fallback) and reconciliation.

The database is real PostgreSQL with real commits (the services commit page by page); only 1C is
the in-memory double. What 1C says on the wire is tested against the emulator elsewhere.
"""

from __future__ import annotations

import datetime as dt
import inspect
import uuid
from collections.abc import Iterator
from dataclasses import replace

import pytest
from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session, sessionmaker

from adapters.onec import (
    CardOrderLine,
    CardOrderRecord,
    MemberRecord,
    ODataRegistry,
    OneCUnavailable,
    OrgRecord,
    Registry,
)
from adapters.onec.fake import FakeRegistry
from gateway.db.session import make_sessionmaker
from gateway.models import CardOrder, Member, OneCOrderLine, OrderState, OutboxMessage, OutboxState, SyncRun
from gateway.settings import Settings
from gateway.sync.full import run_full_sync
from gateway.sync.incremental import run_incremental_sync
from gateway.sync.outbox import deliver_outbox
from gateway.sync.reconcile import reconciliation_report
from tests.conftest import make_test_settings, truncate_all

NS = uuid.UUID("1b0f6c55-43a4-4bde-9f1e-3d6f2a1c0b7e")


def ref(name: str) -> str:
    return str(uuid.uuid5(NS, name))


def org(name: str, kind: str, parent: str | None = None, region_code: str | None = None) -> OrgRecord:
    return OrgRecord(
        ref=ref(name),
        parent_ref=ref(parent) if parent else None,
        code=name[:9],
        name=f"Организация {name}",
        kind=kind,
        region_code=region_code,
        inn=None,
        excluded_on=None,
        deletion_mark=False,
        data_version="",
    )


def member(n: int, organisation: str) -> MemberRecord:
    return MemberRecord(
        ref=ref(f"member-{n}"),
        organisation_ref=ref(organisation),
        code=f"{n:09d}",
        last_name="Иванова",
        first_name="Мария",
        middle_name="Петровна",
        birth_date=dt.date(1980, 1, 1 + n % 28),
        category="employed",
        consent=True,
        consent_date=dt.date(2020, 1, 1),
        joined_on=dt.date(2010, 1, 1),
        left_on=None,
        record_number=n,
        deletion_mark=False,
        data_version="",
    )


def document(number: str, organisation: str, members: list[int]) -> CardOrderRecord:
    return CardOrderRecord(
        ref=ref(f"doc-{number}"),
        number=number,
        date=dt.datetime(2026, 11, 1, 10, 0, tzinfo=dt.UTC),
        posted=True,
        organisation_ref=ref(organisation),
        comment="",
        deletion_mark=False,
        data_version="",
        lines=tuple(
            CardOrderLine(line_number=i + 1, member_ref=ref(f"member-{m}"), reason="first_issue")
            for i, m in enumerate(members)
        ),
    )


def union_registry() -> FakeRegistry:
    """Two regions, two primary organisations, 20 members, one posted card-order document."""
    fake = FakeRegistry()
    fake.put(
        org("central", "central"),
        org("r77", "region", "central", "77"),
        org("r50", "region", "central", "50"),
        # 1C keeps the region code on every organisation (the gateway keeps it on regions only).
        org("p77", "primary", "r77", "77"),
        org("p50", "primary", "r50", "50"),
    )
    fake.put(*(member(n, "p77" if n < 12 else "p50") for n in range(20)))
    fake.put(document("A-1", "p77", [0, 1, 2]))
    return fake


class Env:
    def __init__(self, engine: Engine, factory: sessionmaker[Session], settings: Settings) -> None:
        self.engine, self.factory, self.settings = engine, factory, settings

    def with_detection(self, mode: str) -> Env:
        sync = self.settings.sync.model_copy(update={"change_detection": mode})
        return Env(self.engine, self.factory, self.settings.model_copy(update={"sync": sync}))

    def member(self, name: str) -> Member | None:
        with self.factory() as s:
            return s.scalars(select(Member).where(Member.onec_ref == uuid.UUID(ref(name)))).first()

    def count(self, model: type) -> int:
        with self.factory() as s:
            return int(s.scalar(select(func.count()).select_from(model)) or 0)


@pytest.fixture()
def env(engine: Engine) -> Iterator[Env]:
    truncate_all(engine)
    yield Env(engine, make_sessionmaker(engine), make_test_settings(sync={"page_size": 10}))
    truncate_all(engine)


def synced(env: Env) -> FakeRegistry:
    """A union in the fake 1C, fully synced; the feed drained (as after the first incremental run)."""
    fake = union_registry()
    run_full_sync(env.factory, env.engine, env.settings, fake)
    run_incremental_sync(env.factory, env.engine, env.settings, fake)
    assert fake.registered == 0
    return fake


# ---- the double is the protocol ----------------------------------------------------------------


def _members(cls: type) -> set[str]:
    return {name for name in vars(cls) if not name.startswith("_") and callable(getattr(cls, name))}


def test_fake_registry_implements_the_registry_protocol() -> None:
    typed: Registry = FakeRegistry()  # mypy checks the structure here, signatures included
    assert isinstance(typed, Registry)
    protocol = _members(Registry)
    assert len(protocol) >= 18
    for impl in (FakeRegistry, ODataRegistry):
        missing = protocol - _members(impl)
        assert not missing, f"{impl.__name__} lacks {missing}"
        for name in protocol:
            ours = list(inspect.signature(getattr(Registry, name)).parameters)
            theirs = list(inspect.signature(getattr(impl, name)).parameters)
            assert theirs == ours, f"{impl.__name__}.{name}{theirs} differs from Registry.{name}{ours}"


# ---- incremental sync through the change feed --------------------------------------------------


def test_changes_in_1c_reach_the_gateway_through_the_change_feed(env: Env) -> None:
    fake = synced(env)
    assert env.count(Member) == 20 and env.count(CardOrder) == 3
    renamed = replace(fake.objects["member"][ref("member-5")], last_name="Переименованная")
    fake.put(renamed, member(99, "p50"))
    fake.delete("member", ref("member-19"))  # no order, no card: removed
    fake.delete("member", ref("member-0"))  # has an order: kept, marked
    summary = run_incremental_sync(env.factory, env.engine, env.settings, fake)
    assert summary["mode"] == "exchange_plan"
    assert (m5 := env.member("member-5")) is not None and m5.surname == "Переименованная"
    assert env.member("member-99") is not None
    assert env.member("member-19") is None
    assert (m0 := env.member("member-0")) is not None and m0.deletion_mark
    assert fake.registered == 0  # acknowledged: 1C forgot them


def test_the_change_feed_is_acknowledged_only_after_the_commit(env: Env) -> None:
    fake = synced(env)
    fake.put(replace(fake.objects["member"][ref("member-3")], last_name="Новикова"))
    seen_at_ack: list[str | None] = []

    def look(_message_no: int) -> None:  # another connection: sees only what is committed
        m = env.member("member-3")
        seen_at_ack.append(m.surname if m else None)

    fake.on_acknowledge = look
    run_incremental_sync(env.factory, env.engine, env.settings, fake)
    assert seen_at_ack and seen_at_ack[0] == "Новикова"


def test_a_message_not_acknowledged_comes_again_and_applying_it_twice_is_harmless(env: Env) -> None:
    fake = synced(env)
    fake.put(member(100, "p77"), replace(fake.objects["member"][ref("member-4")], last_name="Смирнова"))

    def lost(_message_no: int) -> None:
        raise OneCUnavailable("connection lost before the acknowledgement")

    fake.on_acknowledge = lost
    with pytest.raises(OneCUnavailable):
        run_incremental_sync(env.factory, env.engine, env.settings, fake)
    assert env.member("member-100") is not None  # committed before the ack was tried
    assert fake.registered == 2  # 1C still holds the changes
    first = fake.node().sent_no
    fake.on_acknowledge = None
    summary = run_incremental_sync(env.factory, env.engine, env.settings, fake)
    assert fake.acknowledged[-2] == first  # the same message number, sent again, now acknowledged
    assert summary["counts"]["changes"] == 2
    assert env.count(Member) == 21 and fake.registered == 0
    with env.factory() as s:
        assert s.scalar(select(func.count()).select_from(SyncRun).where(SyncRun.state == "failed")) == 1


def test_a_change_made_after_the_message_was_sent_is_not_forgotten_by_its_ack(env: Env) -> None:
    fake = synced(env)
    fake.put(replace(fake.objects["member"][ref("member-6")], last_name="Первая"))

    done: list[int] = []

    def changed_meanwhile(message_no: int) -> None:
        if not done:  # the first message of this run, before its ack
            done.append(message_no)
            fake.put(replace(fake.objects["member"][ref("member-6")], last_name="Вторая"))

    fake.on_acknowledge = changed_meanwhile
    run_incremental_sync(env.factory, env.engine, env.settings, fake)
    assert (m6 := env.member("member-6")) is not None and m6.surname == "Вторая"


# ---- the DataVersion fallback ------------------------------------------------------------------


@pytest.mark.parametrize(
    "reason", ["node_missing", "plan_not_published", "node_marked_deleted", "functions_not_published"]
)
def test_without_the_change_feed_the_sync_falls_back_to_data_versions(env: Env, reason: str) -> None:
    fake = synced(env)
    fake.exchange_unavailable = reason
    fake.put(replace(fake.objects["member"][ref("member-7")], last_name="Кузнецова"), register=False)
    fake.put(member(200, "p50"), register=False)
    fake.delete("member", ref("member-18"))
    summary = run_incremental_sync(env.factory, env.engine, env.settings, fake)
    assert summary["mode"] == "data_version"
    with env.factory() as s:
        run = s.scalars(select(SyncRun).order_by(SyncRun.id.desc())).first()
        assert run is not None and run.checkpoint["fallback"] == reason
    assert (m7 := env.member("member-7")) is not None and m7.surname == "Кузнецова"
    assert env.member("member-200") is not None
    assert env.member("member-18") is None


def test_the_data_version_fallback_cancels_orders_of_a_withdrawn_document(env: Env) -> None:
    fake = synced(env)
    fake.exchange_unavailable = "node_missing"
    fake.put(replace(fake.objects["card_order"][ref("doc-A-1")], posted=False), register=False)
    run_incremental_sync(env.factory, env.engine, env.settings, fake)
    with env.factory() as s:
        states = s.scalars(
            select(CardOrder.state).join(OneCOrderLine, OneCOrderLine.order_id == CardOrder.id)
        ).all()
    assert sorted(states) == [OrderState.CANCELLED] * 3


# ---- outbox delivery and reconciliation --------------------------------------------------------


def _outbox(env: Env) -> dict[OutboxState, int]:
    with env.factory() as s:
        return dict(s.execute(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)).all())


def test_the_outbox_delivers_each_status_once(env: Env) -> None:
    fake = synced(env)
    assert _outbox(env) == {OutboxState.PENDING: 3}
    report = deliver_outbox(env.factory, env.engine, env.settings.sync, lambda: fake, max_seconds=10)
    assert report.delivered == 3 and fake.count_statuses()["ordered"] == 3
    assert fake.deadline is not None and fake.closed
    assert _outbox(env) == {OutboxState.DELIVERED: 3}
    again = deliver_outbox(env.factory, env.engine, env.settings.sync, lambda: fake, max_seconds=10)
    assert again.delivered == 0 and fake.count_statuses()["ordered"] == 3


def test_an_unavailable_1c_pauses_delivery_and_nothing_is_lost(env: Env) -> None:
    fake = synced(env)
    fake.push_failures = [OneCUnavailable("1C is down")] * 3
    report = deliver_outbox(env.factory, env.engine, env.settings.sync, lambda: fake, max_seconds=10)
    assert report.stopped == "unavailable" and report.delivered == 0
    assert _outbox(env) == {OutboxState.PENDING: 3}
    assert fake.count_statuses()["ordered"] == 0


def test_reconciliation_agrees_after_sync_and_delivery_and_reports_a_difference(env: Env) -> None:
    fake = synced(env)
    deliver_outbox(env.factory, env.engine, env.settings.sync, lambda: fake, max_seconds=10)
    with env.factory() as s:
        report = reconciliation_report(s, fake)
    assert report["differences"] == []
    assert {r["region_code"]: r["members"]["onec"] for r in report["regions"]} == {"50": 8, "77": 12}
    fake.put(member(300, "p77"), register=False)  # 1C has a member the gateway has not synced yet
    with env.factory() as s:
        report = reconciliation_report(s, fake)
    assert [(d["kind"], d["region_code"], d["gateway"], d["onec"]) for d in report["differences"]] == [
        ("members", "77", 12, 13)
    ]
