"""Is this ЭПБ valid? One answer for the verification page, the partner API, webhooks and the pass.

A card is valid while its number is the member's active one *and* the holder is still a member in
1C. Otherwise it is «недействителен», with a reason in neutral words that says nothing about the
holder beyond what the card itself shows.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass

from gateway.models import ACTIVE_CARD_STATES, CardState
from gateway.texts import ru


class VoidReason(enum.StrEnum):
    REPLACED = "replaced"  # a reissue gave the member a new number
    WITHDRAWN = "withdrawn"  # cancelled, or refused by the member
    MEMBERSHIP_ENDED = "membership_ended"  # the holder left the union
    RECORD_CLOSED = "record_closed"  # the member's record was deleted in 1C
    NOT_ISSUED = "not_issued"  # spoiled in production: never a card


@dataclass(frozen=True, slots=True)
class Validity:
    valid: bool
    reason: VoidReason | None = None

    @property
    def text(self) -> str | None:
        return ru.VOID_REASONS[self.reason] if self.reason else None


def card_validity(
    state: CardState, *, member_left: bool, member_deleted: bool, replaced: bool = False
) -> Validity:
    """``replaced``: the member has a newer card (the reissue that withdrew this one)."""
    if state not in ACTIVE_CARD_STATES:
        if state is CardState.SPOILED:
            return Validity(False, VoidReason.NOT_ISSUED)
        if state is CardState.WITHDRAWN and replaced:
            return Validity(False, VoidReason.REPLACED)
        return Validity(False, VoidReason.WITHDRAWN)
    if member_deleted:
        return Validity(False, VoidReason.RECORD_CLOSED)
    if member_left:
        return Validity(False, VoidReason.MEMBERSHIP_ENDED)
    return Validity(True)
