"""The emulator's published entity sets: OData names (from the mapping) ↔ SQLite columns.

Values are stored unpadded and with 1C's "empty" sentinels (empty date, empty reference) rather
than NULL, exactly as 1C keeps them; the wire quirks (padding, Int64 as string, booleans) are
applied when rows are rendered to JSON — by SQLite's ``json_object`` for speed.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..mapping import OneCMapping

# Column kinds: how a stored value is rendered, parsed from a request body and typed in $metadata.
GUID, STR, DATE, BOOL, INT64, VERSION = "guid", "str", "date", "bool", "int64", "version"

EDM_TYPES = {
    GUID: "Edm.Guid",
    STR: "Edm.String",
    DATE: "Edm.DateTime",
    BOOL: "Edm.Boolean",
    INT64: "Edm.Int64",
    VERSION: "Edm.String",
}


@dataclass(frozen=True)
class Column:
    name: str  # OData property name
    sql: str  # SQLite column
    kind: str
    pad: int = 0  # fixed-length strings: width 1C pads to
    # A reference: the table of the object it points to (navigation property X for X_Key).
    ref_to: str = ""

    @property
    def navigation(self) -> str:
        """Navigation property name of a reference column (``Организация`` for ``Организация_Key``)."""
        return self.name[: -len("_Key")] if self.ref_to and self.name.endswith("_Key") else ""

    def render(self, table: str = "") -> str:
        """SQL expression producing the wire value for json_object()."""
        ref = f"{table}.{self.sql}" if table else self.sql
        if self.kind == BOOL:
            return f"json(CASE WHEN {ref} THEN 'true' ELSE 'false' END)"
        if self.kind == INT64:
            return f"CAST({ref} AS TEXT)"
        if self.pad:
            # %!-Ns pads by characters, not bytes: Cyrillic is two bytes in UTF-8.
            return f"printf('%!-{self.pad}s', {ref})"
        return ref


@dataclass(frozen=True)
class EntityDef:
    name: str  # entity-set name
    table: str
    kind: str  # catalog | document | section | register | exchange_plan
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ("Ref_Key",)
    # Document: tabular section published inline under this property.
    section: EntityDef | None = None
    section_property: str = ""
    constants: dict[str, object] = field(default_factory=dict)
    # gateway-side kind for change registration ("organisation", "member", "card_order")
    tracked_as: str = ""

    def column(self, name: str) -> Column | None:
        for col in self.columns:
            if col.name == name:
                return col
        return None

    @property
    def sql_key(self) -> tuple[str, ...]:
        return tuple(c.sql for n in self.key for c in self.columns if c.name == n)


@dataclass(frozen=True)
class Schema:
    organisations: EntityDef
    members: EntityDef
    orders: EntityDef
    order_lines: EntityDef
    statuses: EntityDef
    exchange: EntityDef

    def by_name(self) -> dict[str, EntityDef]:
        return {
            e.name: e
            for e in (
                self.organisations,
                self.members,
                self.orders,
                self.order_lines,
                self.statuses,
                self.exchange,
            )
        }


def _catalog_head() -> list[Column]:
    return [
        Column("Ref_Key", "ref", GUID),
        Column("DataVersion", "version", VERSION),
        Column("DeletionMark", "deletion_mark", BOOL),
    ]


def build_schema(m: OneCMapping) -> Schema:
    o, mm, co, st, ex = m.organisations, m.members, m.card_orders, m.statuses, m.exchange
    organisations = EntityDef(
        name=o.entity_set,
        table="orgs",
        kind="catalog",
        tracked_as="organisation",
        columns=(
            *_catalog_head(),
            Column("Parent_Key", "parent", GUID, ref_to="orgs"),
            Column("Code", "code", STR, pad=9),
            Column("Description", "description", STR),
            Column(o.kind, "kind", STR),
            Column(o.region_code, "region_code", STR, pad=2),
            Column(o.inn, "inn", STR, pad=12),
            Column(o.excluded_on, "excluded_on", DATE),
        ),
        constants={"IsFolder": False, "Predefined": False, "PredefinedDataName": ""},
    )
    members = EntityDef(
        name=mm.entity_set,
        table="members",
        kind="catalog",
        tracked_as="member",
        columns=(
            *_catalog_head(),
            Column("Code", "code", STR, pad=12),
            Column("Description", "description", STR),
            Column(mm.last_name, "last_name", STR),
            Column(mm.first_name, "first_name", STR),
            Column(mm.middle_name, "middle_name", STR),
            Column(mm.birth_date, "birth_date", DATE),
            Column(mm.category, "category", STR),
            Column(mm.organisation, "organisation", GUID, ref_to="orgs"),
            Column(mm.consent, "consent", BOOL),
            Column(mm.consent_date, "consent_date", DATE),
            Column(mm.joined_on, "joined_on", DATE),
            Column(mm.left_on, "left_on", DATE),
            Column(mm.record_number, "record_number", INT64),
        ),
        constants={"Predefined": False, "PredefinedDataName": ""},
    )
    order_lines = EntityDef(
        name=co.lines_entity_set,
        table="order_lines",
        kind="section",
        key=("Ref_Key", "LineNumber"),
        columns=(
            Column("Ref_Key", "ref", GUID),
            Column("LineNumber", "line_number", INT64),
            Column(co.line_member, "member", GUID, ref_to="members"),
            Column(co.line_reason, "reason", STR),
            Column(co.line_form, "form", STR),
        ),
    )
    orders = EntityDef(
        name=co.entity_set,
        table="orders",
        kind="document",
        tracked_as="card_order",
        columns=(
            *_catalog_head(),
            Column("Number", "number", STR, pad=11),
            Column("Date", "date", DATE),
            Column("Posted", "posted", BOOL),
            Column(co.organisation, "organisation", GUID, ref_to="orgs"),
            Column(co.comment, "comment", STR),
        ),
        section=order_lines,
        section_property=co.lines_property,
    )
    statuses = EntityDef(
        name=st.entity_set,
        table="statuses",
        kind="register",
        key=("Period", st.member, st.card_number, st.status),
        columns=(
            Column("Period", "period", DATE),
            Column(st.member, "member", GUID, ref_to="members"),
            Column(st.card_number, "card_number", STR, pad=20),
            Column(st.status, "status", STR),
            Column(st.issued_on, "issued_on", DATE),
            Column(st.idempotency_key, "idem_key", STR),
            Column(st.form, "form", STR),
        ),
        constants={"Active": True},
    )
    exchange = EntityDef(
        name=ex.plan,
        table="nodes",
        kind="exchange_plan",
        columns=(
            *_catalog_head(),
            Column("Code", "code", STR, pad=9),
            Column("Description", "description", STR),
            Column("SentNo", "sent_no", INT64),
            Column("ReceivedNo", "received_no", INT64),
            Column("ThisNode", "this_node", BOOL),
            Column("ExchangeDate", "exchange_date", DATE),
        ),
    )
    return Schema(organisations, members, orders, order_lines, statuses, exchange)


DDL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS orgs (
    ref TEXT PRIMARY KEY, version TEXT NOT NULL, deletion_mark INTEGER NOT NULL DEFAULT 0,
    parent TEXT NOT NULL, code TEXT NOT NULL, description TEXT NOT NULL, kind TEXT NOT NULL,
    region_code TEXT NOT NULL, inn TEXT NOT NULL, excluded_on TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS members (
    ref TEXT PRIMARY KEY, version TEXT NOT NULL, deletion_mark INTEGER NOT NULL DEFAULT 0,
    code TEXT NOT NULL, description TEXT NOT NULL, last_name TEXT NOT NULL, first_name TEXT NOT NULL,
    middle_name TEXT NOT NULL, birth_date TEXT NOT NULL, category TEXT NOT NULL, organisation TEXT NOT NULL,
    consent INTEGER NOT NULL, consent_date TEXT NOT NULL, joined_on TEXT NOT NULL, left_on TEXT NOT NULL,
    record_number INTEGER NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS orders (
    ref TEXT PRIMARY KEY, version TEXT NOT NULL, deletion_mark INTEGER NOT NULL DEFAULT 0,
    number TEXT NOT NULL, date TEXT NOT NULL, posted INTEGER NOT NULL, organisation TEXT NOT NULL,
    comment TEXT NOT NULL
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS order_lines (
    ref TEXT NOT NULL, line_number INTEGER NOT NULL, member TEXT NOT NULL, reason TEXT NOT NULL,
    form TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (ref, line_number)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS statuses (
    period TEXT NOT NULL, member TEXT NOT NULL, card_number TEXT NOT NULL, status TEXT NOT NULL,
    issued_on TEXT NOT NULL, idem_key TEXT NOT NULL, form TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (period, member, card_number, status)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS nodes (
    ref TEXT PRIMARY KEY, version TEXT NOT NULL, deletion_mark INTEGER NOT NULL DEFAULT 0,
    code TEXT NOT NULL, description TEXT NOT NULL, sent_no INTEGER NOT NULL, received_no INTEGER NOT NULL,
    this_node INTEGER NOT NULL, exchange_date TEXT NOT NULL DEFAULT '0001-01-01T00:00:00'
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS changes (
    node TEXT NOT NULL, entity TEXT NOT NULL, ref TEXT NOT NULL, message_no INTEGER,
    PRIMARY KEY (node, entity, ref)
) WITHOUT ROWID;
"""
