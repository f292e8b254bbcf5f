"""The registry facade: what the gateway's sync and push-back services call.

``Registry`` is the interface; :class:`ODataRegistry` reads over OData and pushes statuses over
OData or SOAP (``ConnectionSettings.push_transport``). Build one with :func:`build_registry`.
Nothing here logs personal data: log lines carry entity sets, refs, counts and 1C error codes.
"""

from __future__ import annotations

import logging
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from typing import Any, Protocol

from . import wire
from .convert import RowConverter
from .errors import OneCError, OneCNotFound, OneCProtocolError
from .mapping import CARD_STATUSES, OneCMapping
from .odata import ODataClient, make_session
from .records import (
    CardOrderRecord,
    ChangeBatch,
    DataVersionRecord,
    DeletedRef,
    EntityKind,
    MemberRecord,
    OrgRecord,
    PushResult,
    StatusRecord,
)
from .settings import ConnectionSettings
from .soap import SoapStatusClient

log = logging.getLogger(__name__)


class Registry(Protocol):
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

    def get_member(self, ref: str) -> MemberRecord | None: ...

    def get_many(
        self, kind: EntityKind, refs: Sequence[str]
    ) -> Iterator[OrgRecord | MemberRecord | CardOrderRecord]:
        """The full records of ``refs`` that 1C still has (a deleted object is simply absent)."""
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

    def close(self) -> None: ...


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

    def _page(self, page_size: int | None) -> int:
        return page_size or self.settings.page_size

    # ---- full reads ----------------------------------------------------------------------------

    def iter_organisations(
        self, after_key: str | None = None, page_size: int | None = None
    ) -> Iterator[OrgRecord]:
        rows = self.client.iter_keyset(
            self.mapping.organisations.entity_set, page_size=self._page(page_size), after=after_key
        )
        return map(self.convert.organisation, rows)

    def iter_members(
        self, after_key: str | None = None, page_size: int | None = None
    ) -> Iterator[MemberRecord]:
        rows = self.client.iter_keyset(
            self.mapping.members.entity_set, page_size=self._page(page_size), after=after_key, normalize=False
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

    def get_member(self, ref: str) -> MemberRecord | None:
        try:
            return self.convert.member(self.client.get(self.mapping.members.entity_set, ref))
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
            for row in self.client.query(entity_set, filter=flt).rows:
                yield convert(row)

    # ---- reconciliation ------------------------------------------------------------------------

    def count_organisations(self) -> int:
        return self.client.count(self.mapping.organisations.entity_set)

    def _active_filter(self) -> str:
        return f"DeletionMark eq false and {self.mapping.members.left_on} eq datetime'{wire.EMPTY_DATE}'"

    def count_members(self, active_only: bool = False) -> int:
        return self.client.count(
            self.mapping.members.entity_set, filter=self._active_filter() if active_only else None
        )

    def count_card_orders(self) -> int:
        return self.client.count(self.mapping.card_orders.entity_set)

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
            ours: self.client.count(st.entity_set, filter=f"{st.status} eq {wire.string_literal(value)}")
            for ours, value in st.statuses.items()
        }

    # ---- change feed ---------------------------------------------------------------------------

    def node_ref(self, node: str | None = None) -> str:
        """Ref of the exchange-plan node with this code (default: settings, then the mapping)."""
        code = node or self.settings.exchange_node or self.mapping.exchange.node_code
        if code not in self._nodes:
            plan = self.mapping.exchange.plan
            rows = self.client.query(
                plan, filter=f"Code eq {wire.string_literal(code)}", select=["Ref_Key", "Code"]
            ).rows
            if not rows:
                raise OneCNotFound(f"exchange plan {plan} has no node with code {code!r}")
            self._nodes[code] = str(rows[0]["Ref_Key"])
        return self._nodes[code]

    def select_changes(self, node: str | None = None) -> ChangeBatch:
        ex = self.mapping.exchange
        ref = self.node_ref(node)
        sent = self.client.get(ex.plan, ref, select=["Ref_Key", "SentNo"])
        message_no = (wire.parse_int64(sent.get("SentNo")) or 0) + 1
        payload = self.client.call_bound(ex.plan, ref, ex.select_changes, {"MessageNo": message_no})
        if not isinstance(payload, dict) or not isinstance(payload.get("value"), list):
            raise OneCProtocolError(f"{ex.select_changes} returned no 'value' list")
        kinds: dict[str, EntityKind] = {
            self.mapping.organisations.entity_set: "organisation",
            self.mapping.members.entity_set: "member",
            self.mapping.card_orders.entity_set: "card_order",
        }
        orgs, members, orders, deleted = [], [], [], []
        for raw in payload["value"]:
            item = wire.normalize_row(raw)
            odata_type = str(item.get("odata.type", "")).rpartition(".")[2]
            if odata_type == "ObjectDeletion":
                kind = kinds.get(str(item.get("Type")))
                if kind is not None:
                    deleted.append(DeletedRef(kind=kind, ref=str(item["Ref_Key"])))
                continue
            kind = kinds.get(odata_type)
            if kind == "organisation":
                orgs.append(self.convert.organisation(item))
            elif kind == "member":
                members.append(self.convert.member(item))
            elif kind == "card_order":
                orders.append(self.convert.card_order(item))
            else:
                log.warning("1C change feed: ignoring an object of type %s", odata_type)
        batch = ChangeBatch(
            node_ref=ref,
            message_no=int(payload.get("MessageNo") or message_no),
            organisations=tuple(orgs),
            members=tuple(members),
            card_orders=tuple(orders),
            deleted=tuple(deleted),
        )
        log.info("1C change feed: message %d with %d change(s)", batch.message_no, batch.size)
        return batch

    def notify_changes_received(self, node: str | None, message_no: int) -> None:
        ex = self.mapping.exchange
        self.client.call_bound(
            ex.plan, self.node_ref(node), ex.notify_changes_received, {"MessageNo": message_no}
        )

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
        period = record.status_at.astimezone(self.settings.tz).replace(tzinfo=None, microsecond=0)
        answer = self.soap.push_status(
            card_number=record.card_number,
            member_ref=record.member_ref,
            status=self.mapping.statuses.statuses[record.status],
            status_at=period,
            issued_on=record.issued_on,
            idempotency_key=record.idempotency_key,
        )
        return PushResult.CREATED if answer == "created" else PushResult.ALREADY_PRESENT


def build_registry(settings: ConnectionSettings, mapping: OneCMapping | None = None) -> ODataRegistry:
    """The registry the gateway uses. Nothing is sent to 1C until the first call."""
    if settings.read_transport != "odata":
        raise ValueError("only OData reads are implemented (read_transport = 'odata')")
    mapping = mapping or OneCMapping()
    session = make_session(settings)
    return ODataRegistry(ODataClient(settings, session), mapping, settings)
