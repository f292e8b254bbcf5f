"""Tests that need their own emulator process: another mapping, a restart."""

from __future__ import annotations

import uuid
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from adapters.onec import OneCNotFound, PushResult, StatusRecord, build_registry, load_mapping

from .emulator_process import EmulatorProcess

ALT = Path(__file__).with_name("alt_mapping.toml")


@pytest.fixture(scope="module")
def alt_emulator(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmulatorProcess]:
    proc = EmulatorProcess(
        data_file=tmp_path_factory.mktemp("alt") / "alt.sqlite",
        members=500,
        extra_args=["--mapping", str(ALT)],
    ).start()
    try:
        yield proc
    finally:
        proc.stop()


def test_a_renamed_registry_works_with_its_mapping_file(alt_emulator: EmulatorProcess) -> None:
    mapping = load_mapping(ALT)
    reg = build_registry(alt_emulator.settings(), mapping)
    try:
        members = list(reg.iter_members(page_size=100))
        assert len(members) == 500 == reg.count_members()
        assert Counter(m.category for m in members).keys() <= {
            "employed",
            "student",
            "pensioner",
            "not_stated",
        }
        assert all(m.last_name and m.organisation_ref for m in members)
        assert list(reg.iter_card_orders())[0].lines
        alt_emulator.mutate("member_left")
        assert len(reg.select_changes().members) == 1
        record = StatusRecord(
            card_number="9643000000000001",
            member_ref=members[0].ref,
            status="issued",
            status_at=datetime.now(UTC),
            issued_on=date.today(),
            idempotency_key="k1",
        )
        assert reg.push_status(record) is PushResult.CREATED
        assert reg.push_status(record) is PushResult.ALREADY_PRESENT
        soap = build_registry(alt_emulator.settings(push_transport="soap"), mapping)
        assert soap.push_status(record) is PushResult.ALREADY_PRESENT
        soap.close()
    finally:
        reg.close()


def test_the_default_mapping_does_not_fit_the_renamed_registry(alt_emulator: EmulatorProcess) -> None:
    reg = build_registry(alt_emulator.settings())
    try:
        with pytest.raises(OneCNotFound):
            reg.count_members()
    finally:
        reg.close()


def test_data_survives_an_emulator_restart(tmp_path: Path) -> None:
    proc = EmulatorProcess(data_file=tmp_path / "restart.sqlite", members=400, seed=11).start()
    try:
        reg = build_registry(proc.settings())
        before = [(m.ref, m.data_version) for m in reg.iter_members()]
        moved = proc.mutate("member_moved")[0]
        record = StatusRecord(
            card_number="9643000000000002",
            member_ref=before[0][0],
            status="issued",
            status_at=datetime.now(UTC),
            issued_on=None,
            idempotency_key=str(uuid.uuid4()),
        )
        assert reg.push_status(record) is PushResult.CREATED
        after_change = [(m.ref, m.data_version) for m in reg.iter_members()]
        reg.close()
    finally:
        proc.stop()
    proc = EmulatorProcess(data_file=tmp_path / "restart.sqlite", members=400, seed=11).start()
    try:
        reg = build_registry(proc.settings())
        assert [(m.ref, m.data_version) for m in reg.iter_members()] == after_change != before
        assert reg.push_status(record) is PushResult.ALREADY_PRESENT
        assert [m.ref for m in reg.select_changes().members] == [moved]
        reg.close()
    finally:
        proc.stop()


def test_generation_is_deterministic_from_the_seed(tmp_path: Path) -> None:
    snapshots = []
    for name in ("a", "b"):
        proc = EmulatorProcess(data_file=tmp_path / f"{name}.sqlite", members=200, seed=5).start()
        try:
            reg = build_registry(proc.settings())
            snapshots.append([(m.ref, m.last_name, m.birth_date, m.category) for m in reg.iter_members()])
            reg.close()
        finally:
            proc.stop()
    assert snapshots[0] == snapshots[1] and len(snapshots[0]) == 200
