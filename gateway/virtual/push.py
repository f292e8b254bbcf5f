"""Pass update notifications to phones: a small adapter picked by ``[virtual] push``.

Wallet asks the pass web service for changes only when pushed (an empty APNs notification to the
device's push token, sent with the pass-type certificate). ``fake`` keeps the notifications in
memory: it stands in for APNs in development and tests, which cannot reach Apple.
"""

from __future__ import annotations

import threading
from typing import Protocol

from gateway.virtual.settings import VirtualSettings


class PassPusher(Protocol):
    def push(self, push_tokens: list[str]) -> None: ...


class FakePusher:
    """Stands in for APNs: records the push tokens it was asked to notify."""

    def __init__(self) -> None:
        self.sent: list[str] = []
        self._lock = threading.Lock()

    def push(self, push_tokens: list[str]) -> None:
        with self._lock:
            self.sent.extend(push_tokens)


class ApnsUnavailable(RuntimeError):
    pass


def make_pusher(rules: VirtualSettings) -> PassPusher:
    if rules.push == "fake":
        return FakePusher()
    # APNs speaks HTTP/2 only; the project ships no HTTP/2 client yet. Refuse at start, loudly,
    # rather than drop every notification.
    raise ApnsUnavailable(
        f"[virtual] push = {rules.push!r} is not available in this build (APNs needs an HTTP/2 client); use 'fake'"
    )
