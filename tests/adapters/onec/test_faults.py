"""Every fault the emulator can inject, and what the client makes of it."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest
import requests

from adapters.onec import (
    ConnectionSettings,
    ODataClient,
    OneCApplicationError,
    OneCUnavailable,
    RetryPolicy,
)
from adapters.onec.auth import Utf8BasicAuth
from adapters.onec.mapping import OneCMapping

from .emulator_process import FAST_RETRY, PASSWORD, USER, EmulatorProcess

MEMBERS = OneCMapping().members.entity_set


def test_406_storm_is_retried_until_it_passes(emulator: EmulatorProcess, client: ODataClient) -> None:
    emulator.faults(status_406_count=FAST_RETRY.max_attempts - 1)
    assert len(client.query(MEMBERS, top=3).rows) == 3
    assert emulator.injected()["406"] == FAST_RETRY.max_attempts - 1


def test_406_storm_longer_than_the_retries_is_unavailable(
    emulator: EmulatorProcess, client: ODataClient
) -> None:
    emulator.faults(status_406_count=100)
    with pytest.raises(OneCUnavailable) as info:
        client.query(MEMBERS, top=1)
    assert info.value.status == 406 and info.value.retryable
    assert emulator.injected()["406"] == FAST_RETRY.max_attempts


def test_real_session_pool_exhaustion_gives_406_and_clients_recover(emulator: EmulatorProcess) -> None:
    # The fixture runs the emulator with 4 sessions; with 150 ms per request, 10 parallel callers
    # must exhaust the pool.
    emulator.faults(latency_ms=150)
    barrier = threading.Barrier(10)

    def raw(_: int) -> int:
        barrier.wait()
        return requests.get(
            emulator.odata_root + f"{MEMBERS}?$format=json&$top=1",
            auth=Utf8BasicAuth(USER, PASSWORD),
            timeout=10,
        ).status_code

    with ThreadPoolExecutor(10) as pool:
        statuses = list(pool.map(raw, range(10)))
    assert statuses.count(406) >= 1 and statuses.count(200) >= 1

    patient = emulator.settings(retry=RetryPolicy(max_attempts=30, base_delay=0.05, max_delay=0.3))

    def with_client(_: int) -> int:
        barrier.wait()
        with ODataClient(patient) as c:
            return len(c.query(MEMBERS, top=2).rows)

    barrier.reset()
    with ThreadPoolExecutor(10) as pool:
        assert list(pool.map(with_client, range(10))) == [2] * 10


def test_500_code_minus_1_is_an_application_error_not_retried(
    emulator: EmulatorProcess, client: ODataClient
) -> None:
    emulator.faults(status_500_count=1, status_500_kind="application")
    with pytest.raises(OneCApplicationError) as info:
        client.query(MEMBERS, top=1)
    assert info.value.status == 500 and info.value.code == "-1"
    assert "блокировок" in (info.value.onec_message or "")
    assert emulator.injected()["500"] == 1
    assert len(client.query(MEMBERS, top=1).rows) == 1


def test_bare_500_from_the_web_server_is_retried(emulator: EmulatorProcess, client: ODataClient) -> None:
    emulator.faults(status_500_count=2, status_500_kind="server")
    assert len(client.query(MEMBERS, top=1).rows) == 1
    assert emulator.injected()["500"] == 2


def test_dropped_connections_are_retried_for_reads(emulator: EmulatorProcess, client: ODataClient) -> None:
    emulator.faults(drop_count=2)
    assert len(client.query(MEMBERS, top=1).rows) == 1
    assert emulator.injected()["drop"] == 2


def test_a_non_idempotent_post_is_not_blindly_retried_after_a_drop(
    emulator: EmulatorProcess, client: ODataClient
) -> None:
    emulator.faults(drop_count=1)
    with pytest.raises(OneCUnavailable):
        client.create(MEMBERS, {"Description": "x"})
    assert emulator.injected()["drop"] == 1


def test_down_is_unavailable_after_bounded_retries(emulator: EmulatorProcess, client: ODataClient) -> None:
    emulator.faults(down=True)
    with pytest.raises(OneCUnavailable) as info:
        client.query(MEMBERS, top=1)
    assert info.value.status == 503
    assert emulator.injected()["down"] == FAST_RETRY.max_attempts


def test_timeouts_are_retried_then_unavailable(emulator: EmulatorProcess) -> None:
    emulator.faults(latency_ms=400)
    settings = emulator.settings(
        timeout_seconds=0.1,
        first_call_timeout_seconds=0.1,
        retry=RetryPolicy(max_attempts=2, base_delay=0.01),
    )
    with ODataClient(settings) as c, pytest.raises(OneCUnavailable, match="2 attempt"):
        c.query(MEMBERS, top=1)


def test_first_call_gets_the_longer_timeout(emulator: EmulatorProcess) -> None:
    """The first call after idle may take long (1C starts a working process): it gets
    first_call_timeout_seconds; later calls the ordinary timeout."""
    emulator.faults(latency_ms=400)
    settings = emulator.settings(
        timeout_seconds=0.1,
        first_call_timeout_seconds=3.0,
        idle_after_seconds=1.0,
        retry=RetryPolicy(max_attempts=1, base_delay=0.01),
    )
    with ODataClient(settings) as c:
        assert len(c.query(MEMBERS, top=1).rows) == 1
        with pytest.raises(OneCUnavailable):
            c.query(MEMBERS, top=1)
        time.sleep(1.2)  # idle: the next call is a "first call" again
        assert len(c.query(MEMBERS, top=1).rows) == 1


def test_nothing_listening_is_unavailable() -> None:
    settings = ConnectionSettings(
        base_url="http://127.0.0.1:9/registry",  # discard port: nothing listens there
        username=USER, password=PASSWORD, retry=RetryPolicy(max_attempts=2, base_delay=0.01),
    )  # fmt: skip
    with ODataClient(settings) as c, pytest.raises(OneCUnavailable, match="cannot reach 1C"):
        c.query(MEMBERS, top=1)
