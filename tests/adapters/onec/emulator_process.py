"""Test-side names for the emulator launcher shipped in the package."""

from __future__ import annotations

from adapters.onec import RetryPolicy
from adapters.onec.emulator.process import DEFAULT_PASSWORD as PASSWORD
from adapters.onec.emulator.process import DEFAULT_USER as USER
from adapters.onec.emulator.process import EmulatorProcess

# Must match EmulatorProcess.settings()'s retry policy: fault tests count attempts.
FAST_RETRY = RetryPolicy(max_attempts=4, base_delay=0.01, max_delay=0.05)

__all__ = ["FAST_RETRY", "PASSWORD", "USER", "EmulatorProcess"]
