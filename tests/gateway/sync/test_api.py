"""Operators' API of the 1C link: dead letters, retry, reconciliation (over the real emulator)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from adapters.onec import build_registry
from gateway.api_tokens import create_token
from gateway.app import create_app
from gateway.models import OutboxMessage, OutboxState, TokenKind
from gateway.sync.full import run_full_sync
from gateway.sync.incremental import run_incremental_sync

from .conftest import FAST_RETRY, SyncEnv


@pytest.fixture()
def api_app(env: SyncEnv) -> Iterator[Any]:
    app = create_app(env.settings)
    yield app
    app.extensions["celery"].close()  # the broker connection used to send the delivery task
    app.extensions["gateway.engine"].dispose()


def _client(env: SyncEnv, app: Any) -> tuple[Any, dict[str, str], dict[str, str]]:
    app.config["TESTING"] = True
    app.extensions["gateway.registry_factory"] = lambda: build_registry(env.emulator.settings(retry=FAST_RETRY))
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


def test_reconciliation_lists_the_differences_until_synced(env: SyncEnv, api_app: Any) -> None:
    reg = env.registry()
    run_full_sync(env.factory, env.engine, env.settings, reg)
    run_incremental_sync(env.factory, env.engine, env.settings, reg)  # drain older changes
    client, operator, _ = _client(env, api_app)
    report = client.get("/api/v1/reconciliation", headers=operator).get_json()
    assert not [d for d in report["differences"] if d["kind"] == "members"]
    r77 = next(r for r in report["regions"] if r["region_code"] == "77")
    assert r77["members"]["gateway"] == r77["members"]["onec"] > 0

    left = env.emulator.mutate("member_left", count=3)
    assert len(left) == 3
    report = client.get("/api/v1/reconciliation", headers=operator).get_json()
    diffs = [d for d in report["differences"] if d["kind"] == "members"]
    assert diffs and sum(d["gateway"] - d["onec"] for d in diffs) == 3

    run_incremental_sync(env.factory, env.engine, env.settings, reg)
    report = client.get("/api/v1/reconciliation", headers=operator).get_json()
    assert not [d for d in report["differences"] if d["kind"] == "members"]

    env.emulator.faults(down=True)
    down = client.get("/api/v1/reconciliation", headers=operator)
    assert down.status_code == 503 and down.get_json()["error"]["code"] == "onec_unavailable"
    reg.close()
