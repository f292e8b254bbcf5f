"""The incremental sync never fails forever on the change feed: when 1C does not publish
SelectChanges, or the gateway's node is missing or marked for deletion, the run compares
DataVersion instead, keeps the reason in its record and the 1C page says so. And a change message
split by 1C (it decides how many objects one message holds) arrives whole over several messages."""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import select

from gateway.app import create_app
from gateway.models import Member, Role, SyncRun
from gateway.sync.full import run_full_sync
from gateway.sync.incremental import run_incremental_sync
from tests.gateway.web.support import login, make_user

from .conftest import SyncEnv


@pytest.fixture()
def synced(env: SyncEnv) -> Iterator[SyncEnv]:
    reg = env.registry()
    run_full_sync(env.factory, env.engine, env.settings, reg)
    run_incremental_sync(env.factory, env.engine, env.settings, reg)  # drain earlier tests' changes
    reg.close()
    yield env
    env.emulator.reset_exchange()


def _surname(env: SyncEnv, ref: str) -> str | None:
    with env.factory() as s:
        member = s.scalars(select(Member).where(Member.onec_ref == uuid.UUID(ref))).first()
        return None if member is None else member.surname


@pytest.mark.parametrize(
    ("setup", "registry_overrides", "reason"),
    [
        ({"published": False}, {}, "functions_not_published"),
        ({"node_deletion_mark": True}, {}, "node_marked_deleted"),
        ({}, {"exchange_node": "НЕТ-ТАКОГО-УЗЛА"}, "node_missing"),
    ],
)
def test_fallback_to_data_versions_is_recorded_and_shown(
    synced: SyncEnv, setup: dict[str, Any], registry_overrides: dict[str, Any], reason: str
) -> None:
    env = synced
    if setup:
        env.emulator.exchange(**setup)
    renamed = env.emulator.mutate("member_renamed", count=2, last_name="Запасная")
    reg = env.registry(**registry_overrides)
    try:
        result = run_incremental_sync(env.factory, env.engine, env.settings, reg)
    finally:
        reg.close()
    assert result["state"] == "succeeded" and result["mode"] == "data_version"
    assert all(_surname(env, r) == "Запасная" for r in renamed)
    with env.factory() as s:
        run = s.scalars(select(SyncRun).order_by(SyncRun.id.desc())).first()
        assert run is not None and run.checkpoint["fallback"] == reason and run.error is None

    app = create_app(env.settings)
    try:
        app.config["TESTING"] = True
        with env.factory() as s:
            make_user(s, "operator", Role.OPERATOR)
            s.commit()
        client = app.test_client()
        assert login(client, "operator").status_code == 302
        page = client.get("/onec")
        assert page.status_code == 200
        assert 'id="onec-fallback"' in page.text and "сравнением версий данных" in page.text
    finally:
        app.extensions["celery"].close()
        app.extensions["gateway.engine"].dispose()


def test_no_fallback_notice_while_the_feed_works(synced: SyncEnv) -> None:
    env = synced
    reg = env.registry()
    try:
        result = run_incremental_sync(env.factory, env.engine, env.settings, reg)
    finally:
        reg.close()
    assert result["mode"] == "exchange_plan"
    with env.factory() as s:
        run = s.scalars(select(SyncRun).order_by(SyncRun.id.desc())).first()
        assert run is not None and "fallback" not in run.checkpoint


def test_forced_exchange_plan_mode_does_not_fall_back(synced: SyncEnv) -> None:
    env = synced
    env.settings = env.settings.model_copy(
        update={"sync": env.settings.sync.model_copy(update={"change_detection": "exchange_plan"})}
    )
    env.emulator.exchange(published=False)
    reg = env.registry()
    try:
        with pytest.raises(Exception, match="SelectChanges"):
            run_incremental_sync(env.factory, env.engine, env.settings, reg)
    finally:
        reg.close()


def test_a_change_set_split_into_messages_by_1c_arrives_whole(synced: SyncEnv) -> None:
    env = synced
    env.emulator.exchange(message_limit=4)
    renamed = env.emulator.mutate("member_renamed", count=9, last_name="Дроблёная")
    reg = env.registry()
    try:
        result = run_incremental_sync(env.factory, env.engine, env.settings, reg)
    finally:
        reg.close()
    assert result["mode"] == "exchange_plan"
    assert result["counts"]["messages"] == 4  # 4 + 4 + 1, then the empty one
    assert all(_surname(env, r) == "Дроблёная" for r in renamed)
    nodes = env.emulator.admin("GET", "nodes")
    gateway_node = next(n for n in nodes if not n["this_node"])
    assert gateway_node["received_no"] == result["checkpoint"]["message_no"]
