"""What goes on a card, loaded from the database: names, organisation, region, signed payload."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from flask import current_app, has_app_context
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from card_printing.card_data import CardData
from card_printing.payload import CardPayload, sign
from gateway.models import Card, Member, Organisation


def card_data_for(
    session: Session,
    cards: Iterable[Card],
    key: Ed25519PrivateKey,
    issue_date: dt.date | None = None,
    link_base: str | None = None,
) -> list[CardData]:
    """``CardData`` for ``cards`` in the given order, with a freshly signed payload. ``link_base``:
    the public base URL for the QR link; ``None`` takes it from the app's settings (``[virtual]``)."""
    cards = list(cards)
    if link_base is None:
        link_base = (
            current_app.extensions["gateway.settings"].virtual.public_base_url if has_app_context() else ""
        )
    if not cards:
        return []
    issue_date = issue_date or dt.date.today()
    org, region = aliased(Organisation), aliased(Organisation)
    rows = session.execute(
        select(
            Member.id, Member.onec_ref, Member.surname, Member.name, Member.patronymic, org.name, region.name
        )
        .join(org, org.id == Member.organisation_id)
        .outerjoin(region, region.id == Member.region_id)
        .where(Member.id.in_({c.member_id for c in cards}))
    ).all()
    members = {r[0]: r[1:] for r in rows}
    out = []
    for card in cards:
        ref, surname, name, patronymic, org_name, region_name = members[card.member_id]
        signed = sign(CardPayload(card.number, ref, issue_date), key)
        out.append(
            CardData(
                card.number,
                surname,
                name,
                patronymic or "",
                org_name,
                region_name or "",
                issue_date,
                ref,
                signed.text,
                link_base,
            )
        )
    return out
