"""Retry policy shared by the OData and SOAP clients: bounded exponential backoff with full jitter."""

from __future__ import annotations

import random
import time
from dataclasses import dataclass


@dataclass(frozen=True)
class RetryPolicy:
    """``max_attempts`` counts the first try; delays grow as base·2ⁿ, capped, fully jittered.

    Full jitter (a random delay in [0, cap]) keeps many workers from hammering a 1C whose session
    pool has just been exhausted in lock-step.
    """

    max_attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 30.0

    def delay(self, attempt: int, rng: random.Random | None = None) -> float:
        """Seconds to wait after failed attempt number ``attempt`` (1-based)."""
        cap = min(self.max_delay, self.base_delay * (2 ** (attempt - 1)))
        return (rng or random).uniform(0, cap)

    def sleep(self, attempt: int) -> None:
        time.sleep(self.delay(attempt))
