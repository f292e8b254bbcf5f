"""What follows a card's change for the virtual ЭПБ: partners' webhooks and phones' wallet passes.
Called by gateway.lifecycle.transition in the caller's transaction."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Session

from gateway.models import Card
from gateway.virtual.webhooks import NOTIFIED_STATES, notify_partners

__all__ = ["NOTIFIED_STATES", "card_changed"]


def card_changed(session: Session, card: Card, at: dt.datetime, reason: str | None = None) -> None:
    # Imported here: the pass code renders cards, which needs gateway.lifecycle, our caller.
    from gateway.virtual.passes import push_pass_update

    notify_partners(session, card, at, reason)
    push_pass_update(session, card)
