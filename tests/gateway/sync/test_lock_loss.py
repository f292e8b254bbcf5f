"""A full sync whose lock connection is killed (``pg_terminate_backend``) while a second sync
starts: exactly one of them writes from then on, and the run ends complete — every member once."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import Engine, func, select, text

from gateway.db.locks import LockLost, _held_params
from gateway.models import LockLease, Member, SyncKind, SyncRun, SyncState
from gateway.sync.full import LOCK_NAME, run_full_sync

from .conftest import SyncEnv

pytestmark = pytest.mark.timeout(180)


def lock_backend(engine: Engine, name: str) -> int | None:
    """The PostgreSQL backend holding the named advisory lock (the lock's own connection) in this
    database: another database on the server may hold a lock of the same name, and is left alone."""
    with engine.connect() as conn:
        return conn.execute(
            text(
                "SELECT pid FROM pg_locks WHERE locktype = 'advisory' AND granted AND objsubid = 1"
                " AND classid = :c AND objid = :o"
                " AND database = (SELECT oid FROM pg_database WHERE datname = current_database())"
            ),
            _held_params(name),
        ).scalar()


def kill_backend(engine: Engine, pid: int) -> None:
    """Terminate the backend and wait until it is gone (its locks are released only then)."""
    with engine.connect() as conn:
        assert conn.execute(text("SELECT pg_terminate_backend(:p)"), {"p": pid}).scalar()
        conn.commit()
        deadline = time.monotonic() + 10
        while conn.execute(text("SELECT count(*) FROM pg_stat_activity WHERE pid = :p"), {"p": pid}).scalar():
            conn.commit()
            assert time.monotonic() < deadline, "the killed backend did not go away"
            time.sleep(0.02)


def wait_for(predicate: Any, timeout: float = 60.0, what: str = "condition") -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := predicate():
            return value
        time.sleep(0.05)
    raise AssertionError(f"timed out waiting for {what}")


def test_sync_that_lost_its_lock_never_writes_again_and_the_second_finishes_the_run(env: SyncEnv) -> None:
    first_reg, second_reg = env.registry(), env.registry()
    paused, go_on = threading.Event(), threading.Event()
    first_pages_after_takeover: list[str] = []
    outcome: dict[str, Any] = {}

    def first_hook(stage: str, _n: int) -> None:
        if go_on.is_set():
            first_pages_after_takeover.append(stage)  # a page the first sync committed too late
        if stage == "members" and not paused.is_set():
            paused.set()
            go_on.wait(60)  # the first sync stands still mid-members while its lock is killed

    def first() -> None:
        try:
            outcome["first"] = run_full_sync(
                env.factory, env.engine, env.settings, first_reg, page_size=100, on_page=first_hook
            )
        except BaseException as exc:
            outcome["first"] = exc

    def second() -> None:
        try:
            outcome["second"] = run_full_sync(
                env.factory, env.engine, env.settings, second_reg, page_size=100
            )
        except BaseException as exc:
            outcome["second"] = exc

    first_thread = threading.Thread(target=first)
    first_thread.start()
    assert paused.wait(60), "the first sync never reached the members"
    first_token = _token(env)
    pid = lock_backend(env.engine, LOCK_NAME)
    assert pid is not None
    kill_backend(env.engine, pid)

    second_thread = threading.Thread(target=second)
    second_thread.start()
    wait_for(lambda: _token(env) not in (None, first_token), what="the second sync taking the lock")
    go_on.set()  # the first sync carries on: its next page must find the lock gone
    first_thread.join(90)
    second_thread.join(120)

    assert isinstance(outcome["first"], LockLost), outcome
    assert first_pages_after_takeover == []
    result = outcome["second"]
    assert isinstance(result, dict) and result["state"] == "succeeded", result
    with env.factory() as s:
        runs = s.scalars(select(SyncRun)).all()
        # One run, resumed by the second sync and not marked failed afterwards by the first.
        assert [(r.id, r.state) for r in runs] == [(result["id"], SyncState.SUCCEEDED)]
        members = s.scalar(select(func.count()).select_from(Member))
        distinct = s.scalar(select(func.count(func.distinct(Member.onec_ref))))
        assert members == distinct == first_reg.count_members()
        assert s.scalar(select(func.count()).select_from(LockLease)) == 0  # released
    first_reg.close()
    second_reg.close()


def _token(env: SyncEnv) -> str | None:
    with env.factory() as s:
        return s.scalar(select(LockLease.token).where(LockLease.name == LOCK_NAME))


def test_incremental_sync_that_lost_its_lock_commits_nothing_more(env: SyncEnv) -> None:
    from gateway.db.locks import exclusive, fence

    with exclusive(env.engine, LOCK_NAME) as lease, env.factory() as session:
        fence(session, lease)
        session.add(SyncRun(kind=SyncKind.INCREMENTAL, stage="changes", checkpoint={}, counts={}))
        session.commit()  # while the lock is held: committed
        pid = lock_backend(env.engine, LOCK_NAME)
        assert pid is not None
        kill_backend(env.engine, pid)
        session.add(SyncRun(kind=SyncKind.INCREMENTAL, stage="changes", checkpoint={}, counts={}))
        with pytest.raises(LockLost):
            session.commit()
        session.rollback()
    with env.factory() as s:
        assert s.scalar(select(func.count()).select_from(SyncRun)) == 1


def test_outbox_run_that_lost_its_lock_records_no_outcome(env: SyncEnv) -> None:
    """The delivery run's lock connection is killed after its first wave went to 1C: the run stops
    with LockLost before recording anything, the messages stay pending for the next holder, and
    the next run delivers each exactly once (1C's idempotency keys absorb the repeated pushes)."""
    from gateway.models import OutboxMessage, OutboxState
    from gateway.sync.outbox import LOCK_NAME as OUTBOX_LOCK
    from gateway.sync.outbox import deliver_outbox

    reg = env.registry()
    run_full_sync(env.factory, env.engine, env.settings, reg)
    before = reg.count_statuses()["ordered"]
    with env.factory() as s:
        pending = s.scalar(select(func.count()).select_from(OutboxMessage))
    assert pending and pending > 10

    killed = threading.Event()

    class CutAfterPush:
        """The real adapter; after its first push, the lock's connection is cut (as a failover
        or a network cut would do)."""

        def __init__(self) -> None:
            self.inner = env.registry()

        def push_status(self, record: Any) -> Any:
            result = self.inner.push_status(record)
            if not killed.is_set():
                killed.set()
                pid = lock_backend(env.engine, OUTBOX_LOCK)
                assert pid is not None
                kill_backend(env.engine, pid)
            return result

        def close(self) -> None:
            self.inner.close()

    settings = env.settings.sync.model_copy(update={"outbox_concurrency": 1})
    with pytest.raises(LockLost):
        deliver_outbox(env.factory, env.engine, settings, CutAfterPush, max_seconds=20)
    with env.factory() as s:
        assert (
            s.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.state != OutboxState.PENDING)
            )
            == 0
        )
    report = deliver_outbox(env.factory, env.engine, env.settings.sync, env.registry, max_seconds=20)
    assert report.delivered == pending
    assert reg.count_statuses()["ordered"] == before + pending
    reg.close()
