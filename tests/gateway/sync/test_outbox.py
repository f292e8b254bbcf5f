"""Status push-back through the outbox, over real HTTP to the 1C emulator."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import func, select, update

from adapters.onec import Registry, RetryPolicy, build_registry
from gateway.lifecycle import outbox_row
from gateway.models import Card, OneCStatus, OutboxMessage, OutboxState
from gateway.sync.full import run_full_sync
from gateway.sync.outbox import deliver_outbox
from tests.helpers import wait_for

from .conftest import SyncEnv


def _loaded(env: SyncEnv) -> int:
    """Full sync (1C card orders become accepted orders with «Заказан» messages); message count."""
    reg = env.registry()
    run_full_sync(env.factory, env.engine, env.settings, reg)
    reg.close()
    with env.factory() as s:
        n = s.scalar(select(func.count()).select_from(OutboxMessage))
    assert n and n > 10
    return int(n)


def _deliver(env: SyncEnv, **sync_overrides: Any) -> Any:
    settings = env.settings.sync.model_copy(update=sync_overrides)
    return deliver_outbox(env.factory, env.engine, settings, env.registry, max_seconds=20)


def _states(env: SyncEnv) -> dict[OutboxState, int]:
    with env.factory() as s:
        return dict(s.execute(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)).all())


def _onec_ordered(reg: Registry) -> int:
    return reg.count_statuses()["ordered"]


def test_all_statuses_delivered_once_and_a_rerun_sends_nothing(env: SyncEnv) -> None:
    n = _loaded(env)
    reg = env.registry()
    before = _onec_ordered(reg)
    report = _deliver(env)
    assert report.delivered == n and report.failed == 0
    assert _states(env) == {OutboxState.DELIVERED: n}
    assert _onec_ordered(reg) == before + n
    again = _deliver(env)
    assert again.delivered == 0 and _onec_ordered(reg) == before + n
    reg.close()


def test_a_retry_after_a_lost_answer_creates_no_second_record(env: SyncEnv) -> None:
    n = _loaded(env)
    reg = env.registry()
    before = _onec_ordered(reg)
    _deliver(env)
    # As if the answers had been lost: the gateway still thinks nothing was delivered.
    with env.factory() as s:
        s.execute(update(OutboxMessage).values(state=OutboxState.PENDING, delivered_at=None))
        s.commit()
    report = _deliver(env)
    assert report.delivered == n and report.already_present == n
    assert _onec_ordered(reg) == before + n
    reg.close()


def test_1c_down_for_a_while_loses_nothing_and_delivers_exactly_once(env: SyncEnv) -> None:
    n = _loaded(env)
    reg = env.registry()
    before = _onec_ordered(reg)
    env.emulator.faults(down=True)
    first = _deliver(env)
    assert first.delivered == 0 and first.stopped == "unavailable"
    with env.factory() as s:
        tried = s.execute(
            select(OutboxMessage.id, OutboxMessage.next_attempt_at).where(OutboxMessage.attempts == 1)
        ).all()
    assert tried and _states(env) == {OutboxState.PENDING: n}
    # Still down: the same messages are tried again once due, and their next attempt moves further out.
    wait_for(lambda: _deliver(env).failed > 0 and _attempts(env, tried[0][0]) == 2, timeout=15)
    with env.factory() as s:
        later = s.scalar(select(OutboxMessage.next_attempt_at).where(OutboxMessage.id == tried[0][0]))
    assert later is not None and later > tried[0][1]
    assert _states(env) == {OutboxState.PENDING: n}

    env.emulator.reset_faults()  # 1C is back
    wait_for(lambda: (_deliver(env), _states(env))[1] == {OutboxState.DELIVERED: n}, timeout=15)
    assert _onec_ordered(reg) == before + n  # exactly once each
    reg.close()


def _attempts(env: SyncEnv, message_id: int) -> int:
    with env.factory() as s:
        return int(s.scalar(select(OutboxMessage.attempts).where(OutboxMessage.id == message_id)) or 0)


def test_order_per_card_never_overtaken_and_dead_letter_blocks_its_card(env: SyncEnv) -> None:
    _loaded(env)
    with env.factory() as s:
        card = s.scalars(select(Card).order_by(Card.id).limit(1)).one()
        first = s.scalars(select(OutboxMessage).where(OutboxMessage.card_id == card.id)).one()
        # Later statuses of the same card, already waiting behind the first one.
        at = first.created_at
        for status in (OneCStatus.PRODUCED, OneCStatus.WITHDRAWN):
            s.add(OutboxMessage(**outbox_row(card, status, at, member_ref=None)))
        first.state = OutboxState.DEAD
        s.commit()
        first_id = first.id
    _deliver(env)
    with env.factory() as s:
        states = dict(
            s.execute(
                select(OutboxMessage.status, OutboxMessage.state).where(OutboxMessage.card_id == card.id)
            ).all()
        )
    assert states == {
        OneCStatus.ORDERED: OutboxState.DEAD,
        OneCStatus.PRODUCED: OutboxState.PENDING,  # blocked behind the dead one
        OneCStatus.WITHDRAWN: OutboxState.PENDING,
    }
    from gateway.sync.outbox import retry_dead

    with env.factory() as s:
        retry_dead(s, first_id)
        s.commit()
    wait_for(lambda: (_deliver(env), _states(env))[1] == {OutboxState.DELIVERED: _count(env)}, timeout=15)
    with env.factory() as s:
        delivered = s.execute(
            select(OutboxMessage.id, OutboxMessage.delivered_at)
            .where(OutboxMessage.card_id == card.id)
            .order_by(OutboxMessage.id)
        ).all()
    times = [d for _, d in delivered]
    assert times == sorted(times)  # N delivered before N+1


def _count(env: SyncEnv) -> int:
    with env.factory() as s:
        return int(s.scalar(select(func.count()).select_from(OutboxMessage)) or 0)


def test_application_errors_make_a_dead_letter_after_the_limit(env: SyncEnv) -> None:
    _loaded(env)
    env.emulator.faults(status_500_probability=1.0)  # 1C's own code fails on every request
    wait_for(
        lambda: (_deliver(env, outbox_max_attempts=2), _states(env))[1].get(OutboxState.DEAD, 0) > 0,
        timeout=15,
    )
    with env.factory() as s:
        dead = s.scalars(select(OutboxMessage).where(OutboxMessage.state == OutboxState.DEAD)).first()
        assert dead is not None and dead.attempts == 2 and "OneCApplicationError" in (dead.last_error or "")
    env.emulator.reset_faults()


@pytest.mark.parametrize("transport", ["odata", "soap"])
def test_an_answer_lost_after_1c_committed_creates_no_duplicate(env: SyncEnv, transport: str) -> None:
    """1C writes the record, then the answer is lost on the way back (the emulator drops the
    connection after committing): the retry finds the record already there."""
    n = _loaded(env)
    reg = env.registry()
    before = _onec_ordered(reg)
    env.emulator.faults(drop_after_count=1, only_method="POST")  # a push, not the WSDL
    report = deliver_outbox(
        env.factory,
        env.engine,
        env.settings.sync,
        lambda: env.registry(push_transport=transport),
        max_seconds=20,
    )
    assert env.emulator.injected()["drop_after"] == 1
    assert report.delivered == n and report.already_present == 1 and report.failed == 0
    assert _states(env) == {OutboxState.DELIVERED: n}
    assert _onec_ordered(reg) == before + n  # exactly one record each
    reg.close()


def test_a_delivery_run_keeps_its_time_limit_whatever_1c_does(env: SyncEnv) -> None:
    """1C answers after 8 s (its own timeout is 5 s per call, with retries): a run limited to 1 s
    still ends in about 1 s, and the messages it could not send keep their attempts."""
    _loaded(env)
    env.emulator.faults(latency_ms=8000)
    started = time.monotonic()
    report = _deliver_for(env, seconds=1.0)
    elapsed = time.monotonic() - started
    env.emulator.reset_faults()
    env.emulator.wait_idle()  # the 8 s answers given up on still hold 1C sessions
    assert report.delivered == 0
    assert elapsed < 4.0, elapsed  # without per-call deadlines: ≥ 8 s (one call), far more with retries
    with env.factory() as s:
        assert s.scalar(select(func.max(OutboxMessage.attempts))) <= 1


def _deliver_for(env: SyncEnv, seconds: float) -> Any:
    return deliver_outbox(env.factory, env.engine, env.settings.sync, env.registry, max_seconds=seconds)


def test_a_delivery_run_against_an_overloaded_1c_ends_within_its_limit(env: SyncEnv) -> None:
    """1C's pool is full (406 after 1.5 s, every time) and the client's real retry policy (5
    attempts, backoff up to 30 s) applies: the run still ends by its 2 s limit, nothing lost."""
    n = _loaded(env)
    env.emulator.faults(status_406_probability=1.0, latency_ms=1500)
    started = time.monotonic()
    report = deliver_outbox(
        env.factory,
        env.engine,
        env.settings.sync,
        lambda: build_registry(env.emulator.settings(retry=RetryPolicy())),
        max_seconds=2.0,
    )
    elapsed = time.monotonic() - started
    env.emulator.reset_faults()
    env.emulator.wait_idle()
    assert report.delivered == 0 and report.stopped in ("unavailable", "time")
    assert elapsed < 5.0, elapsed  # without deadlines: ≥ 5 × 1.5 s for one message alone
    assert _states(env) == {OutboxState.PENDING: n}
