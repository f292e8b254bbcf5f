from __future__ import annotations

from collections.abc import Iterator

import pytest

from adapters.onec import ODataClient, build_registry
from adapters.onec.registry import ODataRegistry
from tests.conftest import emulator_fixture

from .emulator_process import EmulatorProcess

# One emulator process for the whole onec test session.
emulator = emulator_fixture("onec", members=3000)


@pytest.fixture
def client(emulator: EmulatorProcess) -> Iterator[ODataClient]:
    with ODataClient(emulator.settings()) as c:
        yield c


@pytest.fixture
def registry(emulator: EmulatorProcess) -> Iterator[ODataRegistry]:
    reg = build_registry(emulator.settings())
    yield reg
    reg.close()
