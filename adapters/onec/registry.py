"""The registry facade: what the gateway's sync and push-back services call.

``Registry`` is the interface; :class:`ODataRegistry` reads over OData and pushes statuses over
OData or SOAP (``ConnectionSettings.push_transport``). Build one with :func:`build_registry`.
Nothing here logs personal data: log lines carry entity sets, refs, counts and 1C error codes.
"""

from __future__ import annotations

import io
import logging
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol, runtime_checkable

import requests
import urllib3

from . import wire
from .atom import AtomFormatError, FeedEntry, FeedTombstone, iter_feed
from .convert import RowConverter
from .errors import OneCError, OneCExchangeUnavailable, OneCNotFound, OneCProtocolError, OneCUnavailable
from .mapping import CARD_STATUSES, OneCMapping
from .odata import ODataClient, make_session
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
from .settings import ConnectionSettings
from .soap import SoapStatusClient

log = logging.getLogger(__name__)


@runtime_checkable
class ChangeFeedMessage(Protocol):
    """One message of the change feed as the sync consumes it (a context manager)."""

    node_ref: str
    message_no: int
    size: int  # objects and tombstones read so far (all of them once ``batches`` is exhausted)

    def __enter__(self) -> ChangeFeedMessage: ...

    def __exit__(self, *exc: object) -> None: ...

    def batches(self, size: int) -> Iterator[ChangeBatch]:
        """The message's objects and tombstones, ``size`` at a time."""
        ...


@runtime_checkable
class Registry(Protocol):
    """Everything the gateway asks of 1C. The sync, the outbox and reconciliation type against
    this, never against :class:`ODataRegistry` or its client: :class:`ODataRegistry` is the real
    one (tests of the wire run it against the emulator), ``adapters.onec.fake.FakeRegistry`` the
    in-memory one for unit tests."""

    def iter_organisations(
        self, after_key: str | None = None, page_size: int | None = None
    ) -> Iterator[OrgRecord]:
        """All organisations in key order; ``after_key`` resumes after the last one processed."""
        ...

    def iter_members(
        self, after_key: str | None = None, page_size: int | None = None
    ) -> Iterator[MemberRecord]: ...

    def iter_card_orders(
        self, after_key: str | None = None, page_size: int | None = None, posted_only: bool = True
    ) -> Iterator[CardOrderRecord]: ...

    def iter_data_versions(
        self, kind: EntityKind, after_key: str | None = None, page_size: int | None = None
    ) -> Iterator[DataVersionRecord]: ...

    def count_organisations(self) -> int: ...

    def count_members(self, active_only: bool = False) -> int: ...

    def count_card_orders(self) -> int: ...

    def count_members_by_region(self) -> dict[str, int]: ...

    def count_statuses(self) -> dict[str, int]: ...

    def iter_document_versions(self, page_size: int | None = None) -> Iterator[DocumentVersion]:
        """Ref, DataVersion and withdrawal of every card-order document, in key order."""
        ...

    def get_member(self, ref: str) -> MemberRecord | None: ...

    def get_many(
        self, kind: EntityKind, refs: Sequence[str]
    ) -> Iterator[OrgRecord | MemberRecord | CardOrderRecord]:
        """The full records of ``refs`` that 1C still has (a deleted object is simply absent)."""
        ...

    def node(self, node: str | None = None) -> ExchangeNode:
        """The gateway's exchange-plan node, read fresh; :class:`OneCExchangeUnavailable` when
        the plan is not published or has no such node."""
        ...

    def open_changes(self, node: str | None = None) -> ChangeFeedMessage:
        """The next change message, streaming; :class:`OneCExchangeUnavailable` when the feed
        cannot be used (node missing or marked for deletion, functions or plan not published)."""
        ...

    def select_changes(self, node: str | None = None) -> ChangeBatch:
        """Changes registered for the node since the last acknowledged message (re-sent until acked)."""
        ...

    def notify_changes_received(self, node: str | None, message_no: int) -> None:
        """Acknowledge — call only after the batch is committed locally."""
        ...

    def push_status(self, record: StatusRecord) -> PushResult:
        """Idempotent: pushing the same record again never creates a second 1C record."""
        ...

    def set_deadline(self, deadline: float | None) -> None:
        """No call may outlive this ``time.monotonic()`` instant (a run's time limit)."""
        ...

    def close(self) -> None: ...


