"""/metrics: database figures, 1C calls over real HTTP to the emulator, login failures, access
rules, and prometheus-client's multi-process mode summing counters of several processes."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import REGISTRY
from prometheus_client.parser import text_string_to_metric_families

from adapters.onec import RetryPolicy
from adapters.onec.emulator.process import EmulatorProcess
from gateway.app import create_app
from gateway.db.base import utcnow
from gateway.db.session import unit_of_work
from gateway.models import PrintStation, StationState, SyncKind, SyncRun, SyncState
from gateway.sync.connect import open_registry
from tests.conftest import make_test_settings
from tests.factories import make_member, make_primary, make_region
from tests.gateway.web.helpers import order_cards
from tests.gateway.web.support import login, make_user


def samples(body: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    out = {}
    for family in text_string_to_metric_families(body):
        for s in family.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = s.value
    return out


def test_metrics_show_orders_outbox_stations_and_syncs_from_the_database(committed_app: Any) -> None:
    settings = committed_app.extensions["gateway.settings"]
    with unit_of_work(committed_app.extensions["gateway.sessionmaker"]) as s:
        region = make_region(s, "77")
        primary = make_primary(s, region)
        members = [make_member(s, primary, surname=f"Метрикова{'а' * i}") for i in range(3)]
        order_cards(s, settings, members)  # three accepted orders with «Заказан» waiting for 1C
        s.add(
            PrintStation(
                name="main", state=StationState.PAUSED, heartbeat_at=utcnow() - dt.timedelta(seconds=30)
            )
        )
        started = utcnow() - dt.timedelta(minutes=12)
        s.add(
            SyncRun(
                kind=SyncKind.INCREMENTAL,
                state=SyncState.SUCCEEDED,
                started_at=started,
                finished_at=started + dt.timedelta(minutes=2),
            )
        )
    client = committed_app.test_client()
    client.get("/healthz")
    r = client.get("/metrics")
    assert r.status_code == 200 and r.mimetype == "text/plain"
    m = samples(r.get_data(as_text=True))
    assert m[("gateway_metrics_database_up", ())] == 1
    assert m[("gateway_orders", (("state", "accepted"),))] == 3
    assert m[("gateway_outbox_messages", (("state", "pending"),))] == 3
    assert m[("gateway_outbox_messages", (("state", "dead"),))] == 0
    assert m[("gateway_outbox_oldest_pending_age_seconds", ())] >= 0
    assert m[("gateway_uploads_in_progress", ())] == 0
    assert m[("gateway_station_state", (("state", "paused"), ("station", "main")))] == 1
    assert m[("gateway_station_state", (("state", "idle"), ("station", "main")))] == 0
    assert 29 <= m[("gateway_station_heartbeat_age_seconds", (("station", "main"),))] < 120
    assert 12 * 60 <= m[("gateway_sync_lag_seconds", (("kind", "incremental"),))] < 13 * 60
    assert m[("gateway_sync_last_success_timestamp_seconds", (("kind", "incremental"),))] == pytest.approx(
        (started + dt.timedelta(minutes=2)).timestamp()
    )
    # Request durations of the process itself (the multi-process files are tested below).
    health = (("endpoint", "health.healthz"), ("method", "GET"), ("status", "2xx"))
    assert m[("gateway_http_request_seconds_count", health)] >= 1
    # No figure names a person.
    assert "Метрикова" not in r.get_data(as_text=True)


def test_cards_finished_on_each_station_in_the_last_hour_by_outcome(committed_app: Any) -> None:
    from gateway.models import AttemptOutcome, CardPrintAttempt
    from tests.gateway.web.helpers import produce_batch

    settings = committed_app.extensions["gateway.settings"]
    now = utcnow()
    with unit_of_work(committed_app.extensions["gateway.sessionmaker"]) as s:
        primary = make_primary(s, make_region(s, "77"))
        cards = order_cards(
            s, settings, [make_member(s, primary, surname=f"Станцева{'а' * i}") for i in range(4)]
        )
        batch = produce_batch(s, settings, dispatch=False)
        finished = [
            ("main", AttemptOutcome.PRODUCED, 10),
            ("main", AttemptOutcome.SPOILED, 20),
            ("main", AttemptOutcome.PRODUCED, 150),  # two and a half hours ago: not in the last hour
            ("second", AttemptOutcome.PRODUCED, 5),
        ]
        for card, (station, outcome, minutes_ago) in zip(cards, finished, strict=True):
            at = now - dt.timedelta(minutes=minutes_ago)
            s.add(
                CardPrintAttempt(
                    card_id=card.id,
                    batch_id=batch.id,
                    station=station,
                    outcome=outcome,
                    started_at=at,
                    finished_at=at,
                )
            )
        s.add(
            CardPrintAttempt(card_id=cards[0].id, batch_id=batch.id, station="main", started_at=now)
        )  # open
    m = samples(committed_app.test_client().get("/metrics").get_data(as_text=True))
    per_station = {
        dict(labels)["station"] + "/" + dict(labels)["outcome"]: v
        for (name, labels), v in m.items()
        if name == "gateway_station_cards_last_hour"
    }
    assert per_station == {"main/produced": 1, "main/spoiled": 1, "second/produced": 1}


def test_metrics_answer_only_allowed_networks_or_the_token(app: Any) -> None:
    client = app.test_client()
    assert client.get("/metrics").status_code == 200  # the test client comes from 127.0.0.1
    assert client.get("/metrics", environ_base={"REMOTE_ADDR": "203.0.113.7"}).status_code == 403
    locked = create_app(make_test_settings(ops={"metrics_token": "scrape-token-123"}))
    try:
        c = locked.test_client()
        assert c.get("/metrics").status_code == 403  # a token, once set, is required from everywhere
        assert c.get("/metrics", headers={"Authorization": "Bearer wrong"}).status_code == 403
        assert c.get("/metrics", headers={"Authorization": "Bearer scrape-token-123"}).status_code == 200
    finally:
        locked.extensions["gateway.engine"].dispose()


def _value(name: str, **labels: str) -> float:
    return REGISTRY.get_sample_value(name, labels) or 0.0


def test_failed_logins_are_counted(app: Any, db: Any) -> None:
    from gateway.models import Role

    make_user(db, "metrics-user", Role.OPERATOR)
    before = _value("gateway_login_failures_total")
    client = app.test_client()
    assert login(client, "metrics-user", "not-the-password").status_code == 401
    assert login(client, "nobody-at-all", "whatever").status_code == 401
    assert _value("gateway_login_failures_total") == before + 2
    assert login(client, "metrics-user").status_code == 302
    assert _value("gateway_login_failures_total") == before + 2


@pytest.fixture(scope="module")
def small_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    with EmulatorProcess(
        data_file=tmp_path_factory.mktemp("metrics") / "registry.sqlite", members=200
    ) as emu:
        yield emu


def test_onec_calls_are_timed_and_failures_counted_by_kind(small_emulator: EmulatorProcess) -> None:
    settings = make_test_settings(
        onec={
            "base_url": small_emulator.base_url,
            "username": small_emulator.user,
            "password": small_emulator.password,
        }
    )
    registry = open_registry(settings, retry=RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.05))
    # A first read fetches (and caches) $metadata, so the counts below are of the page reads alone.
    assert next(iter(registry.iter_organisations(page_size=5)))
    calls_before = _value("gateway_onec_request_seconds_count", method="GET")
    pool_before = _value("gateway_onec_errors_total", kind="pool_exhausted")
    # 1C's web server answers 406 once (no free session); the client retries and succeeds.
    small_emulator.faults(status_406_count=1)
    try:
        organisations = next(iter(registry.iter_organisations(page_size=5)))
    finally:
        registry.close()
        small_emulator.reset_faults()
    assert organisations
    assert _value("gateway_onec_errors_total", kind="pool_exhausted") == pool_before + 1
    # The refused call and its retry are both timed (the client may add a call of its own, such as
    # opening a fresh 1C session after the refusal).
    assert _value("gateway_onec_request_seconds_count", method="GET") >= calls_before + 2


def test_unreachable_1c_is_counted_as_a_connection_error() -> None:
    from adapters.onec.errors import OneCUnavailable

    settings = make_test_settings(onec={"base_url": "http://127.0.0.1:9/registry"})
    before = _value("gateway_onec_errors_total", kind="connection")
    registry = open_registry(settings, retry=RetryPolicy(max_attempts=2, base_delay=0.01, max_delay=0.02))
    try:
        with pytest.raises(OneCUnavailable):
            next(iter(registry.iter_organisations(page_size=5)))
    finally:
        registry.close()
    assert _value("gateway_onec_errors_total", kind="connection") == before + 2


WRITER = """
import sys
from gateway.metrics import LOGIN_FAILURES, ONEC_ERRORS
LOGIN_FAILURES.inc(int(sys.argv[1]))
ONEC_ERRORS.labels("timeout").inc()
"""


def test_multiprocess_mode_sums_the_counters_of_every_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from gateway.metrics import process_metrics

    directory = tmp_path / "prom"
    directory.mkdir()
    env = {**os.environ, "PROMETHEUS_MULTIPROC_DIR": str(directory)}
    for n in ("2", "3"):  # two processes (web workers, Celery children) that have since exited
        subprocess.run([sys.executable, "-c", WRITER, n], env=env, check=True, timeout=60)
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(directory))
    m = samples(process_metrics().decode())
    assert m[("gateway_login_failures_total", ())] == 5
    assert m[("gateway_onec_errors_total", (("kind", "timeout"),))] == 2
