"""Small helpers shared by tests."""

from __future__ import annotations

import socket
import time
from collections.abc import Callable
from typing import TypeVar

T = TypeVar("T")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_for(
    check: Callable[[], T],
    *,
    timeout: float = 30.0,
    interval: float = 0.05,
    what: str | Callable[[], object] = "condition",
    retry_on: tuple[type[BaseException], ...] = (),
) -> T:
    """Call ``check`` until it returns something truthy and return that; fail the test after
    ``timeout`` seconds. The one polling loop of the suite: work done by another process (a Celery
    worker, a station, pcscd) is waited for, never slept for a fixed time.

    ``what`` names the awaited condition in the failure (a callable is asked at that moment, so it
    can show the last state seen); exceptions in ``retry_on`` count as "not yet" (a server still
    starting refuses connections).
    """
    deadline = time.monotonic() + timeout
    while True:
        try:
            value = check()
        except retry_on:
            pass
        else:
            if value:
                return value
        if time.monotonic() >= deadline:
            raise AssertionError(
                f"timed out after {timeout} s waiting for {what() if callable(what) else what}"
            )
        time.sleep(interval)
