"""Run the emulator as a separate process: for test fixtures, benchmarks and the lead's sync tests.

    with EmulatorProcess(data_file=tmp / "registry.sqlite", members=3000) as emu:
        settings = emu.settings()            # ConnectionSettings pointing at it
        emu.faults(status_406_count=3)       # POST /__admin/faults
        emu.mutate("member_moved", count=10) # POST /__admin/mutate

Readiness is the "ready on" line the CLI prints after binding (``--port 0`` picks a free port),
confirmed by a real request to ``/__admin/health``; no sleeps.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import requests

from ..retry import RetryPolicy
from ..settings import ConnectionSettings

# The retry policy of ``settings()``: quick, so that tests of 1C faults count attempts, not wait.
FAST_RETRY = RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05)

DEFAULT_USER = "Шлюз"
DEFAULT_PASSWORD = "эпб-2024"
REPO_ROOT = Path(__file__).resolve().parents[3]


@dataclass
class EmulatorProcess:
    data_file: Path
    members: int = 3000
    seed: int = 7
    sessions: int = 4
    user: str = DEFAULT_USER
    password: str = DEFAULT_PASSWORD
    base: str = "registry"
    extra_args: list[str] = field(default_factory=list)
    proc: subprocess.Popen[str] | None = None
    port: int = 0
    startup_line: str = ""

    @property
    def root(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def base_url(self) -> str:
        return f"{self.root}/{self.base}"

    @property
    def odata_root(self) -> str:
        return f"{self.base_url}/odata/standard.odata/"

    def start(self, timeout: float = 120.0) -> EmulatorProcess:
        data_file = Path(self.data_file)
        cmd = [
            sys.executable, "-m", "adapters.onec.emulator", "--port", "0", "--members", str(self.members),
            "--seed", str(self.seed), "--data-file", str(data_file), "--sessions", str(self.sessions),
            "--user", self.user, "--password", self.password, "--base", self.base, *self.extra_args,
        ]  # fmt: skip
        with open(data_file.with_suffix(".log"), "a") as log:
            self.proc = subprocess.Popen(
                cmd, cwd=REPO_ROOT, stdout=subprocess.PIPE, stderr=log, text=True,
                env={**os.environ, "PYTHONUNBUFFERED": "1"},
            )  # fmt: skip
        assert self.proc.stdout is not None
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and self.proc.poll() is None:
            ready, _, _ = select.select([self.proc.stdout], [], [], 0.5)
            if ready:
                line = self.proc.stdout.readline()
                if "ready on" in line:
                    self.startup_line = line.strip()
                    self.port = int(line.split("http://")[1].split("/")[0].rsplit(":", 1)[1])
                    break
        if not self.port:
            self.stop()
            raise RuntimeError(f"1C emulator did not start; see {data_file.with_suffix('.log')}")
        # The line is printed right before serve_forever(); the socket already listens.
        requests.get(f"{self.root}/__admin/health", timeout=10).raise_for_status()
        return self

    def stop(self) -> None:
        if self.proc is None:
            return
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        if self.proc.stdout is not None:
            self.proc.stdout.close()

    def __enter__(self) -> EmulatorProcess:
        return self.start() if self.proc is None else self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ---- admin ---------------------------------------------------------------------------------

    def admin(self, method: str, path: str, payload: Any = None) -> Any:
        response = requests.request(method, f"{self.root}/__admin/{path}", json=payload, timeout=30)
        response.raise_for_status()
        return response.json()

    def faults(self, **settings: Any) -> None:
        """Replace the fault settings (see emulator.faults.FaultConfig)."""
        self.admin("POST", "faults", settings)

    def reset_faults(self) -> None:
        self.admin("DELETE", "faults")

    def injected(self) -> dict[str, int]:
        return self.admin("GET", "faults")["injected"]

    def requests_served(self) -> int:
        return self.admin("GET", "health")["counters"]["requests"]

    def recent_requests(self, clear: bool = False) -> list[tuple[str, str, str]]:
        """The last requests the emulator served: (method, path, decoded query)."""
        if clear:
            self.admin("DELETE", "requests")
            return []
        return [tuple(r) for r in self.admin("GET", "requests")]

    def wait_idle(self, seconds: float = 30.0) -> None:
        """Until no request holds a pool session (slow requests of a fault scenario have ended)."""
        deadline = time.monotonic() + seconds
        while self.counters()["busy"] > 0:
            if time.monotonic() > deadline:
                raise TimeoutError("the emulator's sessions are still busy")
            time.sleep(0.1)

    def counters(self) -> dict[str, int]:
        """Requests served, 406s from the pool, 1C sessions opened / reused / finished."""
        return dict(self.admin("GET", "health")["counters"])

    def exchange(self, **settings: Any) -> dict[str, Any]:
        """Change-feed settings: published, message_limit, node_deletion_mark (see admin.py)."""
        return dict(self.admin("POST", "exchange", settings))

    def reset_exchange(self) -> None:
        self.exchange(published=True, message_limit=0, node_deletion_mark=False)

    def mutate(self, action: str, **params: Any) -> list[str]:
        """Make changes as 1C users would (see emulator.mutations.MUTATIONS); returns changed refs."""
        return self.admin("POST", "mutate", {"action": action, **params})["changed"]

    def settings(self, **overrides: Any) -> ConnectionSettings:
        values: dict[str, Any] = {
            "base_url": self.base_url, "username": self.user, "password": self.password,
            "retry": FAST_RETRY,
            "timeout_seconds": 5.0, "first_call_timeout_seconds": 5.0, "page_size": 500,
        }  # fmt: skip
        values.update(overrides)
        return ConnectionSettings(**values)
