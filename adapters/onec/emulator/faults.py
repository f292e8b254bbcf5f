"""Fault injection: what a real 1C behind a real web server does on a bad day.

Counts fire first (deterministic, for tests), then probabilities (for soak runs). Admin URLs are
never affected so a test can always switch faults off again.
"""

from __future__ import annotations

import random
import threading
from dataclasses import asdict, dataclass, fields
from typing import Any


@dataclass
class FaultConfig:
    latency_ms: int = 0
    # 406 Not Acceptable, as 1C answers when its session pool is exhausted.
    status_406_count: int = 0
    status_406_probability: float = 0.0
    # 500s: "application" = odata.error code -1 (1C's own code failed), "server" = bare HTML page
    # from a crashed web-server extension.
    status_500_count: int = 0
    status_500_probability: float = 0.0
    status_500_kind: str = "application"
    # Close the connection without an answer.
    drop_count: int = 0
    drop_probability: float = 0.0
    # Do the work (commit), then close the connection without an answer: the lost answer.
    drop_after_count: int = 0
    drop_after_probability: float = 0.0
    # Only requests of this HTTP method get the faults above (e.g. "POST": writes only); "" = all.
    only_method: str = ""
    # 503 from the web server for everything: 1C is down.
    down: bool = False

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> FaultConfig:
        known = {f.name for f in fields(cls)}
        unknown = set(data) - known
        if unknown:
            raise ValueError(f"unknown fault setting(s): {', '.join(sorted(unknown))}")
        config = cls(**data)
        if config.status_500_kind not in ("application", "server"):
            raise ValueError("status_500_kind must be 'application' or 'server'")
        return config


class Faults:
    def __init__(self, config: FaultConfig | None = None, seed: int = 0) -> None:
        self._lock = threading.Lock()
        self.config = config or FaultConfig()
        self._rng = random.Random(seed)
        self.injected: dict[str, int] = {"406": 0, "500": 0, "drop": 0, "drop_after": 0, "down": 0}

    def set(self, config: FaultConfig) -> None:
        """A new fault scenario: counters of injected faults start again from zero."""
        with self._lock:
            self.config = config
            self.injected = dict.fromkeys(self.injected, 0)

    def state(self) -> dict[str, Any]:
        with self._lock:
            return {"config": asdict(self.config), "injected": dict(self.injected)}

    def decide(self, method: str = "GET") -> tuple[str | None, float]:
        """(fault to inject or None, latency in seconds) for one request."""
        with self._lock:
            c = self.config
            latency = c.latency_ms / 1000.0
            if c.down:
                self.injected["down"] += 1
                return "down", latency
            if c.only_method and method.upper() != c.only_method.upper():
                return None, latency
            if c.drop_count > 0:
                c.drop_count -= 1
                self.injected["drop"] += 1
                return "drop", latency
            if c.drop_after_count > 0:
                c.drop_after_count -= 1
                self.injected["drop_after"] += 1
                return "drop_after", latency
            if c.status_406_count > 0:
                c.status_406_count -= 1
                self.injected["406"] += 1
                return "406", latency
            if c.status_500_count > 0:
                c.status_500_count -= 1
                self.injected["500"] += 1
                return "500", latency
            r = self._rng.random()
            if r < c.drop_probability:
                self.injected["drop"] += 1
                return "drop", latency
            r = self._rng.random()
            if r < c.drop_after_probability:
                self.injected["drop_after"] += 1
                return "drop_after", latency
            r = self._rng.random()
            if r < c.status_406_probability:
                self.injected["406"] += 1
                return "406", latency
            r = self._rng.random()
            if r < c.status_500_probability:
                self.injected["500"] += 1
                return "500", latency
            return None, latency
