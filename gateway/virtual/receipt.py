"""The member confirms receipt of a plastic card dispatched to their region, through the partner's
app: «Получил» makes it issued, a refusal refused — the same path as a regional user's mark
(gateway.cards.handout.mark_card), so «Выдан» / «Отказ» reaches 1C through the outbox, and the
history names who confirmed it (``member via partner:<id>``)."""

from __future__ import annotations

from sqlalchemy.orm import Session

from gateway.cards.handout import mark_card
from gateway.errors import DomainError
from gateway.models import Card, CardState
from gateway.virtual.models import PartnerAccount
from gateway.virtual.schemas import ReceiptAnswer


def receipt_actor(partner: PartnerAccount) -> str:
    return f"member via partner:{partner.id}"


def confirm_receipt(
    session: Session, card: Card, answer: ReceiptAnswer, partner: PartnerAccount, reason: str | None = None
) -> None:
    if card.state is not CardState.DISPATCHED:
        raise DomainError(
            "receipt_not_expected",
            "Подтвердить получение можно только для пластикового билета, отправленного в ваш регион.",
            status=409,
        )
    target = CardState.ISSUED if answer is ReceiptAnswer.RECEIVED else CardState.REFUSED
    mark_card(
        session,
        card,
        target,
        actor=receipt_actor(partner),
        reason=reason if target is CardState.REFUSED else None,
    )
