"""1C rows → gateway records, driven by the mapping.

Rows are normalised by :func:`wire.normalize_row`, except members: :meth:`RowConverter.member`
accepts raw rows too and normalises only the fields it reads (the full sync reads millions).

Field types live here: which 1C field is a date-only value, a server-local date-time, an Int64
string. Enumeration values unknown to the mapping become ``None`` and are logged once (the value
itself is not personal data).
"""

from __future__ import annotations

import logging
from datetime import tzinfo
from typing import Any

from . import wire
from .mapping import OneCMapping
from .records import CardOrderLine, CardOrderRecord, DataVersionRecord, MemberRecord, OrgRecord

log = logging.getLogger(__name__)

_DATE_CACHE_SIZE = 100_000
_norm = wire.normalize_value


class RowConverter:
    def __init__(self, mapping: OneCMapping, server_tz: tzinfo) -> None:
        self.m = mapping
        self.tz = server_tz
        self._kinds = mapping.reverse(mapping.organisations.kinds)
        self._categories = mapping.reverse(mapping.members.categories)
        self._reasons = mapping.reverse(mapping.card_orders.reasons)
        self._forms = mapping.reverse(mapping.card_orders.forms)
        self._unknown: set[tuple[str, str]] = set()
        self._dates: dict[Any, Any] = {}

    def _enum(self, table: dict[str, str], value: Any, what: str) -> str | None:
        # normalize_value turned "" into "" (kept) — an unfilled enum is a legitimate value here.
        key = "" if value is None else str(value)
        ours = table.get(key)
        if ours is None and (what, key) not in self._unknown:
            self._unknown.add((what, key))
            log.warning("1C %s value %r is not in the mapping; stored as unknown", what, key)
        return ours

    def organisation(self, row: dict[str, Any]) -> OrgRecord:
        o = self.m.organisations
        return OrgRecord(
            ref=str(row["Ref_Key"]),
            parent_ref=wire.parse_ref(row.get("Parent_Key")),
            code=row.get("Code") or "",
            name=row.get("Description") or "",
            kind=self._enum(self._kinds, row.get(o.kind), "organisation kind"),
            region_code=row.get(o.region_code) or None,
            inn=row.get(o.inn) or None,
            excluded_on=wire.parse_date(row.get(o.excluded_on)),
            deletion_mark=bool(row.get("DeletionMark")),
            data_version=row.get("DataVersion") or "",
        )

    def member(self, row: dict[str, Any]) -> MemberRecord:
        """A member from a raw or normalised row: this is the hot path of a full sync (millions of
        rows), so it normalises only the fields it reads, with field names looked up once."""
        get = row.get
        mm = self.m.members
        return MemberRecord(
            ref=str(_norm(row["Ref_Key"])),
            organisation_ref=wire.parse_ref(_norm(get(mm.organisation))),
            code=_norm(get("Code")) or "",
            last_name=_norm(get(mm.last_name)) or "",
            first_name=_norm(get(mm.first_name)) or "",
            middle_name=_norm(get(mm.middle_name)) or "",
            birth_date=self._date(get(mm.birth_date)),
            category=self._enum(self._categories, _norm(get(mm.category)), "member category"),
            consent=bool(get(mm.consent)),
            consent_date=self._date(get(mm.consent_date)),
            joined_on=self._date(get(mm.joined_on)),
            left_on=self._date(get(mm.left_on)),
            record_number=wire.parse_int64(_norm(get(mm.record_number))),
            deletion_mark=bool(get("DeletionMark")),
            data_version=_norm(get("DataVersion")) or "",
        )

    def _date(self, value: Any) -> Any:
        # A million members share a few tens of thousands of distinct dates: parse each once.
        try:
            return self._dates[value]
        except KeyError:
            pass
        except TypeError:  # not hashable: let parse_date refuse it
            return wire.parse_date(_norm(value))
        parsed = wire.parse_date(_norm(value))
        if len(self._dates) >= _DATE_CACHE_SIZE:
            self._dates.clear()
        self._dates[value] = parsed
        return parsed

    def card_order(self, row: dict[str, Any]) -> CardOrderRecord:
        co = self.m.card_orders
        lines = tuple(
            CardOrderLine(
                line_number=wire.parse_int64(line.get("LineNumber")) or 0,
                member_ref=wire.parse_ref(line.get(co.line_member)),
                reason=self._enum(self._reasons, line.get(co.line_reason), "card order reason"),
                form=self._forms.get(str(line.get(co.line_form) or "")) or None,
            )
            for line in row.get(co.lines_property) or ()
        )
        return CardOrderRecord(
            ref=str(row["Ref_Key"]),
            number=row.get("Number") or "",
            date=wire.parse_datetime(row.get("Date"), self.tz),
            posted=bool(row.get("Posted")),
            organisation_ref=wire.parse_ref(row.get(co.organisation)),
            comment=row.get(co.comment) or "",
            deletion_mark=bool(row.get("DeletionMark")),
            data_version=row.get("DataVersion") or "",
            lines=lines,
        )

    @staticmethod
    def data_version(row: dict[str, Any]) -> DataVersionRecord:
        return DataVersionRecord(
            ref=str(row["Ref_Key"]),
            data_version=row.get("DataVersion") or "",
            deletion_mark=bool(row.get("DeletionMark")),
        )
