"""The emulator's data: a SQLite file (or a temporary one) shared by the server's threads.

Every thread gets its own connection; writes are serialised by one lock (SQLite allows one
writer anyway, and a lock is cheaper than SQLITE_BUSY retries). JSON for the wire is produced by
SQLite's json_object(), so serving a 10,000-row page costs one query and one string join.
"""

from __future__ import annotations

import random
import sqlite3
import threading
from collections.abc import Iterator
from datetime import date, datetime
from typing import Any

from ..mapping import OneCMapping
from ..wire import EMPTY_DATE, EMPTY_REF
from .faults_errors import ODataFault
from .generate import Generator, data_version, new_ref
from .schema import BOOL, DATE, DDL, GUID, INT64, Column, EntityDef, Schema, build_schema


def _sql_str(text: str) -> str:
    return "'" + text.replace("'", "''") + "'"


def _constant(value: object) -> str:
    if isinstance(value, bool):
        return f"json('{'true' if value else 'false'}')"
    return _sql_str(str(value))


class Store:
    def __init__(self, path: str, mapping: OneCMapping) -> None:
        self.path = path
        self.mapping = mapping
        self.schema: Schema = build_schema(mapping)
        self.entities = self.schema.by_name()
        self._local = threading.local()
        self.write_lock = threading.Lock()
        conn = self.conn()
        conn.executescript(DDL)
        row = conn.execute("SELECT value FROM meta WHERE key='version_seq'").fetchone()
        self._version = int(row[0]) if row else 0
        self._json_cache: dict[tuple, str] = {}

    # ---- connections ---------------------------------------------------------------------------

    def conn(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False, timeout=30)
            conn.execute("PRAGMA journal_mode=WAL")
            conn.execute("PRAGMA synchronous=NORMAL")
            conn.execute("PRAGMA cache_size=-65536")
            self._local.conn = conn
        return conn

    def meta(self, key: str) -> str | None:
        row = self.conn().execute("SELECT value FROM meta WHERE key=?", (key,)).fetchone()
        return None if row is None else row[0]

    def initialise(self, members: int, seed: int) -> bool:
        """Generate the data unless the file already holds some; True when generated."""
        if self.meta("generated") is not None:
            return False
        conn = self.conn()
        with self.write_lock:
            conn.execute("BEGIN")
            gen = Generator(conn, self.mapping, seed)
            gen.run(members)
            conn.executemany(
                "INSERT OR REPLACE INTO meta VALUES (?, ?)",
                [("generated", "1"), ("seed", str(seed)), ("members", str(members)), ("mutations", "0")],
            )
            conn.execute("COMMIT")
            self._version = gen.version
        # The generation transaction went through the WAL; fold it into the database file now
        # instead of leaving a WAL as large as the data for the first reader to deal with.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return True

    def next_version(self, conn: sqlite3.Connection) -> str:
        self._version += 1
        conn.execute("INSERT OR REPLACE INTO meta VALUES ('version_seq', ?)", (str(self._version),))
        return data_version(self._version)

    # ---- rendering -----------------------------------------------------------------------------

    def json_expr(
        self,
        entity: EntityDef,
        select: list[str] | None,
        alias: str = "t",
        odata_type: str | None = None,
        nav_links: bool = False,
        expand: tuple[str, ...] = (),
    ) -> str:
        cache_key = (entity.name, tuple(select) if select else None, alias, odata_type, nav_links, expand)
        cached = self._json_cache.get(cache_key)
        if cached is not None:
            return cached
        wanted = set(select) if select else None
        navigations = {c.navigation: c for c in entity.columns if c.navigation}
        if wanted is not None:
            known = {c.name for c in entity.columns} | set(entity.constants) | set(navigations)
            if entity.section is not None:
                known.add(entity.section_property)
            unknown = wanted - known
            if unknown:
                raise ODataFault(400, "9", f"Не найдено свойство {sorted(unknown)[0]} у {entity.name}")
        pairs: list[str] = []
        if odata_type:
            pairs.append(f"'odata.type', {_sql_str(odata_type)}")
        q = "''"  # a quote inside an SQL string literal
        for col in entity.columns:
            if wanted is None or col.name in wanted:
                pairs.append(f"{_sql_str(col.name)}, {col.render(alias)}")
                if nav_links and col.navigation and entity.key == ("Ref_Key",):
                    # Minimal metadata: 1C annotates every reference with its navigation URL.
                    url = f"'{entity.name}(guid{q}' || {alias}.ref || '{q})/{col.navigation}'"
                    pairs.append(f"{_sql_str(col.navigation + '@navigationLinkUrl')}, {url}")
        for nav in expand:
            col = navigations[nav]
            target = self.table_entity(col.ref_to)
            inner = self.json_expr(target, None, alias=f"{alias}x")
            pairs.append(
                f"{_sql_str(nav)}, json((SELECT {inner} FROM {target.table} {alias}x "
                f"WHERE {alias}x.ref = {alias}.{col.sql}))"
            )
        if entity.section is not None and (wanted is None or entity.section_property in wanted):
            sec = entity.section
            inner = ", ".join(f"{_sql_str(c.name)}, {c.render('l')}" for c in sec.columns)
            pairs.append(
                f"{_sql_str(entity.section_property)}, json((SELECT json_group_array(json_object({inner})) "
                f"FROM {sec.table} l WHERE l.ref = {alias}.ref))"
            )
        for name, value in entity.constants.items():
            if wanted is None or name in wanted:
                pairs.append(f"{_sql_str(name)}, {_constant(value)}")
        expr = f"json_object({', '.join(pairs)})"
        self._json_cache[cache_key] = expr
        return expr

    def iter_json(
        self,
        entity: EntityDef,
        *,
        where: str,
        params: list[Any],
        order: str,
        limit: int | None,
        offset: int | None,
        select: list[str] | None,
        nav_links: bool = False,
        expand: list[str] | None = None,
    ) -> Iterator[str]:
        expr = self.json_expr(entity, select, nav_links=nav_links, expand=tuple(expand or ()))
        sql = f"SELECT {expr} FROM {entity.table} t"
        if where:
            sql += f" WHERE {where}"
        sql += f" ORDER BY {order or ', '.join('t.' + c for c in entity.sql_key)}"
        if limit is not None or offset:
            sql += f" LIMIT {int(limit) if limit is not None else -1} OFFSET {int(offset or 0)}"
        cursor = self.conn().execute(sql, params)
        try:
            while True:
                rows = cursor.fetchmany(2000)
                if not rows:
                    return
                for (text,) in rows:
                    yield text
        finally:
            cursor.close()

    def count(self, entity: EntityDef, where: str, params: list[Any]) -> int:
        sql = f"SELECT count(*) FROM {entity.table} t" + (f" WHERE {where}" if where else "")
        return self.conn().execute(sql, params).fetchone()[0]

    def get_json(
        self,
        entity: EntityDef,
        key: dict[str, Any],
        select: list[str] | None = None,
        *,
        nav_links: bool = False,
        expand: list[str] | None = None,
    ) -> str:
        where = " AND ".join(f"t.{col} = ?" for col in key)
        expr = self.json_expr(entity, select, nav_links=nav_links, expand=tuple(expand or ()))
        row = (
            self.conn()
            .execute(f"SELECT {expr} FROM {entity.table} t WHERE {where}", list(key.values()))
            .fetchone()
        )
        if row is None:
            raise ODataFault(404, "6", f"Объект не найден: {entity.name}")
        return row[0]

    def reference(self, entity: EntityDef, key: dict[str, Any], col: Column) -> str:
        """The ref a reference attribute of an object holds (404 when empty)."""
        where = " AND ".join(f"{c} = ?" for c in key)
        row = (
            self.conn()
            .execute(f"SELECT {col.sql} FROM {entity.table} WHERE {where}", list(key.values()))
            .fetchone()
        )
        if row is None:
            raise ODataFault(404, "6", f"Объект не найден: {entity.name}")
        if row[0] in (None, EMPTY_REF):
            raise ODataFault(404, "6", f"Объект не найден: {col.navigation}")
        return str(row[0])

    def slice_json(
        self,
        entity: EntityDef,
        last: bool,
        period: str | None,
        where: str,
        params: list[Any],
        nav_links: bool,
    ) -> list[str]:
        """SliceLast / SliceFirst of a periodic register over the other key fields."""
        dims = [c for c in entity.sql_key if c != "period"]
        cmp, agg = ("<=", "max") if last else (">=", "min")
        conds = [where] if where else []
        args = list(params)
        inner_period = ""
        if period:
            conds.append(f"t.period {cmp} ?")
            args.append(period)
            inner_period = f" AND s.period {cmp} ?"
        cond = " AND ".join(conds) or "1=1"
        join = " AND ".join(f"s.{d} = t.{d}" for d in dims)
        sql = (
            f"SELECT {self.json_expr(entity, None, nav_links=nav_links)} FROM {entity.table} t "
            f"WHERE {cond} AND t.period = (SELECT {agg}(s.period) FROM {entity.table} s WHERE {join}"
            f"{inner_period}) ORDER BY {', '.join('t.' + d for d in dims)}"
        )
        if period:
            args.append(period)
        return [text for (text,) in self.conn().execute(sql, args)]

    def _current_version(self, conn: sqlite3.Connection, entity: EntityDef, ref: str) -> str:
        row = conn.execute(f"SELECT version FROM {entity.table} WHERE ref = ?", (ref,)).fetchone()
        if row is None:
            raise ODataFault(404, "6", f"Объект не найден: {entity.name}")
        return row[0]

    # ---- writes --------------------------------------------------------------------------------

    def _decode(self, col: Column, value: Any) -> Any:
        try:
            if col.kind == GUID:
                return EMPTY_REF if value in (None, "") else str(value).lower()
            if col.kind == DATE:
                if value in (None, ""):
                    return EMPTY_DATE
                return datetime.fromisoformat(str(value)).replace(tzinfo=None).strftime("%Y-%m-%dT%H:%M:%S")
            if col.kind == BOOL:
                if value is None:
                    return 0
                if not isinstance(value, bool):
                    raise ValueError(value)
                return int(value)
            if col.kind == INT64:
                return 0 if value in (None, "") else int(value)
            return "" if value is None else str(value).rstrip(" ")
        except (TypeError, ValueError) as exc:
            raise ODataFault(400, "9", f"Неверное значение свойства {col.name}") from exc

    def decode_body(self, entity: EntityDef, body: dict[str, Any]) -> dict[str, Any]:
        values: dict[str, Any] = {}
        for name, value in body.items():
            if name.startswith("odata.") or name in entity.constants:
                continue
            if entity.section is not None and name == entity.section_property:
                continue
            col = entity.column(name)
            if col is None:
                raise ODataFault(400, "9", f"Неизвестное свойство {name} у {entity.name}")
            if col.name in ("DataVersion",):
                continue
            values[col.sql] = self._decode(col, value)
        return values

    def register_change(self, conn: sqlite3.Connection, table: str, ref: str) -> None:
        # Like 1C's exchange-plan registration: one record per object and node; a new change of an
        # object already registered clears its message number so it is sent again.
        conn.execute(
            "INSERT INTO changes (node, entity, ref, message_no) SELECT ref, ?, ?, NULL FROM nodes "
            "WHERE this_node = 0 ON CONFLICT (node, entity, ref) DO UPDATE SET message_no = NULL",
            (table, ref),
        )

    def write(self, fn: Any, *args: Any) -> Any:
        """Run ``fn(conn, *args)`` in one write transaction (serialised, rolled back on error)."""
        conn = self.conn()
        with self.write_lock:
            conn.execute("BEGIN IMMEDIATE")
            try:
                result = fn(conn, *args)
            except BaseException:
                conn.execute("ROLLBACK")
                raise
            conn.execute("COMMIT")
            return result

    def create(self, entity: EntityDef, body: dict[str, Any]) -> dict[str, Any]:
        """Insert an object or register record; returns its key (sql column → value)."""
        return self.write(self._create, entity, body)

    def _create(self, conn: sqlite3.Connection, entity: EntityDef, body: dict[str, Any]) -> dict[str, Any]:
        values = self.decode_body(entity, body)
        if entity.kind == "register":
            for col in entity.columns:
                values.setdefault(col.sql, self._decode(col, None))
            key = {c: values[c] for c in entity.sql_key}
            where = " AND ".join(f"{c} = ?" for c in key)
            if conn.execute(f"SELECT 1 FROM {entity.table} WHERE {where}", list(key.values())).fetchone():
                raise ODataFault(500, "-1", "Запись с такими ключевыми полями существует!")
            self._insert(conn, entity.table, values)
            return key
        ref = values.get("ref")
        if ref in (None, EMPTY_REF):
            ref = new_ref(random.Random())
        values["ref"] = ref
        values["version"] = self.next_version(conn)
        for col in entity.columns:
            if col.sql not in values:
                values[col.sql] = self._decode(col, None)
        if conn.execute(f"SELECT 1 FROM {entity.table} WHERE ref = ?", (ref,)).fetchone():
            raise ODataFault(500, "-1", f"Объект с таким Ref_Key уже существует: {ref}")
        self._insert(conn, entity.table, values)
        if entity.section is not None:
            self._replace_lines(conn, entity, ref, body.get(entity.section_property) or [])
        if entity.tracked_as:
            self.register_change(conn, entity.table, ref)
        return {"ref": ref}

    def _insert(self, conn: sqlite3.Connection, table: str, values: dict[str, Any]) -> None:
        cols = ", ".join(values)
        conn.execute(
            f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(values))})", list(values.values())
        )

    def _replace_lines(self, conn: sqlite3.Connection, entity: EntityDef, ref: str, lines: list[Any]) -> None:
        section = entity.section
        assert section is not None
        conn.execute(f"DELETE FROM {section.table} WHERE ref = ?", (ref,))
        for number, line in enumerate(lines, start=1):
            if not isinstance(line, dict):
                raise ODataFault(400, "9", f"Неверная строка табличной части {entity.section_property}")
            values = self.decode_body(section, {k: v for k, v in line.items() if k != "LineNumber"})
            values["ref"] = ref
            values["line_number"] = number
            for col in section.columns:
                values.setdefault(col.sql, self._decode(col, None))
            self._insert(conn, section.table, values)

    def update(self, entity: EntityDef, ref: str, body: dict[str, Any], if_match: str | None) -> None:
        self.write(self._update, entity, ref, body, if_match)

    def _update(
        self,
        conn: sqlite3.Connection,
        entity: EntityDef,
        ref: str,
        body: dict[str, Any],
        if_match: str | None,
    ) -> None:
        current = self._current_version(conn, entity, ref)
        if if_match and if_match not in ("*", current):
            raise ODataFault(412, "12", "Версия объекта не совпадает с версией, указанной в запросе")
        values = self.decode_body(entity, body)
        values.pop("ref", None)
        values["version"] = self.next_version(conn)
        sets = ", ".join(f"{c} = ?" for c in values)
        conn.execute(f"UPDATE {entity.table} SET {sets} WHERE ref = ?", [*values.values(), ref])
        if entity.section is not None and entity.section_property in body:
            self._replace_lines(conn, entity, ref, body[entity.section_property] or [])
        if entity.tracked_as:
            self.register_change(conn, entity.table, ref)

    def delete(self, entity: EntityDef, key: dict[str, Any], if_match: str | None) -> None:
        self.write(self._delete, entity, key, if_match)

    def _delete(
        self, conn: sqlite3.Connection, entity: EntityDef, key: dict[str, Any], if_match: str | None
    ) -> None:
        where = " AND ".join(f"{c} = ?" for c in key)
        if entity.kind != "register":
            current = self._current_version(conn, entity, key["ref"])
            if if_match and if_match not in ("*", current):
                raise ODataFault(412, "12", "Версия объекта не совпадает с версией, указанной в запросе")
        cursor = conn.execute(f"DELETE FROM {entity.table} WHERE {where}", list(key.values()))
        if cursor.rowcount == 0:
            raise ODataFault(404, "6", f"Объект не найден: {entity.name}")
        if entity.section is not None:
            conn.execute(f"DELETE FROM {entity.section.table} WHERE ref = ?", (key["ref"],))
        if entity.tracked_as:
            self.register_change(conn, entity.table, key["ref"])

    def post_document(self, entity: EntityDef, ref: str) -> None:
        def run(conn: sqlite3.Connection) -> None:
            self._current_version(conn, entity, ref)
            conn.execute(
                f"UPDATE {entity.table} SET posted = 1, version = ? WHERE ref = ?",
                (self.next_version(conn), ref),
            )
            self.register_change(conn, entity.table, ref)

        self.write(run)

    def unpost_document(self, entity: EntityDef, ref: str) -> None:
        def run(conn: sqlite3.Connection) -> None:
            self._current_version(conn, entity, ref)
            conn.execute(
                f"UPDATE {entity.table} SET posted = 0, version = ? WHERE ref = ?",
                (self.next_version(conn), ref),
            )
            self.register_change(conn, entity.table, ref)

        self.write(run)

    # ---- exchange plan -------------------------------------------------------------------------

    def _node(self, conn: sqlite3.Connection, ref: str) -> tuple[int, int]:
        row = conn.execute(
            "SELECT sent_no, received_no, this_node FROM nodes WHERE ref = ?", (ref,)
        ).fetchone()
        if row is None:
            raise ODataFault(404, "6", "Узел плана обмена не найден")
        if row[2]:
            raise ODataFault(500, "-1", "Нельзя выбрать изменения для этого узла")
        return row[0], row[1]

    def select_changes(
        self, node: str, message_no: int, limit: int = 0
    ) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
        """Assign ``message_no`` to the node's unsent changes; return ([(table, ref)], tombstones).

        As in 1C, records already sent in an earlier unacknowledged message are returned again:
        a receiver that crashed before NotifyChangesReceived loses nothing. ``limit`` > 0 caps
        the objects of one message (1C decides the size; the rest waits for the next number).
        """

        def run(conn: sqlite3.Connection) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
            self._node(conn, node)
            if limit > 0:
                resent = conn.execute(
                    "SELECT count(*) FROM changes WHERE node = ? AND message_no <= ?", (node, message_no)
                ).fetchone()[0]
                conn.execute(
                    "UPDATE changes SET message_no = ? WHERE (node, entity, ref) IN (SELECT node, entity, ref "
                    "FROM changes WHERE node = ? AND message_no IS NULL ORDER BY entity, ref LIMIT ?)",
                    (message_no, node, max(0, limit - resent)),
                )
            else:
                conn.execute(
                    "UPDATE changes SET message_no = ? WHERE node = ? AND message_no IS NULL",
                    (message_no, node),
                )
            conn.execute(
                "UPDATE nodes SET sent_no = max(sent_no, ?), exchange_date = ? WHERE ref = ?",
                (message_no, datetime.now().strftime("%Y-%m-%dT%H:%M:%S"), node),
            )
            present: list[tuple[str, str]] = []
            deleted: list[tuple[str, str]] = []
            for table in ("orgs", "members", "orders"):
                rows = conn.execute(
                    f"SELECT c.ref, t.ref IS NULL FROM changes c LEFT JOIN {table} t ON t.ref = c.ref "
                    "WHERE c.node = ? AND c.entity = ? AND c.message_no <= ? ORDER BY c.ref",
                    (node, table, message_no),
                ).fetchall()
                for ref, gone in rows:
                    (deleted if gone else present).append((table, ref))
            return present, deleted

        return self.write(run)

    def notify_changes_received(self, node: str, message_no: int) -> int:
        def run(conn: sqlite3.Connection) -> int:
            self._node(conn, node)
            cur = conn.execute("DELETE FROM changes WHERE node = ? AND message_no <= ?", (node, message_no))
            conn.execute(
                "UPDATE nodes SET received_no = max(received_no, ?) WHERE ref = ?", (message_no, node)
            )
            return cur.rowcount

        return self.write(run)

    def objects_json(self, entity: EntityDef, refs: list[str]) -> Iterator[str]:
        expr = self.json_expr(entity, None, odata_type=f"StandardODATA.{entity.name}")
        conn = self.conn()
        for start in range(0, len(refs), 500):
            chunk = refs[start : start + 500]
            sql = f"SELECT {expr} FROM {entity.table} t WHERE t.ref IN ({', '.join('?' * len(chunk))}) ORDER BY t.ref"
            for (text,) in conn.execute(sql, chunk):
                yield text

    def table_entity(self, table: str) -> EntityDef:
        return {
            "orgs": self.schema.organisations,
            "members": self.schema.members,
            "orders": self.schema.orders,
        }[table]

    # ---- admin mutations -----------------------------------------------------------------------

    def stats(self) -> dict[str, int]:
        conn = self.conn()
        out = {}
        for table in ("orgs", "members", "orders", "order_lines", "statuses", "changes"):
            out[table] = conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        return out

    def mutate(self, action: str, params: dict[str, Any]) -> list[str]:
        from .mutations import MUTATIONS

        if action not in MUTATIONS:
            raise ODataFault(400, "9", f"unknown mutation {action!r}; known: {', '.join(sorted(MUTATIONS))}")
        count = int(params.get("count", 1))

        def run(conn: sqlite3.Connection) -> list[str]:
            seq = int(self.meta("mutations") or 0)
            seed = self.meta("seed") or "0"
            changed = []
            for i in range(count):
                rng = random.Random(f"{seed}:{seq + i}")
                changed.append(MUTATIONS[action](self, conn, rng, params))
            conn.execute("INSERT OR REPLACE INTO meta VALUES ('mutations', ?)", (str(seq + count),))
            return changed

        return self.write(run)

    def today(self) -> str:
        return date.today().isoformat() + "T00:00:00"