class ChangeMessage:
    """One message of the change feed, parsed as it streams: memory holds one batch at a time."""

    def __init__(
        self, registry: ODataRegistry, node_ref: str, message_no: int, response: requests.Response
    ) -> None:
        self.registry = registry
        self.node_ref = node_ref
        self.message_no = message_no
        self.response = response
        self.size = 0
        self.ignored: Counter[str] = Counter()

    def __enter__(self) -> ChangeMessage:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.response.close()

    def _items(self) -> Iterator[FeedEntry | FeedTombstone]:
        content_type = self.response.headers.get("Content-Type", "")
        if "json" in content_type:
            yield from _json_items(self.response)
            return
        raw = self.response.raw
        raw.decode_content = True  # gzip/deflate from the web server in front of 1C
        counting = _CountingReader(raw, self.registry.client.stats)
        try:
            yield from iter_feed(counting)
        except AtomFormatError as exc:
            raise OneCProtocolError(
                f"1C answered {self.registry.mapping.exchange.select_changes} with something that is "
                f"not an Atom feed: {exc}",
                status=self.response.status_code,
            ) from exc
        except (requests.RequestException, OSError, urllib3.exceptions.HTTPError) as exc:
            raise OneCUnavailable(f"the change message broke off while being read: {exc}") from exc

    def batches(self, size: int) -> Iterator[ChangeBatch]:
        """The message's objects and tombstones, ``size`` at a time, as gateway records."""
        convert = self.registry.convert
        kinds = self.registry._feed_kinds()
        orgs: list[OrgRecord] = []
        members: list[MemberRecord] = []
        orders: list[CardOrderRecord] = []
        deleted: list[DeletedRef] = []
        pending = 0
        for item in self._items():
            kind = kinds.get(item.entity_set)
            if kind is None:
                self.ignored[item.entity_set] += 1
                if self.ignored[item.entity_set] == 1:
                    log.warning("1C change feed: ignoring objects of %s (not mapped)", item.entity_set)
                continue
            if isinstance(item, FeedTombstone):
                deleted.append(DeletedRef(kind=kind, ref=item.ref))
            else:
                row = wire.normalize_row(item.properties)
                if row.get("Ref_Key") is None and item.ref:
                    row["Ref_Key"] = item.ref
                if kind == "organisation":
                    orgs.append(convert.organisation(row))
                elif kind == "member":
                    members.append(convert.member(row))
                else:
                    orders.append(convert.card_order(row))
            pending += 1
            self.size += 1
            if pending >= size:
                yield ChangeBatch(
                    self.node_ref, self.message_no, tuple(orgs), tuple(members), tuple(orders), tuple(deleted)
                )
                orgs, members, orders, deleted, pending = [], [], [], [], 0
        if pending:
            yield ChangeBatch(
                self.node_ref, self.message_no, tuple(orgs), tuple(members), tuple(orders), tuple(deleted)
            )
        log.info("1C change feed: message %d with %d change(s)", self.message_no, self.size)


class _CountingReader(io.RawIOBase):
    """Counts the bytes the parser reads from the response (for the bench's bytes per member)."""

    def __init__(self, raw: Any, stats: Any) -> None:
        self.raw = raw
        self.stats = stats

    def readable(self) -> bool:
        return True

    def read(self, size: int = -1) -> bytes:
        data = self.raw.read(size if size and size > 0 else 65536)
        self.stats.response_bytes += len(data)
        return data

    def readinto(self, buffer: Any) -> int:
        data = self.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def _json_items(response: requests.Response) -> Iterator[FeedEntry | FeedTombstone]:
    """A change message asked for as JSON: objects carry ``odata.type``; 1C's JSON has no
    tombstone form, so deletions need the Atom answer (the registry never asks for JSON)."""
    try:
        payload = response.json()
    except ValueError as exc:
        raise OneCProtocolError("1C answered the change feed with something that is not JSON") from exc
    for row in payload.get("value") or []:
        entity_set = str(row.get("odata.type", "")).rpartition(".")[2]
        ref = row.get("Ref_Key")
        yield FeedEntry(entity_set=entity_set, ref=str(ref).lower() if ref else None, properties=row)


