"""Real parallel transactions on PostgreSQL: numbers are never handed out twice."""

from __future__ import annotations

import threading
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from gateway.cards.numbering import allocate_numbers
from gateway.db.session import unit_of_work
from gateway.models import Card, OrderReason, OrderSource
from gateway.orders.intake import OrderRequest, Submitter, submit_orders
from tests.factories import make_member, make_primary, make_region


def _run_parallel(n_threads: int, fn: Any) -> list[Any]:
    barrier = threading.Barrier(n_threads)
    results: list[Any] = [None] * n_threads
    errors: list[BaseException] = []

    def run(i: int) -> None:
        try:
            barrier.wait()
            results[i] = fn(i)
        except BaseException as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(n_threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors, errors
    return results


def test_parallel_allocations_never_collide(committed_app: Any, settings: Any) -> None:
    factory: sessionmaker[Session] = committed_app.extensions["gateway.sessionmaker"]

    def allocate(_i: int) -> list[str]:
        got: list[str] = []
        for _ in range(50):
            with unit_of_work(factory) as s:
                got += allocate_numbers(s, settings.numbers, "77", 7)
        return got

    results = _run_parallel(4, allocate)
    flat = [n for r in results for n in r]
    assert len(flat) == 4 * 50 * 7 and len(set(flat)) == len(flat)


def test_rolled_back_allocation_is_never_handed_out_again(committed_app: Any, settings: Any) -> None:
    factory: sessionmaker[Session] = committed_app.extensions["gateway.sessionmaker"]
    with factory() as s:
        burnt = allocate_numbers(s, settings.numbers, "50", 5)
        s.rollback()
    with unit_of_work(factory) as s:
        [after] = allocate_numbers(s, settings.numbers, "50", 1)
    assert after not in burnt and int(after[8:15]) > max(int(n[8:15]) for n in burnt)


def test_concurrent_orders_for_the_same_member_give_one_card(committed_app: Any, settings: Any) -> None:
    factory: sessionmaker[Session] = committed_app.extensions["gateway.sessionmaker"]
    with unit_of_work(factory) as s:
        primary = make_primary(s, make_region(s, "77"))
        refs = [make_member(s, primary, surname=f"Параллельная{i}").onec_ref for i in range(20)]

    def submit(i: int) -> int:
        accepted = 0
        for ref in refs:
            try:
                with unit_of_work(factory) as s:
                    [item] = submit_orders(
                        s,
                        settings,
                        Submitter(f"t{i}", OrderSource.API, None),
                        [OrderRequest(OrderReason.FIRST, member_ref=ref)],
                    )
                    accepted += item.accepted
            except Exception as exc:  # the partial unique index stops the loser of a race
                assert "uq_card_orders_open_member" in str(exc)
        return accepted

    results = _run_parallel(3, submit)
    assert sum(results) == 20
    with factory() as s:
        assert len(s.scalars(select(Card)).all()) == 20
