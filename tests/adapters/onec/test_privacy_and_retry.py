"""No personal data in logs; the retry policy stays bounded."""

from __future__ import annotations

import logging
import random
import uuid
from datetime import UTC, datetime

import pytest

from adapters.onec import RetryPolicy, StatusRecord
from adapters.onec.registry import ODataRegistry

from .emulator_process import EmulatorProcess


def test_sync_and_push_log_no_personal_data(
    emulator: EmulatorProcess, registry: ODataRegistry, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="adapters.onec")
    members = list(registry.iter_members(page_size=700))
    emulator.mutate("member_renamed", count=2)
    emulator.faults(status_406_count=1)  # make the client log a retry too
    batch = registry.select_changes()
    registry.notify_changes_received(None, batch.message_no)
    record = StatusRecord(
        "9643111122223333", members[0].ref, "issued", datetime.now(UTC), None, str(uuid.uuid4())
    )
    registry.push_status(record)
    assert any("attempt" in r.getMessage() for r in caplog.records)
    text = "\n".join(r.getMessage() for r in caplog.records)
    for m in [*members[:200], *batch.members]:
        assert m.last_name not in text and m.first_name not in text
        if m.birth_date:
            assert m.birth_date.isoformat() not in text


def test_backoff_is_bounded_and_jittered() -> None:
    policy = RetryPolicy(max_attempts=10, base_delay=0.5, max_delay=4.0)
    rng = random.Random(1)
    delays = [policy.delay(n, rng) for n in range(1, 10) for _ in range(50)]
    assert all(0 <= d <= 4.0 for d in delays)
    assert len({round(d, 3) for d in delays}) > 100  # jitter: not a fixed schedule
    assert max(policy.delay(1, random.Random(i)) for i in range(100)) <= 0.5
