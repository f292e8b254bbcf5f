"""The member's ЭПБ as partners see it: state, validity, forms, signed payload, links, front PNG."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from card_printing.card_data import CardData, format_card_number
from card_printing.payload import CardPayload, sign
from card_printing.printfiles import preview_png
from card_printing.render import renderer_for
from gateway.models import Card, CardState, Member
from gateway.printing.cards import card_data_for
from gateway.printing.keys import signing_key
from gateway.settings import Settings
from gateway.texts.ru import STATE_LABELS
from gateway.virtual.issue import forms_of, issue_date_of
from gateway.virtual.schemas import PartnerCard
from gateway.virtual.validity import Validity, card_validity


@dataclass(frozen=True)
class CardStatus:
    card: Card
    member: Member
    validity: Validity


def card_status(session: Session, card: Card) -> CardStatus:
    member = session.get(Member, card.member_id)
    assert member is not None
    replaced = session.scalar(
        select(
            exists().where(
                Card.member_id == card.member_id, Card.id > card.id, Card.state != CardState.SPOILED
            )
        )
    )
    validity = card_validity(
        card.state,
        member_left=member.left_on is not None,
        member_deleted=member.deletion_mark,
        replaced=bool(replaced),
    )
    return CardStatus(card, member, validity)


def payload_text(settings: Settings, card: Card, member: Member) -> str:
    return sign(CardPayload(card.number, member.onec_ref, issue_date_of(card)), signing_key(settings)).text


def verify_link(base_url: str, payload: str) -> str:
    return f"{base_url.rstrip('/')}/v/{payload}"


def partner_card(settings: Settings, status: CardStatus, base_url: str) -> PartnerCard:
    card, member, validity = status.card, status.member, status.validity
    payload = payload_text(settings, card, member)
    api = f"{base_url.rstrip('/')}/api/v1/partner/members/{member.onec_ref}/card"
    return PartnerCard(
        card_number=card.number,
        card_number_formatted=format_card_number(card.number),
        state=card.state.value,
        state_label=STATE_LABELS[card.state.value],
        valid=validity.valid,
        void_reason=validity.reason.value if validity.reason else None,
        void_reason_text=validity.text,
        forms=forms_of(card),
        issue_date=issue_date_of(card),
        payload=payload,
        verify_url=verify_link(settings.virtual.public_base_url or base_url, payload),
        front_png_url=f"{api}.png",
        pass_url=f"{api}.pkpass" if validity.valid else None,
        can_confirm_receipt=card.state is CardState.DISPATCHED and validity.valid,
    )


def front_png(session: Session, settings: Settings, card: Card, scale: float = 0.5) -> bytes:
    """The card's front as the member sees it in the app: the printed design, with this number."""
    (data,) = card_data_for(session, [card], signing_key(settings), issue_date=issue_date_of(card))
    return preview_png(data, renderer_for(settings.printing.template), "front", scale=scale)


def card_data(session: Session, settings: Settings, card: Card) -> CardData:
    (data,) = card_data_for(session, [card], signing_key(settings), issue_date=issue_date_of(card))
    return data
