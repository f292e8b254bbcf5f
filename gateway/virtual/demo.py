"""Demo data of the virtual ЭПБ for ``./run.sh``: members with virtual cards (one of them also
ordered in plastic, same number) and a partner token with every scope."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.models import Card, CardForm, Member, OrderReason, OrderSource
from gateway.orders.intake import OrderRequest, Submitter, submit_orders
from gateway.settings import Settings
from gateway.virtual.models import PartnerScope
from gateway.virtual.partners import create_partner

DEMO_VIRTUAL_CARDS = 20


def load_virtual_demo(session: Session, settings: Settings, region_id: int) -> dict[str, Any]:
    carded = select(Card.member_id)
    members = list(
        session.scalars(
            select(Member)
            .where(Member.region_id == region_id, Member.consent.is_(True), Member.left_on.is_(None))
            .where(Member.deletion_mark.is_(False), Member.id.not_in(carded))
            .order_by(Member.id)
            .limit(DEMO_VIRTUAL_CARDS)
        )
    )
    submitter = Submitter("demo", OrderSource.API, None)
    items = submit_orders(
        session,
        settings,
        submitter,
        [OrderRequest(OrderReason.FIRST, member_ref=m.onec_ref, form=CardForm.VIRTUAL) for m in members],
    )
    accepted = [m for m, it in zip(members, items, strict=True) if it.accepted]
    if accepted:  # the first one also ordered in plastic: the same number, now in the print queue
        submit_orders(
            session, settings, submitter, [OrderRequest(OrderReason.FIRST, member_ref=accepted[0].onec_ref)]
        )
    _account, token, _secret = create_partner(session, name="демо: личный кабинет", scopes=list(PartnerScope))
    return {
        "partner_token": token,
        "member_refs": [str(m.onec_ref) for m in accepted[:5]],
        "self_check": (
            {"card_number": items[0].card_number, "birth_date": accepted[0].birth_date.isoformat()}
            if accepted
            else None
        ),
        "page": "/demo/personal-account",
    }
