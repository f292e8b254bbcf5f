"""One batch on three real station processes sharing its queue (Celery on RabbitMQ, PostgreSQL, dev
spool printers): one runs out of blanks and pauses while the others go on, one is killed (kill -9)
in the middle of a card; every card ends resolved exactly once.

Stations ``a`` and ``b`` write every chip through pcscd + vpcd (one virtual reader each: the
machine has two); station ``c`` has the in-memory encoder because there is no third reader.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from adapters.pcsc.devstack import PcscdHandle
from gateway.db.base import utcnow
from gateway.db.locks import is_held
from gateway.db.session import unit_of_work
from gateway.models import (
    AttemptOutcome,
    BatchState,
    CardOrder,
    CardPrintAttempt,
    CardState,
    Event,
    OrderState,
    PrintBatch,
    PrintStation,
    StationState,
)
from gateway.printing.runner import station_lock_name
from gateway.watchdog import run_watchdog
from tests.conftest import make_test_settings
from tests.factories import auth
from tests.helpers import wait_for

from .conftest import StationProcess, _purge_station_queue, cards_of, make_batch

pytestmark = [pytest.mark.pcsc, pytest.mark.timeout(240)]

NAMES = ("a", "b", "c")
STALE_SECONDS = 3


@pytest.fixture
def multi_app(committed_app: Any, signing_key_file: Path) -> Iterator[Any]:
    """An app (the operator's side and the watchdog) that knows stations a, b and c."""
    from gateway.app import create_app

    settings = make_test_settings(
        printing={
            "signing_key_path": str(signing_key_file),
            "heartbeat_stale_seconds": STALE_SECONDS,
            "stations": {name: {} for name in NAMES},
        }
    )
    app = create_app(settings)
    app.config["TESTING"] = True
    yield app
    app.extensions["gateway.engine"].dispose()


@pytest.fixture
def three_stations(
    pcscd: PcscdHandle, tmp_path: Path, signing_key_file: Path, multi_app: Any
) -> Iterator[dict[str, StationProcess]]:
    procs = {}
    for name, port in zip(NAMES, (35963, 35964, 35963), strict=True):
        _purge_station_queue(multi_app, name)
        (tmp_path / name).mkdir()
        proc = StationProcess(tmp_path / name, signing_key_file, name=name, vpcd_port=port)
        proc.env["GATEWAY_PRINTING__HEARTBEAT_STALE_SECONDS"] = str(STALE_SECONDS)
        procs[name] = proc
    prefix = "GATEWAY_PRINTING__STATIONS__C__"
    procs["c"].env[prefix + "ENCODER__KIND"] = "memory"
    procs["c"].env[prefix + "PRINTER__VIRTUAL_CHIP"] = ""
    yield procs
    for proc in procs.values():
        proc.stop()


def _logs(procs: dict[str, StationProcess]) -> str:
    return "\n".join(f"--- station {n}:\n{p.log_tail()}" for n, p in procs.items())


def _snapshot(app: Any, batch_id: int) -> tuple[BatchState, dict[str, StationState], Counter[CardState]]:
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        batch = s.get(PrintBatch, batch_id)
        assert batch is not None
        stations = {st.name: st.state for st in s.scalars(select(PrintStation))}
        return batch.state, stations, Counter(c.state for c in cards_of(app, batch_id))


def _printing_on(app: Any, station: str, step: str) -> str | None:
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        return s.scalar(
            select(CardPrintAttempt.card_id).where(
                CardPrintAttempt.station == station,
                CardPrintAttempt.finished_at.is_(None),
                CardPrintAttempt.last_step == step,
            )
        )


def test_batch_on_three_stations_survives_a_paused_and_a_killed_station(
    multi_app: Any, three_stations: dict[str, StationProcess]
) -> None:
    app, procs = multi_app, three_stations
    factory = app.extensions["gateway.sessionmaker"]
    demo = make_batch(app, {"77": 9, "50": 9})
    procs["a"].control_switches(print_seconds=0.2)
    procs["b"].control_switches(cards_in_hopper=3, print_seconds=0.2)  # b runs out after 3 blanks
    procs["c"].control_switches(print_seconds=1.0)  # slow enough to be killed mid-print
    for proc in procs.values():
        proc.start()
    client = app.test_client()
    r = client.post(
        f"/api/v1/batches/{demo.batch_id}/start", json={"stations": list(NAMES)}, headers=auth(demo.operator)
    )
    assert r.status_code == 200, r.json
    assert r.json["state"] == "printing" and r.json["station"] == "a,b,c"

    # b pauses on its empty hopper; the batch keeps printing on a and c.
    state, stations, _ = wait_for(
        lambda: (snap := _snapshot(app, demo.batch_id))[1].get("b") is StationState.PAUSED and snap,
        timeout=90,
        what=f"station b paused\n{_logs(procs)}",
    )
    assert state is BatchState.PRINTING, stations
    with unit_of_work(factory) as s:
        b = s.scalar(select(PrintStation).where(PrintStation.name == "b"))
        assert b is not None and b.pause_code == "printer_out_of_cards"

    # c is killed while a card is on its print head.
    in_hand = wait_for(
        lambda: _printing_on(app, "c", "print"), timeout=90, what=f"c printing\n{_logs(procs)}"
    )
    procs["c"].kill()

    # a prints everything else; c's card stays "printing" until c is known to be gone.
    wait_for(
        lambda: (
            (snap := _snapshot(app, demo.batch_id))[2][CardState.QUEUED] == 0
            and snap[2][CardState.PRINTING] == 1
            and _printing_on(app, "a", "print") is None
            and not [
                c for c in cards_of(app, demo.batch_id) if c.state is CardState.PRINTING and c.id != in_hand
            ]
        ),
        timeout=120,
        what=f"the queue drained by a\n{_logs(procs)}",
    )
    with unit_of_work(factory) as s:
        wait_for(lambda: not is_held(s, station_lock_name("c")), timeout=30, what="c's lock released")
    report = run_watchdog(
        factory, app.extensions["gateway.settings"], now=utcnow() + dt.timedelta(seconds=STALE_SECONDS + 1)
    )
    assert len(report.cards_to_inspect) == 1
    state, _, counts = _snapshot(app, demo.batch_id)
    assert state is BatchState.PAUSED and counts[CardState.NEEDS_INSPECTION] == 1, counts

    # The operator finds c's card spoiled, loads blanks into b and resumes: a and b print the
    # replacement, the batch closes.
    number = next(c.number for c in cards_of(app, demo.batch_id) if c.id == in_hand)
    r = client.post(
        f"/api/v1/cards/{number}/resolve", json={"result": "spoiled"}, headers=auth(demo.operator)
    )
    assert r.status_code == 200, r.json
    procs["b"].control_switches(print_seconds=0.2)
    r = client.post(f"/api/v1/batches/{demo.batch_id}/resume", headers=auth(demo.operator))
    assert r.status_code == 200, r.json
    wait_for(
        lambda: _snapshot(app, demo.batch_id)[0] is BatchState.PRODUCED,
        timeout=90,
        what=f"batch produced\n{_logs(procs)}",
    )

    cards = cards_of(app, demo.batch_id)
    states = Counter(c.state for c in cards)
    assert states == {CardState.PRODUCED: 18, CardState.SPOILED: 1}, states
    produced = [c for c in cards if c.state is CardState.PRODUCED]
    assert {c.station for c in produced} == {"a", "b", "c"}
    assert len({c.chip_uid for c in produced}) == 18
    with unit_of_work(factory) as s:
        # Exactly one "produced" transition and one produced attempt per produced card.
        to_produced = Counter(
            s.scalars(
                select(Event.entity_id).where(Event.entity_type == "card", Event.to_state == "produced")
            )
        )
        assert sorted(to_produced) == sorted(c.id for c in produced) and set(to_produced.values()) == {1}
        attempts = Counter(
            s.scalars(
                select(CardPrintAttempt.card_id).where(CardPrintAttempt.outcome == AttemptOutcome.PRODUCED)
            )
        )
        assert sorted(attempts) == sorted(c.id for c in produced) and set(attempts.values()) == {1}
        # The card b took when its hopper was empty went back to the pool and another station made it.
        returned = list(
            s.scalars(
                select(CardPrintAttempt.card_id).where(
                    CardPrintAttempt.station == "b", CardPrintAttempt.outcome == AttemptOutcome.RETURNED
                )
            )
        )
        assert returned, "station b never met its empty hopper"
        by_id = {c.id: c for c in produced}
        assert all(by_id[card_id].station != "b" for card_id in returned)
        open_attempts = s.scalar(select(func.count()).where(CardPrintAttempt.finished_at.is_(None)))
        assert open_attempts == 0
        assert {o.state for o in s.scalars(select(CardOrder))} == {OrderState.PRODUCED}
        idle = {st.name: (st.state, st.current_batch_id) for st in s.scalars(select(PrintStation))}
        assert idle == {n: (StationState.IDLE, None) for n in NAMES}, idle
    # The printers agree: every produced card was ejected exactly once, on one of the stations.
    ejected = Counter(
        m["job_name"] for proc in procs.values() for m in proc.manifests() if m["result"] == "ejected"
    )
    assert sorted(ejected) == sorted(c.number for c in produced) and set(ejected.values()) == {1}
    assert number not in ejected
