"""Operators' API of the 1C link: dead letters, retry, reconciliation (over the real emulator)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Any

import pytest
from kombu import Queue
from sqlalchemy import select

from adapters.onec import build_registry
from gateway.accounts.api_tokens import create_token
from gateway.app import create_app
from gateway.models import OutboxMessage, OutboxState, TokenKind
from gateway.sync.full import run_full_sync
from gateway.sync.incremental import run_incremental_sync
from tests.conftest import ROLLBACK_QUEUE

from .conftest import FAST_RETRY, SyncEnv


@pytest.fixture()
def api_app(env: SyncEnv) -> Iterator[Any]:
    app = create_app(env.settings)
    yield app
    app.extensions["celery"].close()  # the broker connection used to send the delivery task
    app.extensions["gateway.engine"].dispose()


def _client(env: SyncEnv, app: Any) -> tuple[Any, dict[str, str], dict[str, str]]:
    app.config["TESTING"] = True
    app.extensions["gateway.registry_factory"] = lambda: build_registry(
        env.emulator.settings(retry=FAST_RETRY)
    )
    with env.factory() as s:
        _t, operator = create_token(s, name="op", kind=TokenKind.OPERATOR)
        _t, region = create_token(s, name="1c", kind=TokenKind.ONEC_SYNC)
        s.commit()
    return app.test_client(), {"Authorization": f"Bearer {operator}"}, {"Authorization": f"Bearer {region}"}


def test_dead_letters_listed_and_retried_by_an_operator(env: SyncEnv, api_app: Any) -> None:
    reg = env.registry()
    run_full_sync(env.factory, env.engine, env.settings, reg)
    with env.factory() as s:
        msg = s.scalars(select(OutboxMessage).order_by(OutboxMessage.id).limit(1)).one()
        msg.state, msg.attempts, msg.last_error = OutboxState.DEAD, 25, "OneCApplicationError: status=500"
        s.commit()
        msg_id = msg.id
    client, operator, other = _client(env, api_app)

    assert client.get("/api/v1/outbox?state=dead", headers=other).status_code == 403
    listed = client.get("/api/v1/outbox?state=dead", headers=operator)
    assert listed.status_code == 200
    body = listed.get_json()
    assert body["total"] == 1 and body["items"][0]["id"] == msg_id and body["items"][0]["card_number"]
    bad = client.get("/api/v1/outbox?state=lost", headers=operator)
    assert bad.status_code == 400 and bad.get_json()["error"]["code"] == "invalid_state"

    pending = client.get("/api/v1/outbox?state=pending&limit=1", headers=operator).get_json()["items"][0]
    refused = client.post(f"/api/v1/outbox/{pending['id']}/retry", headers=operator)
    assert refused.status_code == 409 and refused.get_json()["error"]["code"] == "outbox_message_not_dead"
    assert client.post("/api/v1/outbox/999999/retry", headers=operator).status_code == 404

    # Retry: pending again with fresh attempts (the delivery task is sent after the commit).
    retried = client.post(f"/api/v1/outbox/{msg_id}/retry", headers=operator)
    assert retried.status_code == 200, retried.get_json()
    assert retried.get_json()["state"] == "pending" and retried.get_json()["attempts"] == 0
    with env.factory() as s:
        assert s.get(OutboxMessage, msg_id).state is OutboxState.PENDING  # type: ignore[union-attr]
    reg.close()


def _reconcile(client: Any, headers: dict[str, str], timeout: float = 60.0) -> dict[str, Any]:
    """Ask for a report and wait for the worker to make it; the finished run."""
    started = client.post("/api/v1/reconciliation", headers=headers)
    assert started.status_code == 202, started.get_json()
    location = started.headers["Location"]
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        run = client.get(location, headers=headers).get_json()
        if run["state"] in ("succeeded", "failed"):
            return run
        time.sleep(0.1)
    raise AssertionError(f"reconciliation not finished: {run}")


@pytest.fixture()
def reconcile_app(env: SyncEnv, worker_app: Any) -> Iterator[Any]:
    """The app whose real Celery worker makes the reports, reading the test's emulator."""
    worker_app.extensions["gateway.registry_factory"] = lambda: build_registry(
        env.emulator.settings(retry=FAST_RETRY)
    )
    yield worker_app
    worker_app.extensions.pop("gateway.registry_factory", None)


def test_reconciliation_runs_in_the_background_and_lists_the_differences(
    env: SyncEnv, reconcile_app: Any
) -> None:
    reg = env.registry()
    run_full_sync(env.factory, env.engine, env.settings, reg)
    run_incremental_sync(env.factory, env.engine, env.settings, reg)  # drain older changes
    client, operator, other = _client(env, reconcile_app)
    assert client.post("/api/v1/reconciliation", headers=other).status_code == 403
    none_yet = client.get("/api/v1/reconciliation", headers=operator)
    assert none_yet.status_code == 404 and none_yet.get_json()["error"]["code"] == "no_reconciliation"

    run = _reconcile(client, operator)
    assert run["state"] == "succeeded" and run["error"] is None
    report = run["report"]
    assert not [d for d in report["differences"] if d["kind"] == "members"]
    r77 = next(r for r in report["regions"] if r["region_code"] == "77")
    assert r77["members"]["gateway"] == r77["members"]["onec"] > 0
    assert client.get("/api/v1/reconciliation", headers=operator).get_json()["id"] == run["id"]

    left = env.emulator.mutate("member_left", count=3)
    assert len(left) == 3
    diffs = [d for d in _reconcile(client, operator)["report"]["differences"] if d["kind"] == "members"]
    assert diffs and sum(d["gateway"] - d["onec"] for d in diffs) == 3

    run_incremental_sync(env.factory, env.engine, env.settings, reg)
    report = _reconcile(client, operator)["report"]
    assert not [d for d in report["differences"] if d["kind"] == "members"]

    env.emulator.faults(down=True)
    failed = _reconcile(client, operator)
    assert failed["state"] == "failed" and failed["report"] is None
    assert "1С не ответила" in failed["error"]
    reg.close()


def test_a_second_request_while_one_runs_gets_the_same_run(env: SyncEnv, api_app: Any) -> None:
    """No worker takes the task: the first run stays queued, so the second request must return it."""
    # The session-wide test worker may be running (started by an earlier test): send the task to a
    # queue no worker consumes, so the first run cannot finish between the two requests.
    celery = api_app.extensions["celery"]
    celery.conf.task_default_queue = ROLLBACK_QUEUE
    celery.conf.task_queues = [Queue(ROLLBACK_QUEUE)]
    client, operator, _ = _client(env, api_app)
    first = client.post("/api/v1/reconciliation", headers=operator)
    second = client.post("/api/v1/reconciliation", headers=operator)
    assert first.status_code == second.status_code == 202
    assert first.get_json()["id"] == second.get_json()["id"] and second.get_json()["state"] == "queued"
