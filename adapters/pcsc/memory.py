"""An in-memory encoder: the local implementation for stations without a chip encoder and for tests
of the code around the encoder (it keeps what was written, per UID, like a stack of chips)."""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

from adapters.pcsc.results import ChipContent, EncodeResult, EncodeStatus


@dataclass
class MemoryEncoder:
    """``fail_next`` holds statuses to return on the next calls (one per call), then it succeeds.
    ``content`` binds payloads to the (made-up) UID as the PC/SC encoder does."""

    fail_next: list[EncodeStatus] = field(default_factory=list)
    chips: dict[str, bytes] = field(default_factory=dict)
    content: ChipContent | None = None
    _serial: itertools.count = field(default_factory=lambda: itertools.count(1))
    _current_uid: str | None = None

    def encode(self, payload: bytes) -> EncodeResult:
        uid = f"04{next(self._serial):012X}"
        self._current_uid = uid
        if self.fail_next:
            status = self.fail_next.pop(0)
            return EncodeResult(
                status,
                uid if status is not EncodeStatus.NO_CARD else None,
                "memory",
                f"injected {status.value}",
            )
        if self.content is not None:
            payload = self.content.bind(payload, bytes.fromhex(uid))
        self.chips[uid] = payload
        return EncodeResult(EncodeStatus.OK, uid, "memory", f"{len(payload)} bytes stored")

    def read(self) -> EncodeResult:
        if self._current_uid is None:
            return EncodeResult(EncodeStatus.NO_CARD, detail="no card encoded yet")
        return EncodeResult(
            EncodeStatus.OK, self._current_uid, "memory", "read", data=self.chips.get(self._current_uid)
        )
