"""«Отказ» with a reason, and taking back a mistaken «Выдан» / «Отказ» while 1C has not heard of it."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.cards.handout import HOLD_MINUTES, UNDO_MINUTES, undo_mark
from gateway.errors import DomainError
from gateway.models import Card, CardOrder, CardState, Event, OrderState, OutboxMessage, OutboxState
from tests.gateway.web.conftest import post_form
from tests.gateway.web.helpers import order_cards, produce_batch


@pytest.fixture()
def card(db: Session, settings: Any, world: dict[str, Any]) -> Card:
    (c,) = order_cards(db, settings, [world["m77"]])
    produce_batch(db, settings)
    db.refresh(c)
    assert c.state is CardState.DISPATCHED
    return c


def _status_messages(db: Session, card: Card) -> list[OutboxMessage]:
    return list(
        db.scalars(select(OutboxMessage).where(OutboxMessage.card_id == card.id).order_by(OutboxMessage.id))
    )


def test_refusal_needs_a_reason_and_keeps_it_in_the_history(login_as: Any, db: Session, card: Card) -> None:
    client = login_as("reg77")
    url = f"/cards/{card.number}"
    resp = post_form(client, f"{url}/mark", {"status": "refused"}, url, follow_redirects=True)
    assert "Выберите причину отказа." in resp.text
    resp = post_form(
        client, f"{url}/mark", {"status": "refused", "refusal_reason": "other"}, url, follow_redirects=True
    )
    assert "Опишите причину отказа." in resp.text
    db.expire_all()
    assert db.get(Card, card.id).state is CardState.DISPATCHED  # type: ignore[union-attr]
    resp = post_form(
        client,
        f"{url}/mark",
        {"status": "refused", "refusal_reason": "wrong_data", "refusal_note": "ошибка  в\nотчестве"},
        url,
        follow_redirects=True,
    )
    assert "«Отказ»" in resp.text
    assert "Ошибка в данных на карте — ошибка в отчестве" in resp.text  # the history, in words
    event = db.scalars(
        select(Event).where(Event.entity_type == "card", Event.entity_id == card.id).order_by(Event.id.desc())
    ).first()
    assert event is not None and event.reason == "refusal: wrong_data: ошибка в отчестве"


def test_a_mistaken_mark_is_undone_before_1c_hears_of_it(login_as: Any, db: Session, card: Card) -> None:
    client = login_as("reg77")
    url = f"/cards/{card.number}"
    before = dt.datetime.now(dt.UTC)
    page = post_form(client, f"{url}/mark", {"status": "issued"}, url, follow_redirects=True)
    assert 'id="undo-mark"' in page.text
    issued = _status_messages(db, card)[-1]
    # The status waits out the undo window before delivery may take it.
    assert issued.status.value == "issued" and issued.state is OutboxState.PENDING
    held = (
        issued.next_attempt_at
        if issued.next_attempt_at.tzinfo
        else issued.next_attempt_at.replace(tzinfo=dt.UTC)
    )
    assert held >= before + dt.timedelta(minutes=HOLD_MINUTES) - dt.timedelta(seconds=5)
    # Another user of the region cannot take it back; the author can.
    other = post_form(login_as("admin"), f"{url}/undo", {}, url, follow_redirects=True)
    assert "только свою последнюю отметку" in other.text
    resp = post_form(client, f"{url}/undo", {}, url, follow_redirects=True)
    assert "Отметка «Выдан» отменена" in resp.text
    db.expire_all()
    fresh = db.get(Card, card.id)
    assert fresh is not None and fresh.state is CardState.DISPATCHED and fresh.issued_at is None
    assert db.get(CardOrder, fresh.order_id).state is OrderState.DISPATCHED  # type: ignore[union-attr]
    assert [m.status.value for m in _status_messages(db, card)] == ["ordered", "produced"]
    assert "Ошибочная отметка отменена" in resp.text
    # Marked again, correctly this time: a fresh status for 1C.
    post_form(client, f"{url}/mark", {"status": "refused", "refusal_reason": "declined"}, url)
    assert [m.status.value for m in _status_messages(db, card)] == ["ordered", "produced", "refused"]


def test_no_undo_once_the_status_left_or_the_window_passed(
    db: Session, card: Card, world: dict[str, Any]
) -> None:
    from gateway.cards.handout import mark_card

    author = f"user:{world['reg77'].id}"
    mark_card(db, card, CardState.ISSUED, actor=author, hold_for_undo=True)
    db.flush()
    message = _status_messages(db, card)[-1]
    message.state, message.attempts = OutboxState.DELIVERED, 1  # 1C has it
    with pytest.raises(DomainError) as err:
        undo_mark(db, card, actor=author)
    assert err.value.code == "undo_too_late"
    message.state, message.attempts = OutboxState.PENDING, 0
    later = dt.datetime.now(dt.UTC) + dt.timedelta(minutes=UNDO_MINUTES, seconds=1)
    with pytest.raises(DomainError) as err:
        undo_mark(db, card, actor=author, now=later)
    assert err.value.code == "undo_too_late"
    assert undo_mark(db, card, actor=author) is CardState.ISSUED
