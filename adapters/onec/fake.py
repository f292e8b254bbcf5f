"""An in-memory 1C registry: the unit-test double of :class:`adapters.onec.registry.Registry`.

Tests of the gateway's services (outbox delivery, incremental and full sync, reconciliation) run
against it in milliseconds, with no HTTP and no emulator process. It keeps the parts of 1C's
behaviour those services depend on:

- objects get a new ``DataVersion`` each time they are written (:meth:`FakeRegistry.put`);
- the exchange plan registers a change per object; ``open_changes`` sends every registration
  with message number ``ReceivedNo + 1`` (the same number again until acknowledged, plus newer
  changes), ``notify_changes_received(n)`` forgets the registrations sent in messages up to ``n``
  — a change made after it was sent stays registered, as in 1C;
- a deleted object is a tombstone in the feed and simply absent from reads;
- a status record is keyed by (period to the second, member, card, status): pushing it again
  answers ``ALREADY_PRESENT``.

What it does not do is speak the wire: OData paging, Atom, error forms, time limits. Those are
tested against the emulator (``adapters.onec.emulator``) over real HTTP.
"""

from __future__ import annotations

import itertools
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import replace
from datetime import datetime
from typing import Any

from .errors import OneCError, OneCExchangeUnavailable
from .mapping import CARD_STATUSES
from .records import (
    CardOrderRecord,
    ChangeBatch,
    DataVersionRecord,
    DeletedRef,
    DocumentVersion,
    EntityKind,
    ExchangeNode,
    MemberRecord,
    OrgRecord,
    PushResult,
    StatusRecord,
)

AnyRecord = OrgRecord | MemberRecord | CardOrderRecord
NODE_REF = "00000000-0000-0000-0000-00000000feed"


def _kind(record: AnyRecord) -> EntityKind:
    if isinstance(record, OrgRecord):
        return "organisation"
    if isinstance(record, MemberRecord):
        return "member"
    return "card_order"


class FakeChangeMessage:
    """One change message: the current state of each registered object, or its tombstone."""

    def __init__(self, registry: FakeRegistry, message_no: int, keys: list[tuple[EntityKind, str]]) -> None:
        self.registry = registry
        self.node_ref = NODE_REF
        self.message_no = message_no
        self.keys = keys
        self.size = 0

    def __enter__(self) -> FakeChangeMessage:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def batches(self, size: int) -> Iterator[ChangeBatch]:
        parts: dict[EntityKind, list[Any]] = {"organisation": [], "member": [], "card_order": []}
        deleted: list[DeletedRef] = []
        pending = 0
        for kind, ref in self.keys:
            record = self.registry.objects[kind].get(ref)
            if record is None:
                deleted.append(DeletedRef(kind=kind, ref=ref))
            else:
                parts[kind].append(record)
            pending += 1
            self.size += 1
            if pending >= size:
                yield self._batch(parts, deleted)
                parts = {"organisation": [], "member": [], "card_order": []}
                deleted, pending = [], 0
        if pending:
            yield self._batch(parts, deleted)

    def _batch(self, parts: dict[EntityKind, list[Any]], deleted: list[DeletedRef]) -> ChangeBatch:
        return ChangeBatch(
            self.node_ref,
            self.message_no,
            tuple(parts["organisation"]),
            tuple(parts["member"]),
            tuple(parts["card_order"]),
            tuple(deleted),
        )


