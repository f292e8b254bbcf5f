"""Plain records the registry facade hands to the gateway's sync service.

They hold gateway vocabulary (``"employed"``, ``"issued"``), not 1C names, and carry no 1C
wire quirks. Personal data (names, birth date) is excluded from ``repr`` so a record that ends up
in a log line or a traceback does not leak it (152-ФЗ).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Literal

EntityKind = Literal["organisation", "member", "card_order"]


@dataclass(frozen=True, slots=True)
class OrgRecord:
    ref: str
    parent_ref: str | None
    code: str
    name: str
    kind: str | None  # central | region | territorial | primary; None = a value the mapping does not know
    region_code: str | None
    inn: str | None
    excluded_on: date | None
    deletion_mark: bool
    data_version: str


@dataclass(frozen=True, slots=True)
class MemberRecord:
    ref: str
    organisation_ref: str | None
    code: str
    last_name: str = field(repr=False)
    first_name: str = field(repr=False)
    middle_name: str = field(repr=False)
    birth_date: date | None = field(repr=False)
    category: str | None  # employed | student | pensioner | not_stated; None = unknown 1C value
    consent: bool
    consent_date: date | None
    joined_on: date | None
    left_on: date | None
    record_number: int | None
    deletion_mark: bool
    data_version: str

    @property
    def is_active(self) -> bool:
        return not self.deletion_mark and self.left_on is None


@dataclass(frozen=True, slots=True)
class CardOrderLine:
    line_number: int
    member_ref: str | None
    reason: str | None  # first_issue | lost | damaged | name_changed
    form: str | None = None  # plastic | virtual; None: not filled in 1C (a plastic card)


@dataclass(frozen=True, slots=True)
class CardOrderRecord:
    ref: str
    number: str
    date: datetime | None  # aware, in the 1C server's zone
    posted: bool
    organisation_ref: str | None
    comment: str
    deletion_mark: bool
    data_version: str
    lines: tuple[CardOrderLine, ...]


@dataclass(frozen=True, slots=True)
class DeletedRef:
    """A tombstone: the object was physically deleted in 1C (not just marked for deletion)."""

    kind: EntityKind
    ref: str


@dataclass(frozen=True, slots=True)
class ChangeBatch:
    node_ref: str
    message_no: int
    organisations: tuple[OrgRecord, ...]
    members: tuple[MemberRecord, ...]
    card_orders: tuple[CardOrderRecord, ...]
    deleted: tuple[DeletedRef, ...]

    @property
    def size(self) -> int:
        return len(self.organisations) + len(self.members) + len(self.card_orders) + len(self.deleted)


@dataclass(frozen=True, slots=True)
class DataVersionRecord:
    ref: str
    data_version: str
    deletion_mark: bool


@dataclass(frozen=True, slots=True)
class DocumentVersion:
    """Ref, DataVersion and withdrawal (deletion mark or unposted) of one card-order document:
    the DataVersion fallback's view of documents (unposting keeps the deletion mark off)."""

    ref: str
    data_version: str
    withdrawn: bool


@dataclass(frozen=True, slots=True)
class ExchangeNode:
    """The gateway's node in 1C's exchange plan, as read now (its message numbers move every run)."""

    ref: str
    code: str
    deletion_mark: bool
    sent_no: int
    received_no: int


@dataclass(frozen=True, slots=True)
class StatusRecord:
    """One card status to write to 1C.

    ``status_at`` must be timezone-aware; it is converted to the 1C server's local time and
    truncated to seconds (1C dates have no fractions), and together with member, card number and
    status it forms the register key — the same record pushed twice lands on the same key.
    """

    card_number: str
    member_ref: str
    status: str  # one of mapping.CARD_STATUSES
    status_at: datetime
    issued_on: date | None
    idempotency_key: str
    form: str = "plastic"  # one of mapping.CARD_FORMS


class PushResult(enum.Enum):
    CREATED = "created"
    ALREADY_PRESENT = "already_present"
