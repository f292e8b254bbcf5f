"""The 1C side of the embedded run: the emulator as a child process, loaded by the real sync.

``gateway embedded`` starts the emulator (its data file lives in the data directory, so the
registry survives restarts), points the gateway's 1C settings at it through the environment (so
the web, worker and beat children inherit them), and — the first time — loads the demo registry
with the real full sync. Beat then runs the incremental sync and the outbox delivery against it.
``gateway.devtools.demo_registry``'s generator stays for benchmarks.
"""

from __future__ import annotations

import os
import subprocess
from typing import Any

from sqlalchemy import Engine

from gateway.settings import Settings

# Enough members that every region of the emulator's tree has primaries and members.
MIN_MEMBERS = 5_000
_running: list[Any] = []


def start_emulator(settings: Settings, *, members: int) -> Settings:
    """Start the emulator (once per process); return settings pointing at it."""
    from adapters.onec.emulator.process import EmulatorProcess

    if not _running:
        emu = EmulatorProcess(
            data_file=settings.data_dir / "onec-emulator.sqlite", members=max(members, MIN_MEMBERS)
        ).start()
        _running.append(emu)
        # Children (web, worker, beat) read their settings from the environment.
        os.environ["GATEWAY_ONEC__BASE_URL"] = emu.base_url
        os.environ["GATEWAY_ONEC__USERNAME"] = emu.user
        os.environ["GATEWAY_ONEC__PASSWORD"] = emu.password
    emu = _running[0]
    onec = settings.onec.model_copy(
        update={"base_url": emu.base_url, "username": emu.user, "password": emu.password}
    )
    return settings.model_copy(update={"onec": onec})


def emulator_children() -> dict[str, subprocess.Popen[Any]]:
    """The emulator's process, for the supervisor to watch and stop with the others."""
    return {"emulator-1c": _running[0].proc} if _running and _running[0].proc is not None else {}


def load_registry(settings: Settings, engine: Engine) -> dict[str, Any]:
    """The first load of the demo registry: a real full sync from the emulator."""
    from gateway.db.session import make_sessionmaker
    from gateway.sync.connect import open_registry
    from gateway.sync.full import run_full_sync

    registry = open_registry(settings)
    try:
        return run_full_sync(make_sessionmaker(engine), engine, settings, registry)
    finally:
        registry.close()