class FakeRegistry:
    """In-memory :class:`~adapters.onec.registry.Registry` (see the module's docstring).

    ``exchange_unavailable``: ``None`` (the feed works) or the reason the real registry gives —
    ``"node_missing"``, ``"plan_not_published"``, ``"node_marked_deleted"``,
    ``"functions_not_published"``. ``push_failures``: errors the next pushes raise, in order.
    ``on_acknowledge``: called with the message number before an acknowledgement is taken (a
    test looks at the database there, or raises to play a connection lost before the ack).
    """

    def __init__(self) -> None:
        self.objects: dict[EntityKind, dict[str, Any]] = {"organisation": {}, "member": {}, "card_order": {}}
        self.statuses: dict[tuple[Any, ...], StatusRecord] = {}
        self.push_failures: list[OneCError] = []
        self.pushes = 0
        self.exchange_unavailable: str | None = None
        self.on_acknowledge: Callable[[int], None] | None = None
        self.acknowledged: list[int] = []
        self.deadline: float | None = None
        self.closed = False
        # Exchange-plan registrations: key → number of the message that sent it (None: not yet sent).
        self._registered: dict[tuple[EntityKind, str], int | None] = {}
        self._sent_no = 0
        self._received_no = 0
        self._versions = itertools.count(1)

    # ---- what a test does in "1C" --------------------------------------------------------------

    def put(self, *records: AnyRecord, register: bool = True) -> list[AnyRecord]:
        """Write objects as 1C does: each gets a new DataVersion and a change registration."""
        out: list[AnyRecord] = []
        for record in records:
            stored = replace(record, data_version=f"v{next(self._versions)}")
            kind = _kind(stored)
            self.objects[kind][stored.ref] = stored
            if register:
                self._register(kind, stored.ref)
            out.append(stored)
        return out

    def delete(self, kind: EntityKind, ref: str) -> None:
        """Delete an object outright (not a deletion mark): the feed sends a tombstone."""
        del self.objects[kind][ref]
        self._register(kind, ref)

    def _register(self, kind: EntityKind, ref: str) -> None:
        self._registered.pop((kind, ref), None)  # re-registered: unsent again, and last in order
        self._registered[(kind, ref)] = None

    @property
    def registered(self) -> int:
        """Changes 1C still holds for the gateway (sent or not, not yet acknowledged)."""
        return len(self._registered)

    # ---- full reads ----------------------------------------------------------------------------

    def _iter(self, kind: EntityKind, after_key: str | None) -> Iterator[Any]:
        for ref in sorted(self.objects[kind]):
            if after_key is None or ref > after_key:
                yield self.objects[kind][ref]

    def iter_organisations(
        self, after_key: str | None = None, page_size: int | None = None
    ) -> Iterator[OrgRecord]:
        return self._iter("organisation", after_key)

    def iter_members(
        self, after_key: str | None = None, page_size: int | None = None
    ) -> Iterator[MemberRecord]:
        return self._iter("member", after_key)

    def iter_card_orders(
        self, after_key: str | None = None, page_size: int | None = None, posted_only: bool = True
    ) -> Iterator[CardOrderRecord]:
        return (d for d in self._iter("card_order", after_key) if d.posted or not posted_only)

    def iter_data_versions(
        self, kind: EntityKind, after_key: str | None = None, page_size: int | None = None
    ) -> Iterator[DataVersionRecord]:
        for r in self._iter(kind, after_key):
            yield DataVersionRecord(ref=r.ref, data_version=r.data_version, deletion_mark=r.deletion_mark)

    def iter_document_versions(self, page_size: int | None = None) -> Iterator[DocumentVersion]:
        for d in self._iter("card_order", None):
            yield DocumentVersion(
                ref=d.ref, data_version=d.data_version, withdrawn=d.deletion_mark or not d.posted
            )

    def get_member(self, ref: str) -> MemberRecord | None:
        member: MemberRecord | None = self.objects["member"].get(ref)
        return member

    def get_many(self, kind: EntityKind, refs: Sequence[str]) -> Iterator[AnyRecord]:
        for ref in refs:
            if ref in self.objects[kind]:
                yield self.objects[kind][ref]

    # ---- reconciliation ------------------------------------------------------------------------

    def count_organisations(self) -> int:
        return len(self.objects["organisation"])

    def count_members(self, active_only: bool = False) -> int:
        return sum(1 for m in self.objects["member"].values() if m.is_active or not active_only)

    def count_card_orders(self) -> int:
        return len(self.objects["card_order"])

    def count_members_by_region(self) -> dict[str, int]:
        orgs = self.objects["organisation"]
        counts: Counter[str] = Counter()
        for m in self.objects["member"].values():
            if m.is_active:
                org = orgs.get(m.organisation_ref or "")
                counts[(org.region_code or "") if org else ""] += 1
        return dict(counts)

    def count_statuses(self) -> dict[str, int]:
        counts = Counter(r.status for r in self.statuses.values())
        return {status: counts[status] for status in CARD_STATUSES}

    # ---- change feed ---------------------------------------------------------------------------

    def node(self, node: str | None = None) -> ExchangeNode:
        reason = self.exchange_unavailable
        if reason in ("node_missing", "plan_not_published"):
            raise OneCExchangeUnavailable(f"fake 1C: exchange plan unavailable ({reason})", reason=reason)
        return ExchangeNode(
            ref=NODE_REF,
            code=node or "gateway",
            deletion_mark=reason == "node_marked_deleted",
            sent_no=self._sent_no,
            received_no=self._received_no,
        )

    def open_changes(self, node: str | None = None) -> FakeChangeMessage:
        found = self.node(node)
        if found.deletion_mark:
            raise OneCExchangeUnavailable("fake 1C: node marked for deletion", reason="node_marked_deleted")
        if self.exchange_unavailable == "functions_not_published":
            raise OneCExchangeUnavailable(
                "fake 1C: SelectChanges not published", reason="functions_not_published"
            )
        message_no = found.received_no + 1
        for key in self._registered:
            self._registered[key] = message_no
        self._sent_no = message_no
        return FakeChangeMessage(self, message_no, list(self._registered))

    def select_changes(self, node: str | None = None) -> ChangeBatch:
        with self.open_changes(node) as message:
            parts = list(message.batches(1_000_000))
        return parts[0] if parts else ChangeBatch(NODE_REF, message.message_no, (), (), (), ())

    def notify_changes_received(self, node: str | None, message_no: int) -> None:
        if self.on_acknowledge is not None:
            self.on_acknowledge(message_no)
        self._registered = {k: n for k, n in self._registered.items() if n is None or n > message_no}
        self._received_no = max(self._received_no, message_no)
        self.acknowledged.append(message_no)

    # ---- status push-back ----------------------------------------------------------------------

    def push_status(self, record: StatusRecord) -> PushResult:
        if record.status not in CARD_STATUSES:
            raise ValueError(f"unknown card status {record.status!r}; expected one of {CARD_STATUSES}")
        if record.status_at.tzinfo is None:
            raise ValueError("StatusRecord.status_at must be timezone-aware")
        self.pushes += 1
        if self.push_failures:
            raise self.push_failures.pop(0)
        period: datetime = record.status_at.replace(microsecond=0)
        key = (period, record.member_ref, record.card_number, record.status)
        if key in self.statuses:
            return PushResult.ALREADY_PRESENT
        self.statuses[key] = record
        return PushResult.CREATED

    def set_deadline(self, deadline: float | None) -> None:
        self.deadline = deadline

    def close(self) -> None:
        self.closed = True
