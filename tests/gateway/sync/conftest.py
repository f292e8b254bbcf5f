"""Fixtures of the sync tests: a real 1C emulator in its own process, real PostgreSQL with real
commits (the sync commits page by page, so the per-test rollback fixtures cannot be used)."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import Engine
from sqlalchemy.orm import Session, sessionmaker

from adapters.onec import RetryPolicy, build_registry
from adapters.onec.emulator.process import EmulatorProcess
from adapters.onec.registry import ODataRegistry
from gateway.db.session import make_sessionmaker
from gateway.settings import Settings
from tests.conftest import make_test_settings, truncate_all

MEMBERS = 2000
FAST_RETRY = RetryPolicy(max_attempts=3, base_delay=0.01, max_delay=0.05)


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    proc = EmulatorProcess(data_file=tmp_path_factory.mktemp("sync") / "registry.sqlite", members=MEMBERS)
    proc.start()
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture(autouse=True)
def _no_faults_left(request: pytest.FixtureRequest) -> Iterator[None]:
    yield
    if "emulator" in request.fixturenames:
        emu = request.getfixturevalue("emulator")
        if emu.proc is not None and emu.proc.poll() is None:
            emu.reset_faults()


@dataclass
class SyncEnv:
    engine: Engine
    factory: sessionmaker[Session]
    settings: Settings
    emulator: EmulatorProcess

    def registry(self, **overrides: Any) -> ODataRegistry:
        return build_registry(self.emulator.settings(retry=FAST_RETRY, **overrides))


@pytest.fixture()
def env(engine: Engine, emulator: EmulatorProcess) -> Iterator[SyncEnv]:
    truncate_all(engine)
    settings = make_test_settings(
        sync={"page_size": 500, "outbox_base_delay_seconds": 0.2, "outbox_max_delay_seconds": 1.0}
    )
    yield SyncEnv(engine, make_sessionmaker(engine), settings, emulator)
    truncate_all(engine)
