"""The commands and settings the README documents, run as an operator (or an independent 1C stand-in)
runs them: ``gateway sync --full``, changes in 1C, ``gateway sync --incremental``, ``gateway outbox
deliver`` — separate processes configured only through ``GATEWAY_*`` environment variables."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from typing import Any

from sqlalchemy import func, select

from gateway.models import OutboxMessage, OutboxState
from tests.conftest import TEST_BROKER_URL, TEST_DB_URL

from .conftest import SyncEnv


def _gateway(env: SyncEnv, *args: str) -> dict[str, Any]:
    emu = env.emulator
    variables = {
        **os.environ,
        "GATEWAY_ENVIRONMENT": "test",
        "GATEWAY_DATABASE_URL": TEST_DB_URL,
        "GATEWAY_BROKER_URL": TEST_BROKER_URL,
        "GATEWAY_SECRET_KEY": "cli-test-secret-key-0123456789",
        "GATEWAY_ONEC__BASE_URL": emu.base_url,
        "GATEWAY_ONEC__USERNAME": emu.user,
        "GATEWAY_ONEC__PASSWORD": emu.password,
        "GATEWAY_ONEC__TIMEOUT_SECONDS": "30",
        "GATEWAY_SYNC__CHANGE_DETECTION": "auto",
        "GATEWAY_SYNC__PAGE_SIZE": "500",
        "GATEWAY_SYNC__OUTBOX_RUN_SECONDS": "60",
    }
    done = subprocess.run(
        [sys.executable, "-m", "gateway.cli", *args],
        env=variables,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    return dict(json.loads(done.stdout))


def test_documented_commands_carry_every_change_and_acknowledge_it(env: SyncEnv) -> None:
    full = _gateway(env, "sync", "--full")
    assert full["state"] == "succeeded"
    _gateway(env, "sync", "--incremental")  # whatever earlier tests left registered
    renamed = env.emulator.mutate("member_renamed", count=3, last_name="Командная")
    created = env.emulator.mutate("card_order_created", count=1)
    gone = env.emulator.mutate("member_deleted", member=env.emulator.mutate("member_created")[0])

    incremental = _gateway(env, "sync", "--incremental")
    assert incremental["state"] == "succeeded" and incremental["mode"] == "exchange_plan"
    assert incremental["counts"]["changes"] >= len(renamed) + len(created) + len(gone)
    node = next(n for n in env.emulator.admin("GET", "nodes") if not n["this_node"])
    assert node["received_no"] == incremental["checkpoint"]["message_no"]  # acknowledged
    again = _gateway(env, "sync", "--incremental")
    assert again["counts"].get("changes", 0) == 0

    report = _gateway(env, "outbox", "deliver")
    with env.factory() as s:
        states = dict(
            s.execute(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)).all()
        )
    assert report["failed"] == 0 and report["delivered"] == states[OutboxState.DELIVERED]
    assert set(states) == {OutboxState.DELIVERED}
