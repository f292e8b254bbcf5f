"""The station's renderer that works one card ahead: the same images as rendering on the spot, and
a wrong guess (another station took that card) costs a render, never a wrong card face."""

from __future__ import annotations

from card_printing.render import CardRenderer
from gateway.printing.prerender import Prerenderer

from .conftest import CardFactory


def _same(a, b) -> bool:  # type: ignore[no-untyped-def]
    return a.front.tobytes() == b.front.tobytes() and a.back.tobytes() == b.back.tobytes()


def test_next_card_is_rendered_ahead_and_identical(renderer: CardRenderer, make_card: CardFactory) -> None:
    first, second, third = make_card(), make_card(surname="Петров"), make_card(surname="Сидорова")
    ahead = Prerenderer(renderer)
    ahead.expect(second)
    assert _same(ahead.render(first), renderer.render(first))
    ahead.expect(third)
    images = ahead.render(second)
    assert (ahead.hits, ahead.misses) == (1, 1)
    assert _same(images, renderer.render(second))


def test_a_wrong_guess_renders_the_claimed_card(renderer: CardRenderer, make_card: CardFactory) -> None:
    first, guessed, claimed = make_card(), make_card(surname="Петров"), make_card(surname="Сидорова")
    ahead = Prerenderer(renderer)
    ahead.expect(guessed)
    ahead.render(first)
    images = ahead.render(claimed)  # another station took the guessed card
    assert (ahead.hits, ahead.misses) == (0, 2)
    assert _same(images, renderer.render(claimed)) and not _same(images, renderer.render(guessed))
