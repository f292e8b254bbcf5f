"""What follows a card's change for the virtual ЭПБ: partners' webhooks and phones' wallet passes.
Called by gateway.lifecycle.transition in the caller's transaction."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence

from sqlalchemy.orm import Session

from gateway.models import Card
from gateway.virtual.webhooks import NOTIFIED_STATES, notify_partners

__all__ = ["NOTIFIED_STATES", "card_changed", "cards_changed", "members_voided"]


def card_changed(session: Session, card: Card, at: dt.datetime, reason: str | None = None) -> None:
    # Imported here: the pass code renders cards, which needs gateway.lifecycle, our caller.
    from gateway.virtual.passes import push_pass_update

    notify_partners(session, card, at, reason)
    push_pass_update(session, card)


def cards_changed(
    session: Session, card_ids: Sequence[int], at: dt.datetime, reason: str | None = None
) -> None:
    """:func:`card_changed` for cards moved by the lifecycle's set-based door."""
    from sqlalchemy import select

    for card in session.scalars(select(Card).where(Card.id.in_(list(card_ids)))):
        card_changed(session, card, at, reason)


def members_voided(session: Session, member_refs: Sequence[str], at: dt.datetime | None = None) -> int:
    """Members of a sync page who left the union or were marked deleted in 1C: their active card is
    void from now on (gateway.virtual.validity), so partners' apps and the phones' passes are told.
    Returns how many cards were announced."""
    from sqlalchemy import or_, select

    from gateway.db.base import utcnow
    from gateway.models import ACTIVE_CARD_STATES, Member
    from gateway.virtual.passes import push_pass_update

    if not member_refs:
        return 0
    at = at or utcnow()
    refs = [uuid.UUID(str(r)) for r in member_refs]
    cards = session.scalars(
        select(Card)
        .join(Member, Member.id == Card.member_id)
        .where(Member.onec_ref.in_(refs), or_(Member.left_on.is_not(None), Member.deletion_mark.is_(True)))
        .where(Card.state.in_(ACTIVE_CARD_STATES))
    ).all()
    for card in cards:
        notify_partners(session, card, at)
        push_pass_update(session, card)
    return len(cards)
