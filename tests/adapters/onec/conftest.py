from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.onec import ODataClient, build_registry
from adapters.onec.registry import ODataRegistry

from .emulator_process import EmulatorProcess


@pytest.fixture(scope="session")
def emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    """One emulator process for the whole onec test session (3,000 members)."""
    proc = EmulatorProcess(data_file=tmp_path_factory.mktemp("onec") / "registry.sqlite").start()
    try:
        yield proc
    finally:
        proc.stop()


@pytest.fixture(autouse=True)
def _no_faults_left(request: pytest.FixtureRequest) -> Iterator[None]:
    """A test that injects faults must not leak them into the next one."""
    yield
    if "emulator" in request.fixturenames:
        request.getfixturevalue("emulator").reset_faults()


@pytest.fixture
def client(emulator: EmulatorProcess) -> Iterator[ODataClient]:
    with ODataClient(emulator.settings()) as c:
        yield c


@pytest.fixture
def registry(emulator: EmulatorProcess) -> Iterator[ODataRegistry]:
    reg = build_registry(emulator.settings())
    yield reg
    reg.close()