class ODataRegistry:
    def __init__(
        self,
        client: ODataClient,
        mapping: OneCMapping,
        settings: ConnectionSettings,
        soap: SoapStatusClient | None = None,
    ) -> None:
        self.client = client
        self.mapping = mapping
        self.settings = settings
        self.soap = soap
        self.convert = RowConverter(mapping, settings.tz)
        self._nodes: dict[str, str] = {}

    def close(self) -> None:
        self.client.close()

    def set_deadline(self, deadline: float | None) -> None:
        """No call (OData or SOAP) may outlive this ``time.monotonic()`` instant: a delivery
        run's time limit holds whatever 1C does (per-call timeouts and backoff cut to fit)."""
        self.client.set_deadline(deadline)
        if self.soap is not None:
            self.soap.deadline = deadline

    def _page(self, page_size: int | None) -> int:
        return page_size or self.settings.page_size

    # ---- full reads ----------------------------------------------------------------------------

    # Only the mapped fields are asked for (1C's web server, its session pool and the network are
    # shared with the union's users): $select on every read.

    def _fields(self, kind: EntityKind) -> list[str]:
        if kind == "organisation":
            o = self.mapping.organisations
            return ["Ref_Key", "DataVersion", "DeletionMark", "Parent_Key", "Code", "Description",
                    o.kind, o.region_code, o.inn, o.excluded_on]  # fmt: skip
        if kind == "member":
            mm = self.mapping.members
            return ["Ref_Key", "DataVersion", "DeletionMark", "Code", mm.last_name, mm.first_name,
                    mm.middle_name, mm.birth_date, mm.category, mm.organisation, mm.consent,
                    mm.consent_date, mm.joined_on, mm.left_on, mm.record_number]  # fmt: skip
        co = self.mapping.card_orders
        return ["Ref_Key", "DataVersion", "DeletionMark", "Number", "Date", "Posted",
                co.organisation, co.comment, co.lines_property]  # fmt: skip

    def iter_organisations(
        self, after_key: str | None = None, page_size: int | None = None
    ) -> Iterator[OrgRecord]:
        rows = self.client.iter_keyset(
            self.mapping.organisations.entity_set,
            page_size=self._page(page_size),
            after=after_key,
            select=self._fields("organisation"),
        )
        return map(self.convert.organisation, rows)

    def iter_members(
        self, after_key: str | None = None, page_size: int | None = None
    ) -> Iterator[MemberRecord]:
        rows = self.client.iter_keyset(
            self.mapping.members.entity_set,
            page_size=self._page(page_size),
            after=after_key,
            select=self._fields("member"),
            normalize=False,
        )
        return map(self.convert.member, rows)  # it normalises the fields it reads

    def iter_card_orders(
        self, after_key: str | None = None, page_size: int | None = None, posted_only: bool = True
    ) -> Iterator[CardOrderRecord]:
        rows = self.client.iter_keyset(
            self.mapping.card_orders.entity_set,
            page_size=self._page(page_size) // 10 or 1,  # each order carries its lines inline
            after=after_key,
            filter="Posted eq true" if posted_only else None,
            select=self._fields("card_order"),
        )
        return map(self.convert.card_order, rows)

    def _entity_set(self, kind: EntityKind) -> str:
        return {
            "organisation": self.mapping.organisations.entity_set,
            "member": self.mapping.members.entity_set,
            "card_order": self.mapping.card_orders.entity_set,
        }[kind]

    def iter_data_versions(
        self, kind: EntityKind, after_key: str | None = None, page_size: int | None = None
    ) -> Iterator[DataVersionRecord]:
        """Ref + DataVersion of every object: the fallback change detection without an exchange plan."""
        rows = self.client.iter_keyset(
            self._entity_set(kind),
            page_size=self._page(page_size) * 4,
            after=after_key,
            select=["Ref_Key", "DataVersion", "DeletionMark"],
        )
        return map(self.convert.data_version, rows)

    def iter_document_versions(self, page_size: int | None = None) -> Iterator[DocumentVersion]:
        """Like :meth:`iter_data_versions` for card-order documents, with ``Posted`` as well."""
        rows = self.client.iter_keyset(
            self.mapping.card_orders.entity_set,
            page_size=self._page(page_size) * 4,
            select=["Ref_Key", "DataVersion", "DeletionMark", "Posted"],
        )
        for row in rows:
            yield DocumentVersion(
                ref=str(row["Ref_Key"]),
                data_version=row.get("DataVersion") or "",
                withdrawn=bool(row.get("DeletionMark")) or not row.get("Posted"),
            )

    def get_member(self, ref: str) -> MemberRecord | None:
        try:
            row = self.client.get(self.mapping.members.entity_set, ref, select=self._fields("member"))
            return self.convert.member(row)
        except OneCNotFound:
            return None

    def get_many(
        self, kind: EntityKind, refs: Sequence[str]
    ) -> Iterator[OrgRecord | MemberRecord | CardOrderRecord]:
        # A few refs per request: 1C's OData has no IN operator, and a long $filter hits URL limits.
        convert: Callable[[dict[str, Any]], OrgRecord | MemberRecord | CardOrderRecord] = {
            "organisation": self.convert.organisation,
            "member": self.convert.member,
            "card_order": self.convert.card_order,
        }[kind]
        entity_set = self._entity_set(kind)
        for i in range(0, len(refs), 40):
            flt = " or ".join(f"Ref_Key eq {wire.guid_literal(r)}" for r in refs[i : i + 40])
            for row in self.client.query(entity_set, filter=flt, select=self._fields(kind)).rows:
                yield convert(row)

    # ---- reconciliation ------------------------------------------------------------------------

    def count_organisations(self) -> int:
        return self.client.count(self.mapping.organisations.entity_set, select=["Ref_Key"])

    def _active_filter(self) -> str:
        return f"DeletionMark eq false and {self.mapping.members.left_on} eq datetime'{wire.EMPTY_DATE}'"

    def count_members(self, active_only: bool = False) -> int:
        return self.client.count(
            self.mapping.members.entity_set,
            filter=self._active_filter() if active_only else None,
            select=["Ref_Key"],
        )

    def count_card_orders(self) -> int:
        return self.client.count(self.mapping.card_orders.entity_set, select=["Ref_Key"])

    def count_members_by_region(self) -> dict[str, int]:
        """Active members per region code. Streams two columns of every member: O(regions) memory
        plus the organisation → region map (~70,000 entries)."""
        o, mm = self.mapping.organisations, self.mapping.members
        region_of = {
            str(row["Ref_Key"]): (row.get(o.region_code) or "")
            for row in self.client.iter_keyset(
                o.entity_set, page_size=self._page(None), select=["Ref_Key", o.region_code]
            )
        }
        counts: Counter[str] = Counter()
        for row in self.client.iter_keyset(
            mm.entity_set,
            page_size=self._page(None) * 4,
            select=["Ref_Key", mm.organisation],
            filter=self._active_filter(),
        ):
            counts[region_of.get(str(row.get(mm.organisation)), "")] += 1
        return dict(counts)

    def count_statuses(self) -> dict[str, int]:
        """Status records in 1C per gateway status (one $inlinecount query each)."""
        st = self.mapping.statuses
        return {
            ours: self.client.count(
                st.entity_set, filter=f"{st.status} eq {wire.string_literal(value)}", select=["Period"]
            )
            for ours, value in st.statuses.items()
        }

    # ---- change feed ---------------------------------------------------------------------------

    def node(self, node: str | None = None) -> ExchangeNode:
        """The gateway's exchange-plan node, read fresh (its message numbers move every run)."""
        code = node or self.settings.exchange_node or self.mapping.exchange.node_code
        plan = self.mapping.exchange.plan
        try:
            rows = self.client.query(
                plan,
                filter=f"Code eq {wire.string_literal(code)}",
                select=["Ref_Key", "Code", "DeletionMark", "SentNo", "ReceivedNo"],
            ).rows
        except OneCNotFound as exc:  # the exchange plan itself is not published to OData
            raise OneCExchangeUnavailable(
                f"1C does not publish the exchange plan {plan}",
                reason="plan_not_published",
                status=exc.status,
                code=exc.code,
                onec_message=exc.onec_message,
            ) from exc
        if not rows:
            raise OneCExchangeUnavailable(
                f"exchange plan {plan} has no node with code {code!r}", reason="node_missing"
            )
        row = rows[0]
        found = ExchangeNode(
            ref=str(row["Ref_Key"]),
            code=code,
            deletion_mark=bool(row.get("DeletionMark")),
            sent_no=wire.parse_int64(row.get("SentNo")) or 0,
            received_no=wire.parse_int64(row.get("ReceivedNo")) or 0,
        )
        self._nodes[code] = found.ref
        return found

    def node_ref(self, node: str | None = None) -> str:
        """Ref of the exchange-plan node with this code (default: settings, then the mapping)."""
        code = node or self.settings.exchange_node or self.mapping.exchange.node_code
        if code not in self._nodes:
            self.node(code)
        return self._nodes[code]

    def _exchange_point(self, ref: str) -> str:
        # The parameter is the node's URL in quotes, the guid literal's own quotes left as they
        # are (developer guide, «Стандартный интерфейс OData», «Обмен данными»; recorded calls).
        return f"'{self.client.root}{self.mapping.exchange.plan}({wire.guid_literal(ref)})'"

    def open_changes(self, node: str | None = None) -> ChangeMessage:
        """The next message of the change feed, streaming (use as a context manager).

        ``POST <root>/SelectChanges?DataExchangePoint='<node URL>'&MessageNo=<n>`` — a function of
        the service root; ``ExchangePlan_X(guid'…')/SelectChanges`` does not exist in 1C. ``n`` is
        the node's ReceivedNo + 1: until ``NotifyChangesReceived`` acknowledges it, the same
        number brings the same changes again (plus any newer ones), so a crash between reading
        and acknowledging loses nothing. 1C decides how many objects one message holds and
        ignores ``$top``/``$filter`` here. The answer is Atom (1C's default; the only form that
        carries tombstones).

        Raises :class:`OneCExchangeUnavailable` when the node is missing or marked for deletion,
        or the functions are not published: the caller falls back to DataVersion comparison.
        """
        found = self.node(node)
        if found.deletion_mark:
            raise OneCExchangeUnavailable(
                f"the gateway's exchange-plan node {found.code!r} is marked for deletion",
                reason="node_marked_deleted",
            )
        message_no = found.received_no + 1
        ex = self.mapping.exchange
        try:
            response = self.client.send(
                "POST",
                ex.select_changes,
                params={"DataExchangePoint": self._exchange_point(found.ref), "MessageNo": message_no},
                headers={"Accept": "application/atom+xml,application/xml"},
                idempotent=True,  # the same number answers the same changes
                stream=True,
            )
        except OneCNotFound as exc:
            raise OneCExchangeUnavailable(
                f"1C does not publish {ex.select_changes} (HTTP {exc.status}, code {exc.code})",
                reason="functions_not_published",
                status=exc.status,
                code=exc.code,
                onec_message=exc.onec_message,
            ) from exc
        return ChangeMessage(self, found.ref, message_no, response)

    def select_changes(self, node: str | None = None) -> ChangeBatch:
        """The whole next message in memory (small messages, tests); the sync streams instead."""
        with self.open_changes(node) as message:
            parts = list(message.batches(1_000_000))
        if not parts:
            return ChangeBatch(message.node_ref, message.message_no, (), (), (), ())
        return parts[0]

    def notify_changes_received(self, node: str | None, message_no: int) -> None:
        """``POST <root>/NotifyChangesReceived?DataExchangePoint=…&MessageNo=<n>``: 1C forgets the
        changes sent in messages up to ``n``. Call only after the local commit."""
        ex = self.mapping.exchange
        self.client.send(
            "POST",
            ex.notify_changes_received,
            params={"DataExchangePoint": self._exchange_point(self.node_ref(node)), "MessageNo": message_no},
            idempotent=True,  # acknowledging twice is harmless
        ).close()
        log.info("1C change feed: message %d acknowledged", message_no)

    def _feed_kinds(self) -> dict[str, EntityKind]:
        return {
            self.mapping.organisations.entity_set: "organisation",
            self.mapping.members.entity_set: "member",
            self.mapping.card_orders.entity_set: "card_order",
        }

    # ---- status push-back ----------------------------------------------------------------------

    def push_status(self, record: StatusRecord) -> PushResult:
        if record.status not in CARD_STATUSES:
            raise ValueError(f"unknown card status {record.status!r}; expected one of {CARD_STATUSES}")
        if record.status_at.tzinfo is None:
            raise ValueError("StatusRecord.status_at must be timezone-aware")
        if self.settings.push_transport == "soap":
            return self._push_soap(record)
        return self._push_odata(record)

    def _push_odata(self, record: StatusRecord) -> PushResult:
        st = self.mapping.statuses
        status_value = st.statuses[record.status]
        # The register key (period, member, card, status) is the idempotency key: a record written
        # by an earlier attempt occupies it. Write first (the common case is a new status: one
        # request), and when the write fails look the key up: 1C refuses a duplicate key, and a
        # timeout may hide a success — either way the key tells the truth.
        period = record.status_at.astimezone(self.settings.tz).replace(tzinfo=None, microsecond=0)
        key = {
            "Period": period,
            st.member: record.member_ref,
            st.card_number: record.card_number,
            st.status: status_value,
        }
        body = {
            "Period": wire.format_datetime(period, self.settings.tz),
            st.member: record.member_ref,
            st.card_number: record.card_number,
            st.status: status_value,
            st.issued_on: wire.format_datetime(record.issued_on, self.settings.tz),
            st.idempotency_key: record.idempotency_key,
            st.form: st.forms[record.form],
        }
        try:
            self.client.create(st.entity_set, body, idempotent=True)
        except OneCError as write_error:
            try:
                present = self._record_exists(key)
            except OneCError:
                raise write_error from None
            if present:
                return PushResult.ALREADY_PRESENT
            raise
        return PushResult.CREATED

    def _record_exists(self, key: dict[str, Any]) -> bool:
        try:
            self.client.get_by_key(self.mapping.statuses.entity_set, key)
        except OneCNotFound:
            return False
        return True

    def _push_soap(self, record: StatusRecord) -> PushResult:
        if self.soap is None:
            self.soap = SoapStatusClient(self.settings, self.mapping, self.client.session)
            self.soap.deadline = self.client.deadline
        period = record.status_at.astimezone(self.settings.tz).replace(tzinfo=None, microsecond=0)
        answer = self.soap.push_status(
            card_number=record.card_number,
            member_ref=record.member_ref,
            status=self.mapping.statuses.statuses[record.status],
            status_at=period,
            issued_on=record.issued_on,
            idempotency_key=record.idempotency_key,
            form=self.mapping.statuses.forms[record.form],
        )
        return PushResult.CREATED if answer == "created" else PushResult.ALREADY_PRESENT


def build_registry(settings: ConnectionSettings, mapping: OneCMapping | None = None) -> ODataRegistry:
    """The registry the gateway uses. Nothing is sent to 1C until the first call."""
    if settings.read_transport != "odata":
        raise ValueError("only OData reads are implemented (read_transport = 'odata')")
    mapping = mapping or OneCMapping()
    session = make_session(settings)
    return ODataRegistry(ODataClient(settings, session), mapping, settings)
