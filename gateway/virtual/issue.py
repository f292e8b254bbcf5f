"""One ЭПБ number, every form: the member's current number and the plastic of a virtual-only one.

The rule (README «One ЭПБ number, every form»): a member holds at most one active number (the
partial unique index ``uq_cards_active_member``). A virtual-only order draws a number that is
available at once (card state ``virtual``, «Выдан» with form «virtual» to 1C); a later plastic for
the same member is printed with the same number (the card row turns plastic in place); a reissue
(lost, damaged, name changed) draws a new number and withdraws the old one, which voids it in every
form (page, partner API, webhooks, wallet pass).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.lifecycle import record_creation, record_ordered, transition
from gateway.models import ACTIVE_CARD_STATES, Card, CardForm, CardOrder, CardState, OrderReason, OrderState

if TYPE_CHECKING:
    from gateway.orders.intake import ItemResult, Submitter


def order_plastic_for_virtual(
    session: Session, submitter: Submitter, item: ItemResult, card_id: int, now: dt.datetime
) -> None:
    """Accept a plastic order for a member whose number is virtual-only: same number, printed now."""
    card = session.get(Card, card_id, with_for_update=True)
    assert card is not None and card.state is CardState.VIRTUAL
    order = CardOrder(
        member_id=card.member_id,
        region_id=card.region_id,
        reason=OrderReason.FIRST,
        form=CardForm.PLASTIC,
        source=submitter.source,
        submitted_by=submitter.actor,
        idempotency_key=submitter.idempotency_key,
        onec_ref=item.request.onec_ref,
        state=OrderState.ACCEPTED,
        upload_id=submitter.upload_id,
        upload_row=item.request.row if submitter.upload_id else None,
        created_at=now,
        updated_at=now,
    )
    session.add(order)
    session.flush()
    record_creation(
        session,
        order,
        actor=submitter.actor,
        reason=f"{submitter.source.value}: first",
        from_state="submitted",
    )
    card.order_id = order.id
    card.plastic = True
    transition(
        session,
        card,
        CardState.ALLOCATED,
        actor=submitter.actor,
        reason="plastic for a virtual number",
        at=now,
    )
    record_ordered(session, card, at=now)
    item.order_id = order.id
    item.order_public_id = order.public_id
    item.card_number = card.number


def current_card(session: Session, member_id: int) -> Card | None:
    """The member's active card (at most one, by the unique index), else the latest one."""
    active = session.scalar(
        select(Card).where(Card.member_id == member_id, Card.state.in_(ACTIVE_CARD_STATES))
    )
    if active is not None:
        return active
    return session.scalar(select(Card).where(Card.member_id == member_id).order_by(Card.id.desc()).limit(1))


def forms_of(card: Card) -> list[str]:
    """The forms in which this number exists for the member: the virtual duplicate always (the
    number in the personal account and the app), the plastic when one is or was ordered."""
    forms = [CardForm.VIRTUAL.value]
    if card.plastic:
        forms.insert(0, CardForm.PLASTIC.value)
    return forms


def issue_date_of(card: Card) -> dt.date:
    """The date the card shows: when it became available to the member (virtual) or was produced."""
    when = card.virtual_at or card.produced_at or card.allocated_at
    return when.date()
