"""What a sync costs 1C: one 1C session for a whole full sync (session reuse), ended at the end."""

from __future__ import annotations

from gateway.sync.full import run_full_sync
from gateway.sync.incremental import run_incremental_sync

from .conftest import SyncEnv


def test_a_full_and_an_incremental_sync_each_open_one_1c_session(env: SyncEnv) -> None:
    for run in (run_full_sync, run_incremental_sync):
        before = env.emulator.counters()
        reg = env.registry()
        run(env.factory, env.engine, env.settings, reg)
        reg.close()
        after = env.emulator.counters()
        requests = after["requests"] - before["requests"]
        assert requests > 3
        assert after["sessions_opened"] - before["sessions_opened"] == 1, run.__name__
        assert after["sessions_finished"] - before["sessions_finished"] == 1
        assert after["sessions_reused"] - before["sessions_reused"] == requests - 2
