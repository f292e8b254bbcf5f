"""Lighter on 1C: $metadata fetched once per base and process, and a per-base cap on concurrent
calls that keeps the web server's small session pool from answering 406."""

from __future__ import annotations

import threading

from adapters.onec import ODataClient
from adapters.onec.mapping import OneCMapping

from .emulator_process import EmulatorProcess

MEMBERS = OneCMapping().members.entity_set


def test_metadata_is_fetched_once_per_base(emulator: EmulatorProcess) -> None:
    with ODataClient(emulator.settings()) as first:
        first.metadata()
    emulator.recent_requests(clear=True)
    with ODataClient(emulator.settings()) as second:
        assert b"EnterpriseV8" in second.metadata()
    assert not [p for _m, p, _q in emulator.recent_requests() if p.endswith("$metadata")]


def _burst(emulator: EmulatorProcess, cap: int, threads: int = 8) -> tuple[int, list[BaseException]]:
    """``threads`` clients of one base call at once against a slow 1C: (the pool's 406s, errors)."""
    emulator.faults(latency_ms=300)
    before = emulator.counters()["406_pool"]
    settings = emulator.settings(
        max_concurrent_calls=cap, timeout_seconds=30.0, first_call_timeout_seconds=30.0
    )
    errors: list[BaseException] = []

    def work() -> None:
        try:
            with ODataClient(settings) as c:
                c.query(MEMBERS, top=1, select=["Ref_Key"])
        except BaseException as exc:  # noqa: BLE001 - collected for the assertion
            errors.append(exc)

    pool = [threading.Thread(target=work) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join()
    emulator.reset_faults()
    return emulator.counters()["406_pool"] - before, errors


def test_concurrent_calls_are_capped_per_base(emulator: EmulatorProcess) -> None:
    # The test emulator's pool has 4 sessions: 8 uncapped callers overflow it (406, retried) …
    assert _burst(emulator, cap=8)[0] > 0
    # … while a cap of 3 per base keeps every call inside it.
    assert _burst(emulator, cap=3) == (0, [])
