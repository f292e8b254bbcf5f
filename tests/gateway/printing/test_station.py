"""A whole batch through a real station worker process: Celery on RabbitMQ, PostgreSQL, the spool
printer with injected faults, and every chip written through pcscd + vpcd + a virtual card."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from gateway.db.session import unit_of_work
from gateway.models import BatchState, CardOrder, CardState, Event, OrderState, PrintBatch, PrintStation
from tests.factories import auth

from .conftest import StationProcess, cards_of, make_batch, wait_for

pytestmark = [pytest.mark.pcsc, pytest.mark.timeout(120)]


def _batch(app: Any, batch_id: int) -> PrintBatch:
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        batch = s.get(PrintBatch, batch_id)
        assert batch is not None
        return batch


def _events(app: Any, card_id: int) -> list[Event]:
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        return list(
            s.scalars(
                select(Event)
                .where(Event.entity_type == "card", Event.entity_id == card_id)
                .order_by(Event.id)
            )
        )


def test_batch_with_printer_and_encoder_faults(committed_app: Any, station: StationProcess) -> None:
    app = committed_app
    demo = make_batch(app, {"77": 3, "50": 1})
    # Two blanks in the hopper; the second one's chip leaves the reader in the middle of the write.
    station.control_switches(cards_in_hopper=2, chip_faults=[None, {"remove_after_writes": 1}])
    station.start()
    client = app.test_client()
    r = client.post(
        f"/api/v1/batches/{demo.batch_id}/start", json={"station": "main"}, headers=auth(demo.operator)
    )
    assert r.status_code == 200, r.json
    assert r.json["state"] == "printing"

    paused = wait_for(
        lambda: (b := _batch(app, demo.batch_id)).state is BatchState.PAUSED and b,
        what=f"batch paused; station log:\n{station.log_tail()}",
    )
    assert "закончились заготовки" in paused.pause_reason
    stations = client.get("/api/v1/stations", headers=auth(demo.operator)).json["items"]
    main = next(s for s in stations if s["name"] == "main")
    assert main["state"] == "paused" and main["pause_code"] == "printer_out_of_cards" and main["online"]

    cards = cards_of(app)
    by_state = {c.number: c.state for c in cards}
    spoiled = [c for c in cards if c.state is CardState.SPOILED]
    assert len(spoiled) == 1, by_state
    replacement = next(c for c in cards if c.replaces_card_id == spoiled[0].id)
    assert replacement.number != spoiled[0].number and replacement.state is CardState.QUEUED
    assert replacement.batch_id == demo.batch_id
    # The spoiled card's trail names its chip; the card that met the empty hopper went back.
    spoil_events = _events(app, spoiled[0].id)
    assert any(
        e.reason == "encode_failed" and e.data["status"] == "card_removed" and e.data["uid"]
        for e in spoil_events
    )
    assert sum(c.state is CardState.PRODUCED for c in cards) == 1
    assert not [c for c in cards if c.state is CardState.PRINTING]

    # The operator loads cards and resumes.
    station.control_switches(cards_in_hopper=None)
    r = client.post(f"/api/v1/batches/{demo.batch_id}/resume", headers=auth(demo.operator))
    assert r.status_code == 200, r.json
    wait_for(
        lambda: _batch(app, demo.batch_id).state is BatchState.PRODUCED,
        what=f"batch produced; station log:\n{station.log_tail()}",
    )

    cards = cards_of(app)
    produced = [c for c in cards if c.state is CardState.PRODUCED]
    assert len(produced) == 4 and len({c.chip_uid for c in produced}) == 4
    assert all(c.chip_uid and c.station == "main" for c in produced)
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        orders = list(s.scalars(select(CardOrder)))
        assert {o.state for o in orders} == {OrderState.PRODUCED}
        st = s.scalar(select(PrintStation).where(PrintStation.name == "main"))
        assert st is not None and st.state.value == "idle" and st.current_batch_id is None
    # Every produced card has verified and ejected steps with its chip UID.
    for card in produced:
        steps = {e.reason: e.data for e in _events(app, card.id) if e.to_state == "printing" and e.data}
        assert steps["verified"]["uid"] == card.chip_uid and steps["ejected"]["uid"] == card.chip_uid
    results = [m["result"] for m in station.manifests()]
    assert results.count("ejected") == 4 and results.count("rejected") == 1


def _printing(app: Any, station: StationProcess, *, print_seconds: float) -> tuple[Any, Any]:
    """A 3-card batch started on the station, once a card is on the print head: (batch, attempt)."""
    from gateway.models import CardPrintAttempt

    demo = make_batch(app, {"77": 3})
    station.control_switches(print_seconds=print_seconds)
    station.start()
    assert (
        app.test_client()
        .post(f"/api/v1/batches/{demo.batch_id}/start", json={"station": "main"}, headers=auth(demo.operator))
        .status_code
        == 200
    )

    def printing_card() -> Any:
        with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
            return s.scalar(
                select(CardPrintAttempt).where(
                    CardPrintAttempt.finished_at.is_(None), CardPrintAttempt.last_step == "print"
                )
            )

    return demo, wait_for(printing_card, what=f"a card being printed; log:\n{station.log_tail()}")


def test_killed_worker_leaves_card_for_inspection(committed_app: Any, station: StationProcess) -> None:
    app = committed_app
    demo, attempt = _printing(app, station, print_seconds=2.5)
    client = app.test_client()
    station.kill()  # SIGKILL: no clean-up, no ack, exactly like a power cut of the station PC
    in_flight = next(c for c in cards_of(app) if c.id == attempt.card_id)
    assert in_flight.state is CardState.PRINTING

    station.control_switches(print_seconds=0)
    station.start()
    batch = wait_for(
        lambda: (b := _batch(app, demo.batch_id)).state is BatchState.PAUSED and b,
        what=f"batch paused after restart; log:\n{station.log_tail()}",
    )
    assert in_flight.number in batch.pause_reason
    card = next(c for c in cards_of(app) if c.id == attempt.card_id)
    assert card.state is CardState.NEEDS_INSPECTION
    listed = client.get("/api/v1/stations", headers=auth(demo.operator)).json["needs_inspection"]
    assert [c["number"] for c in listed] == [card.number] and listed[0]["last_step"] == "print"
    # Not printed twice, not counted as good.
    assert not any(m["job_name"] == card.number for m in station.manifests())

    r = client.post(
        f"/api/v1/cards/{card.number}/resolve", json={"result": "spoiled"}, headers=auth(demo.operator)
    )
    assert r.status_code == 200 and r.json["state"] == "spoiled"
    assert (
        client.post(f"/api/v1/batches/{demo.batch_id}/resume", headers=auth(demo.operator)).status_code == 200
    )
    wait_for(
        lambda: _batch(app, demo.batch_id).state is BatchState.PRODUCED,
        what=f"batch produced; log:\n{station.log_tail()}",
    )
    final = cards_of(app)
    assert sum(c.state is CardState.PRODUCED for c in final) == 3
    assert next(c for c in final if c.replaces_card_id == card.id).state is CardState.PRODUCED


def test_second_process_for_the_same_station_refuses_to_start(
    committed_app: Any, station: StationProcess
) -> None:
    """Started twice by mistake (another terminal, another PC), a station must not run its start-up
    recovery against the card the first process is printing: the second process stops at once."""
    import subprocess
    import sys

    from .conftest import ROOT

    app = committed_app
    demo, _attempt = _printing(app, station, print_seconds=1.5)
    second = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "station", "--name", "main"],
        cwd=ROOT,
        env=station.env,
        capture_output=True,
        timeout=90,
    )
    assert second.returncode != 0
    assert "Станция «main» уже работает в другом процессе" in second.stderr.decode()

    station.control_switches(print_seconds=0)
    wait_for(
        lambda: _batch(app, demo.batch_id).state is BatchState.PRODUCED,
        what=f"batch produced by the first process; log:\n{station.log_tail()}",
    )
    final = cards_of(app)
    assert all(c.state is CardState.PRODUCED for c in final)
    assert len(station.manifests()) == 3
