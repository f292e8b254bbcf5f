"""Partner API (``/api/v1/partner/…``): the member's ЭПБ for the personal-account site and the app.

A ``partner`` token; each route needs one scope of the partner's account (gateway.virtual.models).
Request bodies and answers are the pydantic models of gateway.virtual.schemas.
"""

from __future__ import annotations

import email.utils
import uuid
from typing import Any

from flask import Response, current_app, request
from sqlalchemy import select

from gateway.api import api_v1
from gateway.api.openapi import Answers, api_spec
from gateway.db.request_session import get_session
from gateway.errors import DomainError
from gateway.lifecycle import STATE_LABELS
from gateway.models import Card, Member
from gateway.settings import Settings
from gateway.virtual.auth import current_partner, require_scope
from gateway.virtual.cardview import card_status, front_png, partner_card
from gateway.virtual.issue import current_card
from gateway.virtual.models import PartnerScope
from gateway.virtual.receipt import confirm_receipt
from gateway.virtual.schemas import (
    PartnerCard,
    ReceiptRequest,
    ReceiptResult,
    SelfCheckRequest,
    SelfCheckResult,
)
from gateway.virtual.selfcheck import NO_MATCH, mark_succeeded, reserve_self_check

MEMBER = {"ref": "Member's 1C reference (Ref_Key)"}
NO_CARD = DomainError("card_not_found", "У члена Профсоюза нет электронного профсоюзного билета.", status=404)


def _settings() -> Settings:
    return current_app.extensions["gateway.settings"]


def _base_url() -> str:
    return _settings().virtual.public_base_url or request.url_root


def member_card(ref: str) -> Card:
    try:
        member_ref = uuid.UUID(ref)
    except ValueError:
        raise NO_CARD from None
    session = get_session()
    member_id = session.scalar(select(Member.id).where(Member.onec_ref == member_ref))
    card = current_card(session, member_id) if member_id is not None else None
    if card is None:
        raise NO_CARD
    return card


@api_v1.get("/partner/members/<ref>/card")
@require_scope(PartnerScope.CARD_READ)
@api_spec.validate(resp=Answers({200: (PartnerCard, "The card")}), path_parameter_descriptions=MEMBER)
def partner_member_card(ref: str) -> Any:
    """The member's current ЭПБ: number, state, validity, forms, issue date, signed payload, links

    Partner token with scope `card:read`.
    """
    card = member_card(ref)
    return partner_card(_settings(), card_status(get_session(), card), _base_url())


@api_v1.get("/partner/members/<ref>/card.png")
@require_scope(PartnerScope.CARD_READ)
@api_spec.validate(resp=Answers(files={200: "image/png"}), path_parameter_descriptions=MEMBER)
def partner_member_card_png(ref: str) -> Any:
    """PNG of the card's front (the printed design with this number)

    Partner token with scope `card:read`.
    """
    card = member_card(ref)
    png = front_png(get_session(), _settings(), card)
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, no-store"})


@api_v1.post("/partner/self-check")
@require_scope(PartnerScope.SELF_CHECK)
@api_spec.validate(
    json=SelfCheckRequest,
    resp=Answers({200: (SelfCheckResult, "The card (with member_ref)")}, {429: "Too many failures"}),
)
def partner_self_check() -> Any:
    """Member proves who they are: card number + date of birth

    Same 404 for an unknown number and a wrong date; 429 after too many failures per card or per
    partner. Partner token with scope `card:self_check`.
    """
    body: SelfCheckRequest = request.context.json  # type: ignore[attr-defined]
    number = "".join(body.card_number.split())
    settings = _settings()
    # Nothing of this request is written yet but the token's last use: commit it now, so the
    # attempt's own transaction does not wait for this one (SQLite has a single writer).
    get_session().commit()
    attempt = reserve_self_check(
        current_app.extensions["gateway.sessionmaker"], settings.virtual, current_partner().id, number
    )
    session = get_session()
    row = (
        session.execute(
            select(Card, Member.birth_date)
            .join(Member, Member.id == Card.member_id)
            .where(Card.number == number)
        ).first()
        if number.isdigit() and len(number) == 16
        else None
    )
    # One answer, one code path for "no such card" and "wrong date" (no early return on either).
    if row is None or row[1] != body.birth_date:
        raise NO_MATCH
    mark_succeeded(session, attempt)
    card = partner_card(settings, card_status(session, row[0]), _base_url())
    ref = session.scalar(select(Member.onec_ref).where(Member.id == row[0].member_id))
    return SelfCheckResult(**card.model_dump(), member_ref=ref)


@api_v1.post("/partner/members/<ref>/card/receipt")
@require_scope(PartnerScope.RECEIPT)
@api_spec.validate(
    json=ReceiptRequest,
    resp=Answers({200: (ReceiptResult, "New state")}, {409: "Not awaiting receipt"}),
    path_parameter_descriptions=MEMBER,
)
def partner_card_receipt(ref: str) -> Any:
    """The member confirms «Получил» (or declines) a card dispatched to the region

    «Выдан» / «Отказ» go to 1C. Partner token with scope `card:receipt`.
    """
    body: ReceiptRequest = request.context.json  # type: ignore[attr-defined]
    card = member_card(ref)
    get_session().refresh(card, with_for_update=True)
    confirm_receipt(get_session(), card, body.answer, current_partner(), body.reason)
    return ReceiptResult(
        card_number=card.number, state=card.state.value, state_label=STATE_LABELS[card.state.value]
    )


@api_v1.get("/partner/members/<ref>/card.pkpass")
@require_scope(PartnerScope.CARD_READ)
@api_spec.validate(
    resp=Answers(files={200: "application/vnd.apple.pkpass"}), path_parameter_descriptions=MEMBER
)
def partner_member_card_pass(ref: str) -> Any:
    """Wallet pass of an active card (Apple Wallet, PassWallet)

    An invalid card has none (the phone's copy is voided through the pass web service). Partner
    token with scope `card:read`.
    """
    from gateway.virtual.passes import pass_for_card

    card = member_card(ref)
    session = get_session()
    if not card_status(session, card).validity.valid:
        raise NO_CARD
    data, modified = pass_for_card(session, _settings(), card, request.url_root)
    return Response(
        data,
        mimetype="application/vnd.apple.pkpass",
        headers={
            "Content-Disposition": f'attachment; filename="epb-{card.number}.pkpass"',
            "Last-Modified": email.utils.format_datetime(modified, usegmt=True),
            "Cache-Control": "private, no-store",
        },
    )
