"""Watching a PC/SC reader's state: the one ``SCardGetStatusChange`` loop the encoder and the dev
stack both wait with (for a card to arrive, to leave, or for pcscd to notice a swap)."""

from __future__ import annotations

import time
from collections.abc import Iterator

from smartcard import scard


class ReaderStateError(Exception):
    """PC/SC refused to report the reader's state (anything but a timeout)."""

    def __init__(self, hresult: int) -> None:
        super().__init__(scard.SCardGetErrorMessage(hresult))
        self.hresult = hresult


def reader_states(context: int, reader: str, timeout_s: float) -> Iterator[int]:
    """Yield the reader's event state at once, then each time it changes, until ``timeout_s`` has
    passed (the generator then just ends). Raises ``ReaderStateError`` on any other PC/SC error.

    The first call asks with ``SCARD_STATE_UNAWARE`` and no wait, which returns the current state
    immediately; later calls block in pcscd until the state differs from the one last seen.
    """
    deadline = time.monotonic() + timeout_s
    state = scard.SCARD_STATE_UNAWARE
    while True:
        remaining_ms = max(0, int((deadline - time.monotonic()) * 1000))
        hresult, states = scard.SCardGetStatusChange(context, remaining_ms if state else 0, [(reader, state)])
        if hresult == scard.SCARD_E_TIMEOUT:
            return
        if hresult != scard.SCARD_S_SUCCESS:
            raise ReaderStateError(hresult)
        event_state: int = states[0][1]
        yield event_state
        if time.monotonic() >= deadline:
            return
        state = event_state & ~scard.SCARD_STATE_CHANGED
