"""Is this card genuine and valid? The verdict on a card's signed payload (the QR code's text) or on
what a reader took from its chip, checked against the issuer's public key and the card's row.

The public pages that show the verdict are in :mod:`gateway.web.verify`; the payload format and its
signatures in :mod:`card_printing.payload`.
"""

from __future__ import annotations

import datetime as dt
import enum
import uuid
from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from sqlalchemy import exists, select
from sqlalchemy.orm import Session, aliased

from card_printing.payload import CardPayload, PayloadError, verify, verify_chip, verify_text
from gateway.models import Card, CardState, Member
from gateway.virtual.validity import Validity, VoidReason, card_validity


class Verdict(enum.StrEnum):
    VALID = "valid"  # genuine, produced, not yet handed out
    ISSUED = "issued"  # genuine and handed to the member
    WITHDRAWN = "withdrawn"  # genuine but no longer valid (replaced, cancelled, refused)
    FORGED = "forged"  # signature or content does not check out


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    payload: CardPayload | None = None
    reason: VoidReason | None = None  # why an invalid card is invalid, in neutral words (ru.VOID_REASONS)


@dataclass(frozen=True)
class CardStatus:
    """What verification needs of a card's row, and whether the card is valid."""

    state: CardState
    member_ref: uuid.UUID
    chip_uid: str | None
    produced_at: dt.datetime | None
    validity: Validity


_NEWER = aliased(Card)  # one alias for every call: a new one per call would defeat the statement cache


def card_status(session: Session, number: str) -> CardStatus | None:
    """The card's state, member ref, chip UID and production time, and whether it is valid — the
    same rule as the partner API and the wallet pass (gateway.virtual.validity)."""
    newer = _NEWER
    replaced = exists().where(
        newer.member_id == Card.member_id, newer.id > Card.id, newer.state != CardState.SPOILED
    )
    row = session.execute(
        select(
            Card.state,
            Member.onec_ref,
            Card.chip_uid,
            Card.produced_at,
            Member.left_on,
            Member.deletion_mark,
            replaced,
        )
        .join(Member, Member.id == Card.member_id)
        .where(Card.number == number)
    ).first()
    if row is None:
        return None
    validity = card_validity(row[0], member_left=row[4] is not None, member_deleted=row[5], replaced=row[6])
    return CardStatus(row[0], row[1], row[2], row[3], validity)


def verdict_of(state: CardState, validity: Validity) -> Verdict:
    if not validity.valid:
        return Verdict.WITHDRAWN
    # A virtual-only number is the member's card from the start: issued.
    return Verdict.ISSUED if state in (CardState.ISSUED, CardState.VIRTUAL) else Verdict.VALID


def verify_card(session: Session, public_key: Ed25519PublicKey, text: str) -> Verification:
    try:
        payload = verify_text(text, public_key)
    except PayloadError:
        return Verification(Verdict.FORGED)
    found = card_status(session, payload.card_number)
    if found is None or found.member_ref != payload.member_ref:
        # Signed, yet unknown here or for another member: never a card this gateway issued.
        return Verification(Verdict.FORGED, payload)
    return Verification(verdict_of(found.state, found.validity), payload, found.validity.reason)


def verify_chip_read(
    session: Session, public_key: Ed25519PublicKey, uid_hex: str, blob: bytes
) -> Verification:
    """What a reader took from a chip: the UID it reported and the payload the chip holds.

    Genuine only when the chip-bound signature checks out *with this UID* and the card was issued
    with this very chip: the bytes of a card copied onto another chip fail here."""
    try:
        uid = bytes.fromhex(uid_hex)
        # A chip made by an outside bureau holds the v1 payload (the bureau has no signing key): it is
        # bound only online, by the UID the bureau's signed manifest recorded (checked below).
        payload = verify(blob, public_key) if blob[:1] == b"\x01" else verify_chip(blob, uid, public_key)
    except (ValueError, PayloadError):
        return Verification(Verdict.FORGED)
    found = card_status(session, payload.card_number)
    if (
        found is None
        or found.member_ref != payload.member_ref
        or (found.chip_uid or "").upper() != uid.hex().upper()
    ):
        return Verification(Verdict.FORGED, payload)
    return Verification(verdict_of(found.state, found.validity), payload, found.validity.reason)
