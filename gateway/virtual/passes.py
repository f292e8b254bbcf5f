"""The wallet pass of a card: its content from the database, its last change, and the phones to
notify when it changes (Apple's pass web service, gateway.virtual.wallet_service)."""

from __future__ import annotations

import datetime as dt

from flask import current_app, has_app_context
from sqlalchemy import bindparam, exists, select
from sqlalchemy.orm import Session, aliased

from gateway.db.session import after_commit
from gateway.models import Card, CardState, Member, Organisation
from gateway.settings import Settings
from gateway.virtual.cardview import payload_text, verify_link
from gateway.virtual.issue import issue_date_of
from gateway.virtual.models import WalletRegistration
from gateway.virtual.validity import card_validity
from gateway.virtual.wallet import PassContent, authentication_token, build_pkpass, pass_identity

_STAMPS = (
    "allocated_at",
    "virtual_at",
    "produced_at",
    "dispatched_at",
    "issued_at",
    "refused_at",
    "withdrawn_at",
)


def last_modified(card: Card, member: Member) -> dt.datetime:
    """When what the pass shows last changed: the card's latest stamp or the member's record (a
    member who left the union makes the pass void)."""
    times = [t for t in (getattr(card, name) for name in _STAMPS) if t is not None] + [member.updated_at]
    latest = max(t if t.tzinfo else t.replace(tzinfo=dt.UTC) for t in times)
    return latest.astimezone(dt.UTC).replace(microsecond=0)


# Built once: a fresh alias per call would miss SQLAlchemy's statement cache and recompile the
# query every time (it cost more than the pass's signature).
_NEWER = aliased(Card)
_PASS_ROW = (
    select(
        Card,
        Member,
        Organisation.name,
        exists().where(
            _NEWER.member_id == Card.member_id, _NEWER.id > Card.id, _NEWER.state != CardState.SPOILED
        ),
    )
    .join(Member, Member.id == Card.member_id)
    .join(Organisation, Organisation.id == Member.organisation_id)
    .where(Card.number == bindparam("number"))
)


def pass_for_card(
    session: Session, settings: Settings, card: Card, base_url: str
) -> tuple[bytes, dt.datetime]:
    return pass_for_number(session, settings, card.number, base_url)  # type: ignore[return-value]


def pass_for_number(
    session: Session, settings: Settings, number: str, base_url: str
) -> tuple[bytes, dt.datetime] | None:
    """The pass of the card with this number and when it last changed; None for no such card.
    One query: card, member, organisation and "replaced by a newer card" together."""
    row = session.execute(_PASS_ROW, {"number": number}).first()
    if row is None:
        return None
    card, member, organisation, is_replaced = row
    validity = card_validity(
        card.state,
        member_left=member.left_on is not None,
        member_deleted=member.deletion_mark,
        replaced=is_replaced,
    )
    base = (settings.virtual.public_base_url or base_url).rstrip("/")
    content = PassContent(
        serial=card.number,
        holder=member.full_name,
        organisation=organisation,
        issue_date=issue_date_of(card),
        barcode=verify_link(base, payload_text(settings, card, member)),
        valid=validity.valid,
        void_text=validity.text,
        web_service_url=f"{base}/api/wallet",
        authentication_token=authentication_token(settings, card.number),
    )
    return build_pkpass(pass_identity(settings), content), last_modified(card, member)


def push_pass_update(session: Session, card: Card) -> None:
    """Tell the phones holding this card's pass to fetch it again, once the change is committed."""
    if not has_app_context() or "gateway.pass_pusher" not in current_app.extensions:
        return
    tokens = list(
        session.scalars(select(WalletRegistration.push_token).where(WalletRegistration.serial == card.number))
    )
    if tokens:
        pusher = current_app.extensions["gateway.pass_pusher"]
        after_commit(session, lambda: pusher.push(tokens))
