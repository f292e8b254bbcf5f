"""The real PC/SC stack for encoder tests: pcscd (started here as ``pcscd -f`` unless one already lists
the vpcd reader) + vsmartcard-vpcd + pyscard + the project's virtual card."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest

from adapters.pcsc.devstack import PcscdHandle, wait_for_reader_state
from adapters.pcsc.virtual_card import CardFaults, VirtualCard

READER = "Virtual PCD 00 00"
EMPTY_READER = "Virtual PCD 00 01"  # port 35964: no test puts a card there


InsertCard = Callable[..., VirtualCard]


@pytest.fixture
def insert_card(pcscd: PcscdHandle) -> Iterator[InsertCard]:
    """Insert a virtual card in the reader and wait until pcscd sees it; removed after the test (and
    waited for, since pcscd does not notice a card swapped within its ~0.4 s poll)."""
    cards: list[VirtualCard] = []

    def insert(
        card_type: str = "mifare_classic_1k", faults: CardFaults | None = None, **kwargs: object
    ) -> VirtualCard:
        card = VirtualCard(card_type, faults=faults, **kwargs).insert()  # type: ignore[arg-type]
        cards.append(card)
        assert wait_for_reader_state(READER, card_present=True, timeout=3), "pcscd did not see the card"
        return card

    yield insert
    for card in cards:
        card.remove()
    assert wait_for_reader_state(READER, card_present=False, timeout=3), "pcscd still sees a card"
