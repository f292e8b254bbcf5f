"""Cards: look one up by number; a region marks it handed out («Выдан») or refused («Отказ»)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from gateway.api import api_v1
from gateway.api.auth import current_client, ensure_region, require_token
from gateway.cards.handout import mark_card
from gateway.db.request_session import get_session
from gateway.errors import NotFound
from gateway.lifecycle import STATE_LABELS
from gateway.models import Card, CardState, TokenKind


def _load(number: str) -> Card:
    card = get_session().scalar(select(Card).where(Card.number == number.replace(" ", "")))
    if card is None:
        raise NotFound("card")
    ensure_region(card.region_id, "card")
    return card


def _card_json(card: Card) -> dict[str, Any]:
    return {
        "number": card.number,
        "state": card.state.value,
        "state_label": STATE_LABELS[card.state.value],
        "batch_id": card.batch_id,
        "chip_uid": card.chip_uid,
        "produced_at": card.produced_at.isoformat() if card.produced_at else None,
        "issued_at": card.issued_at.isoformat() if card.issued_at else None,
    }


@api_v1.get("/cards/<number>")
@require_token()
def get_card(number: str) -> Any:
    return _card_json(_load(number))


@api_v1.post("/cards/<number>/issue")
@require_token(TokenKind.REGION, TokenKind.OPERATOR)
def issue_card(number: str) -> Any:
    card = _load(number)
    mark_card(get_session(), card, CardState.ISSUED, actor=current_client().actor)
    return _card_json(card)


@api_v1.post("/cards/<number>/refuse")
@require_token(TokenKind.REGION, TokenKind.OPERATOR)
def refuse_card(number: str) -> Any:
    card = _load(number)
    mark_card(get_session(), card, CardState.REFUSED, actor=current_client().actor)
    return _card_json(card)
