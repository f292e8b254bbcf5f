"""Rendering the next card while the current one is at the encoder and in the printer.

A station's claim also names the card that is likely next (the lowest queued one after it); its
front and back are rendered in a background thread while this card is encoded and printed, so the
next card goes to the printer without the render on its path. Nothing physical depends on the
guess: when another station took that card, or its data changed, the claimed card is rendered
then, as before. One render at a time (a lock): the template's fonts are not shared across
threads.
"""

from __future__ import annotations

import logging
import threading
from concurrent.futures import Future, ThreadPoolExecutor

from card_printing.card_data import CardData
from card_printing.render import CardImages, CardRenderer

log = logging.getLogger(__name__)


class Prerenderer:
    def __init__(self, renderer: CardRenderer) -> None:
        self._renderer = renderer
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="prerender")
        self._lock = threading.Lock()
        self._ahead: tuple[CardData, Future[CardImages]] | None = None
        self._next: CardData | None = None
        self.hits = self.misses = 0

    def _render(self, card: CardData) -> CardImages:
        with self._lock:
            return self._renderer.render(card)

    def expect(self, card: CardData | None) -> None:
        """``card`` is likely next: render it in the background once this card is rendered."""
        self._next = card

    def render(self, card: CardData) -> CardImages:
        """``card``'s images: the background render when it was this card, else rendered now."""
        ahead, self._ahead = self._ahead, None
        images = None
        if ahead is not None:
            guessed, future = ahead
            if guessed == card:
                self.hits += 1
                images = future.result()
            else:
                future.cancel()
        if images is None:
            self.misses += 1
            images = self._render(card)
        upcoming, self._next = self._next, None
        if upcoming is not None:
            self._ahead = (upcoming, self._pool.submit(self._render, upcoming))
        return images
