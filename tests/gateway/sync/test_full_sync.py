"""Full sync over real HTTP from the 1C emulator (a separate process) into real PostgreSQL."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import func, select

from adapters.onec import OneCUnavailable
from gateway.models import (
    CardOrder,
    Member,
    MemberCategory,
    OneCOrderLine,
    OrderSource,
    Organisation,
    OrgKind,
    OutboxMessage,
    SyncRun,
    SyncState,
)
from gateway.sync.full import run_full_sync

from .conftest import SyncEnv


def _count(env: SyncEnv, stmt: Any) -> int:
    with env.factory() as s:
        return int(s.scalar(stmt) or 0)


def test_full_sync_mirrors_the_registry(env: SyncEnv) -> None:
    reg = env.registry()
    result = run_full_sync(env.factory, env.engine, env.settings, reg)
    assert result["state"] == "succeeded" and result["stage"] == "done"

    assert _count(env, select(func.count()).select_from(Organisation)) == reg.count_organisations()
    assert _count(env, select(func.count()).select_from(Member)) == reg.count_members()
    marked = reg.client.count(reg.mapping.members.entity_set, filter="DeletionMark eq true")
    assert _count(env, select(func.count()).where(Member.deletion_mark)) == marked

    with env.factory() as s:
        orgs = {o.id: o for o in s.scalars(select(Organisation))}
        union = [o for o in orgs.values() if o.kind is OrgKind.UNION]
        assert len(union) == 1 and union[0].parent_id is None and union[0].region_id is None
        regions = [o for o in orgs.values() if o.kind is OrgKind.REGION]
        assert {"77", "50"} <= {r.region_code for r in regions}
        for r in regions:
            assert r.region_id == r.id and r.parent_id == union[0].id
        for o in orgs.values():
            if o.kind in (OrgKind.TERRITORIAL, OrgKind.PRIMARY):
                assert o.parent_id is not None and o.region_code is None
                # region = nearest regional ancestor
                node = orgs[o.parent_id]
                while node.kind is not OrgKind.REGION:
                    node = orgs[node.parent_id]  # type: ignore[index]
                assert o.region_id == node.id
        # 1C pads fixed-length strings and sends Int64 as strings: none of it reaches the tables.
        assert all(o.name == o.name.strip() and o.code == o.code.strip() for o in orgs.values())
        cats = dict(s.execute(select(Member.category, func.count()).group_by(Member.category)).all())
        assert set(cats) == set(MemberCategory)
        assert cats[MemberCategory.WORKING] > cats[MemberCategory.STUDENT] > cats[MemberCategory.PENSIONER]
        mismatched = s.scalar(
            select(func.count())
            .select_from(Member)
            .join(Organisation, Organisation.id == Member.organisation_id)
            .where(Member.region_id.is_distinct_from(Organisation.region_id))
        )
        assert mismatched == 0
        assert s.scalar(select(func.count()).where(Member.left_on.is_not(None))) > 0
        assert s.scalar(select(func.count()).where(Member.patronymic.is_(None))) > 0  # empty → NULL

        # Card orders: every line of every posted, unmarked document is recorded once.
        expected_lines = sum(len(d.lines) for d in reg.iter_card_orders() if d.posted and not d.deletion_mark)
        lines = s.scalar(select(func.count()).select_from(OneCOrderLine))
        accepted = s.scalar(select(func.count()).where(OneCOrderLine.accepted))
        assert lines == expected_lines and 0 < accepted < lines
        assert s.scalar(select(func.count()).where(CardOrder.source == OrderSource.ONEC)) == accepted
        assert s.scalar(select(func.count()).select_from(OutboxMessage)) == accepted  # «Заказан» each
        rejected = s.scalars(select(OneCOrderLine).where(~OneCOrderLine.accepted)).all()
        assert all(line.problems and line.problems[0]["message"] for line in rejected)
    reg.close()


def test_second_full_sync_writes_nothing_and_orders_nothing_twice(env: SyncEnv) -> None:
    reg = env.registry()
    run_full_sync(env.factory, env.engine, env.settings, reg)
    orders = _count(env, select(func.count()).select_from(CardOrder))
    again = run_full_sync(env.factory, env.engine, env.settings, reg, resume=False)
    assert again["counts"].get("members_written", 0) == 0
    assert again["counts"].get("organisations_written", 0) == 0
    assert again["counts"].get("order_lines_accepted", 0) == 0
    assert _count(env, select(func.count()).select_from(CardOrder)) == orders
    reg.close()


def test_crash_mid_members_resumes_from_checkpoint_without_duplicates(env: SyncEnv) -> None:
    reg = env.registry()
    pages_done: list[tuple[str, int]] = []

    def crash_after_first_member_page(stage: str, n: int) -> None:
        pages_done.append((stage, n))
        if stage == "members" and sum(1 for s, _ in pages_done if s == "members") == 1:
            env.emulator.faults(down=True)  # 1C goes away in the middle of the member scan

    # Pages of 100 (20 of them): 1C goes down while most of the scan is still ahead, however far
    # the reader thread and the two writers have got.
    with pytest.raises(OneCUnavailable):
        run_full_sync(
            env.factory, env.engine, env.settings, reg, page_size=100, on_page=crash_after_first_member_page
        )
    with env.factory() as s:
        run = s.scalars(select(SyncRun)).one()
        assert run.state is SyncState.FAILED and run.stage == "members"
        assert "OneCUnavailable" in (run.error or "")
        checkpoint = run.checkpoint["members"]
        # The committed page, plus the pages already read or being written before 1C went down:
        # whole pages only, as many as the counts say.
        committed = s.scalar(select(func.count()).select_from(Member))
        assert committed % 100 == 0 and 100 <= committed <= 800
        assert run.counts["members_seen"] == committed
    env.emulator.reset_faults()

    served_before = env.emulator.requests_served()
    result = run_full_sync(env.factory, env.engine, env.settings, reg)
    assert result["id"] == run.id and result["state"] == "succeeded"
    assert result["counts"]["members_seen"] == reg.count_members()  # each member read once in total
    assert _count(env, select(func.count()).select_from(Member)) == reg.count_members()
    # The resumed scan started after the checkpoint: the committed members were not fetched again.
    member_pages = (reg.count_members() - committed + 499) // 500  # the resumed run's pages of 500
    assert env.emulator.requests_served() - served_before < member_pages + 40
    assert checkpoint < max(str(r) for r in _all_member_refs(env))
    reg.close()


def test_failure_while_pages_are_written_in_parallel_commits_a_prefix(env: SyncEnv) -> None:
    """Two writers: the page after a failed one (already being written) must not commit, so the
    checkpoint still means "every page up to here" and the resume reads each member once."""
    assert env.settings.sync.writers == 2
    reg = env.registry()
    seen: list[int] = []

    def fail_on_second_member_page(stage: str, n: int) -> None:
        if stage == "members":
            seen.append(n)
            if len(seen) == 2:
                raise RuntimeError("disk full")

    with pytest.raises(RuntimeError, match="disk full"):
        run_full_sync(env.factory, env.engine, env.settings, reg, on_page=fail_on_second_member_page)
    with env.factory() as s:
        run = s.scalars(select(SyncRun)).one()
        assert run.state is SyncState.FAILED and run.stage == "members"
        refs = sorted(str(r) for r in s.scalars(select(Member.onec_ref)))
        assert len(refs) == 1000 and run.counts["members_seen"] == 1000  # pages 1 and 2, not 3
        assert run.checkpoint["members"] == refs[-1]
    result = run_full_sync(env.factory, env.engine, env.settings, reg)
    assert result["state"] == "succeeded" and result["counts"]["members_seen"] == reg.count_members()
    assert _count(env, select(func.count()).select_from(Member)) == reg.count_members()
    reg.close()


def _all_member_refs(env: SyncEnv) -> list[Any]:
    with env.factory() as s:
        return list(s.scalars(select(Member.onec_ref)))


def test_run_left_running_by_a_killed_process_is_resumed(env: SyncEnv) -> None:
    reg = env.registry()
    with env.factory() as s:
        s.add(SyncRun(kind="full", state=SyncState.RUNNING, stage="card_orders", checkpoint={}, counts={}))
        s.commit()
    result = run_full_sync(env.factory, env.engine, env.settings, reg)
    # Resumed at card orders: no organisation or member was read.
    assert result["state"] == "succeeded" and "members_seen" not in result["counts"]
    reg.close()


@pytest.mark.parametrize(
    ("faults", "outcome"),
    [
        ({"status_406_count": 2}, "succeeded"),  # pool exhausted briefly: the client backs off
        ({"drop_count": 1}, "succeeded"),  # connection dropped without an answer: retried
        ({"status_500_probability": 1.0, "status_500_kind": "server"}, "failed"),  # web server broken
        ({"status_500_probability": 1.0}, "failed"),  # 1C's own code fails on every request
        ({"down": True}, "failed"),
    ],
)
def test_faults_during_a_full_sync_have_a_defined_outcome(
    env: SyncEnv, faults: dict[str, Any], outcome: str
) -> None:
    from adapters.onec import OneCError

    reg = env.registry()
    env.emulator.faults(**faults)
    if outcome == "succeeded":
        assert run_full_sync(env.factory, env.engine, env.settings, reg)["state"] == "succeeded"
    else:
        with pytest.raises(OneCError):
            run_full_sync(env.factory, env.engine, env.settings, reg)
        with env.factory() as s:
            run = s.scalars(select(SyncRun)).one()
            assert run.state is SyncState.FAILED and run.error
        env.emulator.reset_faults()
        resumed = run_full_sync(env.factory, env.engine, env.settings, reg)
        assert resumed["id"] == run.id and resumed["state"] == "succeeded"
    assert _count(env, select(func.count()).select_from(Member)) == reg.count_members()
    reg.close()
