"""Test-side names for the emulator launcher shipped in the package."""

from __future__ import annotations

from adapters.onec.emulator.process import DEFAULT_PASSWORD as PASSWORD
from adapters.onec.emulator.process import DEFAULT_USER as USER
from adapters.onec.emulator.process import FAST_RETRY, EmulatorProcess

__all__ = ["FAST_RETRY", "PASSWORD", "USER", "EmulatorProcess"]
