"""A print station whose lock connection is killed (``pg_terminate_backend``) while it prints, and a
second process for the same station started on "another PC": exactly one of them writes.

No PC/SC here: the station's encoder is the in-memory one (``encoder.kind = memory``) and the
printer the dev spool printer, so these run without pcscd; the station is the real
``gateway station`` process on RabbitMQ and PostgreSQL.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from gateway.db.session import unit_of_work
from gateway.models import BatchState, CardPrintAttempt, CardState, PrintBatch
from gateway.printing.runner import station_lock_name
from tests.factories import auth
from tests.gateway.sync.test_lock_loss import kill_backend, lock_backend

from .conftest import StationProcess, _purge_station_queue, cards_of, make_batch, wait_for

pytestmark = pytest.mark.timeout(180)


class MemoryStation(StationProcess):
    """``gateway station --name main`` with the in-memory encoder and a fast heartbeat."""

    def __init__(self, workdir: Path, key: Path) -> None:
        workdir.mkdir(parents=True, exist_ok=True)
        super().__init__(workdir, key)
        prefix = "GATEWAY_PRINTING__STATIONS__MAIN__"
        self.env[prefix + "ENCODER__KIND"] = "memory"
        self.env[prefix + "PRINTER__VIRTUAL_CHIP"] = ""
        # Beats every 0.5 s: the test does not wait 10 s for the station to notice its lost lock.
        self.env["GATEWAY_PRINTING__HEARTBEAT_STALE_SECONDS"] = "3"


@pytest.fixture
def stations(
    tmp_path: Path, signing_key_file: Path, live_app: Any
) -> Iterator[tuple[MemoryStation, MemoryStation]]:
    _purge_station_queue(live_app)
    first = MemoryStation(tmp_path / "pc-a", signing_key_file)
    second = MemoryStation(tmp_path / "pc-b", signing_key_file)
    yield first, second
    first.stop()
    second.stop()


def waiting(predicate: Any, what: str, *procs: MemoryStation, timeout: float = 90.0) -> Any:
    """``wait_for`` with a start-up allowance for a loaded machine, failing with the station logs
    as they are at that moment."""
    try:
        return wait_for(predicate, timeout=timeout, what=what)
    except AssertionError as exc:
        logs = "\n".join(f"--- {p.workdir.name}:\n{p.log_tail()}" for p in procs)
        raise AssertionError(f"{exc}\n{logs}") from None


def _batch(app: Any, batch_id: int) -> PrintBatch:
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        batch = s.get(PrintBatch, batch_id)
        assert batch is not None
        return batch


def _card_on_print_head(app: Any) -> CardPrintAttempt | None:
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        return s.scalar(
            select(CardPrintAttempt).where(
                CardPrintAttempt.finished_at.is_(None), CardPrintAttempt.last_step == "print"
            )
        )


def test_station_that_lost_its_lock_stops_and_the_second_one_alone_prints(
    committed_app: Any, stations: tuple[MemoryStation, MemoryStation]
) -> None:
    app = committed_app
    client = app.test_client()
    first, second = stations
    demo = make_batch(app, {"77": 5})
    for st in stations:
        st.control_switches(print_seconds=1.5)
    first.start()
    assert (
        client.post(
            f"/api/v1/batches/{demo.batch_id}/start", json={"station": "main"}, headers=auth(demo.operator)
        ).status_code
        == 200
    )
    in_flight = waiting(lambda: _card_on_print_head(app), "a card on the print head", first)

    pid = lock_backend(app.extensions["gateway.engine"], station_lock_name("main"))
    assert pid is not None
    kill_backend(app.extensions["gateway.engine"], pid)
    second.start()  # "another PC": it gets the lock at once, since the first one's is gone

    # The first process notices and stops; it records nothing about the card it had in hand.
    assert first.proc is not None
    waiting(lambda: first.proc.poll() is not None, "the first station stopping", first, second)
    assert "lock lost" in first.log_tail()
    batch = waiting(
        lambda: (b := _batch(app, demo.batch_id)).state is BatchState.PAUSED and b,
        "the batch paused for inspection",
        first,
        second,
    )
    card = next(c for c in cards_of(app) if c.id == in_flight.card_id)
    assert card.state is CardState.NEEDS_INSPECTION and card.number in (batch.pause_reason or "")

    # The operator finds the card good (the first station did finish it), resumes; the second
    # station prints the rest.
    r = client.post(
        f"/api/v1/cards/{card.number}/resolve", json={"result": "produced"}, headers=auth(demo.operator)
    )
    assert r.status_code == 200, r.json
    for st in stations:
        st.control_switches(print_seconds=0)
    assert (
        client.post(f"/api/v1/batches/{demo.batch_id}/resume", headers=auth(demo.operator)).status_code == 200
    )
    waiting(lambda: _batch(app, demo.batch_id).state is BatchState.PRODUCED, "batch produced", second)

    final = cards_of(app, demo.batch_id)
    assert [c.state for c in final] == [CardState.PRODUCED] * 5
    printed = [m["job_name"] for m in first.manifests() + second.manifests() if m["result"] == "ejected"]
    assert sorted(printed) == sorted(c.number for c in final)  # each card printed exactly once
    assert card.number in [m["job_name"] for m in first.manifests()]
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        attempt = s.get(CardPrintAttempt, in_flight.id)
        assert attempt is not None and attempt.outcome is not None and attempt.outcome.value == "interrupted"


def kill_connections_except_locks(engine: Any) -> int:
    """``pg_terminate_backend`` every connection to this database that is inside a transaction,
    but the test's own and those holding advisory locks: the station's work transactions drop,
    its lock stays. (Idle connections are left alone: the pool's pre-ping would hide their loss.)"""
    from sqlalchemy import text

    with engine.connect() as conn:
        killed = conn.execute(
            text(
                "SELECT count(pg_terminate_backend(a.pid)) FROM pg_stat_activity a"
                " WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()"
                " AND a.backend_type = 'client backend' AND a.state IN ('active', 'idle in transaction')"
                " AND NOT EXISTS (SELECT 1 FROM pg_locks l WHERE l.pid = a.pid AND l.locktype = 'advisory')"
            )
        ).scalar()
        conn.commit()
    return int(killed or 0)


def test_station_rides_out_dropped_database_connections_mid_batch(
    committed_app: Any, stations: tuple[MemoryStation, MemoryStation]
) -> None:
    import time

    app = committed_app
    station, _unused = stations
    demo = make_batch(app, {"77": 6})
    station.control_switches(print_seconds=0.4)
    station.start()
    assert (
        app.test_client()
        .post(f"/api/v1/batches/{demo.batch_id}/start", json={"station": "main"}, headers=auth(demo.operator))
        .status_code
        == 200
    )
    waiting(lambda: _card_on_print_head(app), "a card on the print head", station)
    engine = app.extensions["gateway.engine"]
    deadline = time.monotonic() + 4.0
    kills = 0
    while time.monotonic() < deadline:  # claims, steps and outcomes all meet dead connections
        kills += kill_connections_except_locks(engine)
        time.sleep(0.01)
    assert kills > 0
    waiting(lambda: _batch(app, demo.batch_id).state is BatchState.PRODUCED, "batch produced", station)
    final = cards_of(app, demo.batch_id)
    assert [c.state for c in final] == [CardState.PRODUCED] * 6, station.log_tail()
    printed = [m["job_name"] for m in station.manifests() if m["result"] == "ejected"]
    assert sorted(printed) == sorted(c.number for c in final), (
        station.log_tail()
    )  # every card once, none twice
    assert station.proc is not None and station.proc.poll() is None, station.log_tail()  # still serving
