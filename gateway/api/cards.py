"""Cards: look one up by number; a region marks it handed out («Выдан») or refused («Отказ»)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from gateway.api import api_v1
from gateway.api.auth import current_client, ensure_region, require_token
from gateway.api.openapi import Answers, api_spec
from gateway.api.schemas.cards import Card as CardAnswer
from gateway.cards.handout import mark_card
from gateway.db.request_session import get_session
from gateway.errors import NotFound
from gateway.models import Card, CardState, TokenKind

TOO_EARLY = {409: "Not in a state that allows it"}


def _load(number: str) -> Card:
    card = get_session().scalar(select(Card).where(Card.number == number.replace(" ", "")))
    if card is None:
        raise NotFound("card")
    ensure_region(card.region_id, "card")
    return card


@api_v1.get("/cards/<number>")
@require_token()
@api_spec.validate(resp=Answers({200: (CardAnswer, "The card")}))
def get_card(number: str) -> Any:
    """Read a card"""
    return CardAnswer.model_validate(_load(number))


@api_v1.post("/cards/<number>/issue")
@require_token(TokenKind.REGION, TokenKind.OPERATOR)
@api_spec.validate(resp=Answers({200: (CardAnswer, "Issued")}, TOO_EARLY))
def issue_card(number: str) -> Any:
    """Card handed to the member («Выдан»)"""
    card = _load(number)
    mark_card(get_session(), card, CardState.ISSUED, actor=current_client().actor)
    return CardAnswer.model_validate(card)


@api_v1.post("/cards/<number>/refuse")
@require_token(TokenKind.REGION, TokenKind.OPERATOR)
@api_spec.validate(resp=Answers({200: (CardAnswer, "Refused")}, TOO_EARLY))
def refuse_card(number: str) -> Any:
    """Member refused the card («Отказ»)"""
    card = _load(number)
    mark_card(get_session(), card, CardState.REFUSED, actor=current_client().actor)
    return CardAnswer.model_validate(card)
