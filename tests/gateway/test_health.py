"""Liveness and readiness: /healthz, /readyz and ``gateway check`` against the real PostgreSQL
and RabbitMQ of the tests."""

from __future__ import annotations

import datetime as dt
import json
import os
import subprocess
import sys
from typing import Any

import pytest
from sqlalchemy import create_engine, delete, text
from sqlalchemy.engine import make_url

from gateway.app import create_app
from gateway.db.base import utcnow
from gateway.db.migrate import upgrade
from gateway.health import beat_stale_after, check_beat, check_database
from gateway.models.operations import BeatJob
from tests.conftest import TEST_BROKER_URL, TEST_DB_URL, make_test_settings


def _beat_seen(engine: Any, ago_seconds: float = 0) -> None:
    with engine.begin() as conn:
        conn.execute(delete(BeatJob))
        conn.execute(
            BeatJob.__table__.insert().values(
                name="onec-deliver-outbox",
                task="gateway.sync.deliver_outbox_task",
                last_sent_at=utcnow() - dt.timedelta(seconds=ago_seconds),
                last_task_id="t-1",
            )
        )


def test_healthz_answers_without_login_and_sets_no_cookie(client: Any) -> None:
    r = client.get("/healthz")
    assert r.status_code == 200 and r.json == {"status": "ok"}
    assert "Set-Cookie" not in r.headers


def test_readyz_is_ready_with_database_at_head_broker_up_and_beat_seen(
    committed_app: Any, engine: Any
) -> None:
    _beat_seen(engine, ago_seconds=5)
    r = committed_app.test_client().get("/readyz")
    assert r.status_code == 200, r.json
    body = r.json
    assert body["status"] == "ready"
    assert (
        body["checks"]["database"]["ok"]
        and body["checks"]["database"]["revision"] == body["checks"]["database"]["head"]
    )
    assert body["checks"]["broker"] == {"ok": True, "transport": "amqp"}
    assert body["checks"]["beat"]["ok"] and body["checks"]["beat"]["last_seen_seconds_ago"] < 60


def test_readyz_is_503_while_beat_has_never_been_seen(committed_app: Any) -> None:
    r = committed_app.test_client().get("/readyz")
    assert r.status_code == 503
    assert r.json["status"] == "not_ready"
    assert r.json["checks"]["beat"] == {"ok": False, "error": "never_seen", "stale_after_seconds": 300.0}


def test_beat_is_stale_after_the_setting_but_never_before_twice_its_shortest_interval(
    committed_app: Any, engine: Any
) -> None:
    settings = committed_app.extensions["gateway.settings"]
    celery = committed_app.extensions["celery"]
    # The shortest job (status delivery) runs every minute: the 300 s setting wins.
    assert beat_stale_after(settings, celery) == 300.0
    _beat_seen(engine, ago_seconds=0)
    later = utcnow() + dt.timedelta(seconds=301)
    stale = check_beat(engine, settings, celery, now=later)
    assert not stale.ok and stale.details["error"] == "stale"
    slow = make_test_settings(
        ops={"beat_stale_seconds": 10},
        sync={"outbox_minutes": 30},
        onec={"incremental_minutes": 30},
        batching={"schedule_minutes": 30},
        watchdog={"minutes": 30},
        virtual={"webhook_interval_seconds": 1800},
    )
    slow_app = create_app(slow)
    try:
        # Every job every 30 min: 10 s without a send is normal, a stale threshold below 1 h is not.
        assert beat_stale_after(slow, slow_app.extensions["celery"]) == 3600.0
    finally:
        slow_app.extensions["gateway.engine"].dispose()


def test_readyz_reports_an_unreachable_broker_without_its_address(engine: Any) -> None:
    app = create_app(
        make_test_settings(
            broker_url="amqp://guest:secret-pw@127.0.0.1:1//", ops={"probe_timeout_seconds": 1}
        )
    )
    try:
        r = app.test_client().get("/readyz")
    finally:
        app.extensions["gateway.engine"].dispose()
    assert r.status_code == 503
    broker = r.json["checks"]["broker"]
    assert broker["ok"] is False and broker["error"]
    assert "secret-pw" not in r.get_data(as_text=True) and "127.0.0.1" not in r.get_data(as_text=True)


@pytest.fixture()
def old_database(engine: Any) -> Any:
    """A second database of this test run, migrated to an older revision only."""
    url = make_url(TEST_DB_URL)
    name = f"{url.database}_health"
    admin = create_engine(
        url.set(database="postgres").set(drivername="postgresql+psycopg"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    db_url = url.set(database=name).render_as_string(hide_password=False)
    yield db_url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_database_behind_head_is_not_ready(old_database: str) -> None:
    upgrade(old_database, "0004")
    eng = create_engine(make_test_settings(database_url=old_database).database_url)
    try:
        check = check_database(eng)
    finally:
        eng.dispose()
    assert not check.ok
    assert check.details["revision"] == ["0004"] and check.details["error"] == "not_at_head"


def _gateway(*args: str, **env: str) -> subprocess.CompletedProcess[str]:
    full = dict(os.environ)
    full.update(
        GATEWAY_DATABASE_URL=TEST_DB_URL,
        GATEWAY_BROKER_URL=TEST_BROKER_URL,
        GATEWAY_SECRET_KEY="check-test-secret-key-0123456789",
        GATEWAY_ENVIRONMENT="test",
    )
    full.update(env)
    return subprocess.run(
        [sys.executable, "-m", "gateway.cli", *args], env=full, capture_output=True, text=True, timeout=60
    )


def test_gateway_check_runs_the_same_checks_for_scripts(committed_app: Any, engine: Any) -> None:
    not_ready = _gateway("check")
    assert not_ready.returncode == 1, not_ready.stderr
    assert json.loads(not_ready.stdout)["checks"]["beat"]["error"] == "never_seen"
    _beat_seen(engine, ago_seconds=1)
    ready = _gateway("check")
    assert ready.returncode == 0, ready.stdout + ready.stderr
    assert json.loads(ready.stdout)["status"] == "ready"


def test_an_unreachable_database_is_not_ready_and_gateway_check_says_so() -> None:
    result = _gateway("check", GATEWAY_DATABASE_URL="postgresql://postgres:db-secret@127.0.0.1:1/nothing")
    assert result.returncode == 1
    body = json.loads(result.stdout)
    assert body["checks"]["database"] == {"ok": False, "error": "OperationalError"}
    assert body["checks"]["beat"]["ok"] is False
    assert "db-secret" not in result.stdout
