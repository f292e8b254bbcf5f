"""1C's standard OData interface (v3, JSON) over the emulator's store."""

from __future__ import annotations

import itertools
import json
import re
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from werkzeug.wrappers import Request, Response

from . import atom
from .faults_errors import ODataFault
from .metadata import build_metadata
from .query import compile_filter, compile_orderby, parse_key
from .schema import EntityDef
from .store import Store

_PATH = re.compile(r"^(?P<set>[^/(]+)(?:\((?P<key>.*)\))?(?:/(?P<action>[$\w]+))?$")
JSON = "application/json;charset=utf-8"
# Response formats: Atom (1C's default), JSON with minimal metadata ($format=json) and JSON
# without metadata ($format=application/json;odata=nometadata).
ATOM, JSON_MINIMAL, JSON_NONE = "atom", "json", "json-nometadata"
# The node's URL inside DataExchangePoint='…': absolute or relative to the service root.
_NODE_URL = re.compile(r"(?:^|/)(?P<plan>[^/(]+)\(guid'(?P<ref>[0-9A-Fa-f-]{36})'\)$")


def response_format(request: Request) -> str:
    """What the request asked for. Without $format 1C answers Atom (developer guide,
    «Стандартный интерфейс OData», «Формат ответа»: ``$format=json`` or
    ``$format=application/json`` selects JSON, ``;odata=nometadata`` leaves metadata out)."""
    raw = request.args.get("$format")
    if raw is None or raw == "":
        return ATOM
    fmt = raw.replace(" ", "").lower()
    if fmt in ("atom", "xml", "application/atom+xml", "application/xml"):
        return ATOM
    kind, _, options = fmt.partition(";")
    if kind in ("json", "application/json"):
        if "odata=nometadata" in options:
            return JSON_NONE
        if options and not any(
            o in options for o in ("odata=minimalmetadata", "odata=fullmetadata", "charset")
        ):
            raise ODataFault(400, "9", f"Неверное значение параметра $format: {raw}")
        return JSON_MINIMAL
    raise ODataFault(400, "9", f"Неверное значение параметра $format: {raw}")


_CHUNK_ROWS = 1000
_SLICE = re.compile(r"^(?P<set>[^/(]+)/(?P<fn>SliceLast|SliceFirst)(?:\((?P<args>.*)\))?$", re.S)


def _json_response(body: str | bytes, status: int = 200, headers: dict[str, str] | None = None) -> Response:
    return Response(body, status=status, content_type=JSON, headers=headers)


def _int_param(request: Request, name: str) -> int | None:
    raw = request.args.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = int(raw)
    except ValueError as exc:
        raise ODataFault(400, "9", f"Неверное значение параметра {name}") from exc
    if value < 0:
        raise ODataFault(400, "9", f"Неверное значение параметра {name}")
    return value


class ODataService:
    def __init__(self, store: Store, root_path: str) -> None:
        self.store = store
        self.root_path = root_path
        # Whether SelectChanges / NotifyChangesReceived are published (admin: /__admin/exchange).
        self.exchange_published = True
        # Objects per change message; 0 = all registered changes (1C decides, the client cannot).
        self.message_limit = 0
        self._metadata = build_metadata(
            store.schema,
            (store.mapping.exchange.select_changes, store.mapping.exchange.notify_changes_received),
        )

    def root_url(self, request: Request) -> str:
        return request.host_url.rstrip("/") + self.root_path

    def handle(self, request: Request, rest: str) -> Response:
        fmt = response_format(request)
        ex = self.store.mapping.exchange
        if rest in (ex.select_changes, ex.notify_changes_received):
            return self._exchange_function(request, rest, fmt)
        if rest in ("", "/"):
            sets = [{"name": n, "url": n} for n in self.store.entities]
            if fmt == ATOM:
                return self._service_document(request)
            body: dict[str, Any] = {"value": sets}
            if fmt == JSON_MINIMAL:
                body = {"odata.metadata": self.root_url(request) + "$metadata", **body}
            return _json_response(json.dumps(body, ensure_ascii=False))
        if rest == "$metadata":
            return Response(self._metadata, content_type="application/xml;charset=utf-8")
        sliced = _SLICE.match(rest)
        if sliced:
            entity = self.store.entities.get(sliced.group("set"))
            if entity is None:
                raise ODataFault(404, "6", f"Не найден объект метаданных {sliced.group('set')}")
            return self._slice(request, entity, sliced.group("fn"), sliced.group("args") or "", fmt)
        m = _PATH.match(rest)
        if not m:
            raise ODataFault(404, "6", f"Не найден ресурс {rest}")
        entity = self.store.entities.get(m.group("set"))
        if entity is None:
            raise ODataFault(404, "6", f"Не найден объект метаданных {m.group('set')}")
        key_text, action = m.group("key"), m.group("action")
        method = request.method
        if key_text is None:
            if action == "$count" and method == "GET":
                where, params = compile_filter(entity, request.args.get("$filter"), "t")
                return Response(str(self.store.count(entity, where, params)), content_type="text/plain")
            if action:
                raise ODataFault(404, "6", f"Не найден ресурс {rest}")
            if method == "GET":
                return self._collection(request, entity, fmt)
            if method == "POST":
                return self._create(request, entity, fmt)
            raise ODataFault(405, "9", f"Метод {method} не поддерживается")
        key = parse_key(entity, key_text)
        if action:
            return self._action(request, entity, key, action, fmt)
        if method == "GET":
            return self._entity(request, entity, key, fmt)
        if method in ("PATCH", "MERGE", "PUT"):
            if entity.kind in ("register", "section"):
                raise ODataFault(405, "9", "Изменение записи регистра не поддерживается: удалите и создайте")
            self.store.update(entity, key["ref"], self._body(request), self._if_match(request))
            return self._entity(request, entity, key, fmt)
        if method == "DELETE":
            self.store.delete(entity, key, self._if_match(request))
            return Response(status=204)
        raise ODataFault(405, "9", f"Метод {method} не поддерживается")

    # ---- helpers -------------------------------------------------------------------------------

    @staticmethod
    def _body(request: Request) -> dict[str, Any]:
        try:
            body = json.loads(request.get_data() or b"{}")
        except ValueError as exc:
            raise ODataFault(400, "9", "Ошибка разбора тела запроса (JSON)") from exc
        if not isinstance(body, dict):
            raise ODataFault(400, "9", "Тело запроса должно быть объектом JSON")
        return body

    @staticmethod
    def _if_match(request: Request) -> str | None:
        raw = request.headers.get("If-Match")
        if not raw:
            return None
        raw = raw.strip()
        if raw.startswith("W/"):
            raw = raw[2:]
        return raw.strip('"')

    @staticmethod
    def _select(request: Request) -> list[str] | None:
        raw = request.args.get("$select")
        if not raw or raw.strip() == "*":
            return None
        return [s.strip() for s in raw.split(",") if s.strip()]

    def _element(self, request: Request, entity: EntityDef, text: str, fmt: str) -> str:
        if fmt != JSON_MINIMAL:
            return text
        meta = json.dumps(self.root_url(request) + f"$metadata#{entity.name}/@Element", ensure_ascii=False)
        return '{"odata.metadata":' + meta + "," + text[1:]

    def _one(self, request: Request, entity: EntityDef, text: str, fmt: str, status: int = 200) -> Response:
        if fmt == ATOM:
            body = '<?xml version="1.0" encoding="UTF-8"?>' + atom.entry(
                entity, json.loads(text), self.root_url(request), namespaces=True
            )
            return Response(body, status=status, content_type=atom.ENTRY_CONTENT_TYPE)
        return _json_response(self._element(request, entity, text, fmt), status=status)

    def _service_document(self, request: Request) -> Response:
        collections = "".join(
            f'<collection href="{n}"><atom:title>{n}</atom:title></collection>' for n in self.store.entities
        )
        body = (
            '<?xml version="1.0" encoding="UTF-8"?><service xmlns="http://www.w3.org/2007/app" '
            f'xmlns:atom="http://www.w3.org/2005/Atom" xml:base="{self.root_url(request)}">'
            f"<workspace><atom:title>Default</atom:title>{collections}</workspace></service>"
        )
        return Response(body, content_type="application/atomsvc+xml;charset=utf-8")

    # ---- reads ---------------------------------------------------------------------------------

    def _collection(self, request: Request, entity: EntityDef, fmt: str) -> Response:
        where, params = compile_filter(entity, request.args.get("$filter"), "t")
        order = compile_orderby(entity, request.args.get("$orderby"), "t")
        top, skip = _int_param(request, "$top"), _int_param(request, "$skip")
        select = self._select(request)
        inlinecount = request.args.get("$inlinecount")
        if inlinecount not in (None, "", "none", "allpages"):
            raise ODataFault(400, "9", f"Неверное значение $inlinecount: {inlinecount}")
        count = self.store.count(entity, where, params) if inlinecount == "allpages" else None
        expand = self._expand(request, entity, select)
        # Validate the query (and build the row expression) before the 200 status is sent.
        rows = self.store.iter_json(
            entity,
            where=where,
            params=params,
            order=order,
            limit=top,
            offset=skip,
            select=select,
            nav_links=fmt == JSON_MINIMAL,
            expand=expand,
        )
        first = next(rows, None)
        if fmt == ATOM:
            root = self.root_url(request)
            texts = rows if first is None else itertools.chain([first], rows)
            parts = (atom.entry(entity, json.loads(t), root) for t in texts)
            return Response(
                atom.feed(root, entity.name, parts, count),
                content_type=atom.ATOM_CONTENT_TYPE,
                direct_passthrough=True,
            )
        head = "{"
        if fmt == JSON_MINIMAL:
            head += (
                '"odata.metadata":'
                + json.dumps(self.root_url(request) + f"$metadata#{entity.name}", ensure_ascii=False)
                + ","
            )
        if count is not None:
            # 1C sends the count as a string (it is an Int64).
            head += f'"odata.count":"{count}",'
        head += '"value":['
        return Response(self._stream(head, first, rows), content_type=JSON, direct_passthrough=True)

    def _expand(self, request: Request, entity: EntityDef, select: list[str] | None) -> list[str]:
        """Navigation properties to inline. 1C expands a property only when it is also in $select
        (recorded behaviour); otherwise $expand is ignored."""
        raw = request.args.get("$expand")
        if not raw:
            return []
        wanted = [e.strip() for e in raw.split(",") if e.strip()]
        out = []
        for nav in wanted:
            col = entity.column(f"{nav}_Key")
            if col is None or not col.ref_to:
                raise ODataFault(400, "9", f"Не найдено навигационное свойство {nav} у {entity.name}")
            if select is not None and nav in select:
                out.append(nav)
        return out

    @staticmethod
    def _stream(head: str, first: str | None, rows: Iterator[str]) -> Iterator[bytes]:
        # Without $top 1C returns the whole table; stream it in chunks rather than build it.
        if first is None:
            yield (head + "]}").encode()
            return
        chunk = [first]
        sep_head = head
        for text in rows:
            chunk.append(text)
            if len(chunk) >= _CHUNK_ROWS:
                yield (sep_head + ",".join(chunk)).encode()
                sep_head, chunk = ",", []
        yield (sep_head + ",".join(chunk) + "]}").encode() if chunk else b"]}"

    def _entity(self, request: Request, entity: EntityDef, key: dict[str, Any], fmt: str) -> Response:
        select = self._select(request)
        text = self.store.get_json(
            entity, key, select, nav_links=fmt == JSON_MINIMAL, expand=self._expand(request, entity, select)
        )
        return self._one(request, entity, text, fmt)

    # ---- writes --------------------------------------------------------------------------------

    def _create(self, request: Request, entity: EntityDef, fmt: str) -> Response:
        if entity.kind in ("section", "exchange_plan"):
            raise ODataFault(405, "9", f"Создание {entity.name} не поддерживается")
        key = self.store.create(entity, self._body(request))
        text = self.store.get_json(entity, key, nav_links=fmt == JSON_MINIMAL)
        return self._one(request, entity, text, fmt, status=201)

    def _action(
        self, request: Request, entity: EntityDef, key: dict[str, Any], action: str, fmt: str
    ) -> Response:
        ex = self.store.mapping.exchange
        if entity.kind == "document" and action in ("Post", "Unpost"):
            if request.method != "POST":
                raise ODataFault(405, "9", f"Метод {request.method} не поддерживается")
            if action == "Post":
                self.store.post_document(entity, key["ref"])
            else:
                self.store.unpost_document(entity, key["ref"])
            return Response(status=200)
        if entity.kind == "exchange_plan" and action in (ex.select_changes, ex.notify_changes_received):
            # Not a function of the node: 1C publishes them on the service root only.
            raise ODataFault(404, "6", f"Не найден объект метаданных: {action}")
        col = entity.column(f"{action}_Key")
        if col is not None and col.ref_to and request.method == "GET":
            # Navigation: Catalog_X(guid'…')/Организация → the referenced object.
            ref = self.store.reference(entity, key, col)
            target = self.store.table_entity(col.ref_to)
            return self._entity(request, target, {"ref": ref}, fmt)
        raise ODataFault(404, "6", f"Не найден объект метаданных: {action} у {entity.name}")

    # ---- registers: slices -----------------------------------------------------------------------

    def _slice(self, request: Request, entity: EntityDef, which: str, args: str, fmt: str) -> Response:
        """``InformationRegister_X/SliceLast(Period=datetime'…',Condition='…')``: per combination of
        the other key fields, the latest (SliceFirst: the earliest) record up to (from) Period."""
        if entity.kind != "register":
            raise ODataFault(404, "6", f"Не найден объект метаданных: {which} у {entity.name}")
        period, condition = None, None
        for name, value in _slice_args(args):
            if name == "Period":
                period = value
            elif name == "Condition":
                condition = value
            else:
                raise ODataFault(400, "9", f"Неизвестный параметр {name} функции {which}")
        where, params = compile_filter(entity, condition, "t")
        texts = self.store.slice_json(
            entity, which == "SliceLast", period, where, params, fmt == JSON_MINIMAL
        )
        if fmt == ATOM:
            root = self.root_url(request)
            return Response(
                atom.feed(
                    root, f"{entity.name}/{which}", (atom.entry(entity, json.loads(t), root) for t in texts)
                ),
                content_type=atom.ATOM_CONTENT_TYPE,
            )
        head = "{"
        if fmt == JSON_MINIMAL:
            head += (
                '"odata.metadata":' + json.dumps(self.root_url(request) + f"$metadata#{entity.name}") + ","
            )
        return _json_response(head + '"value":[' + ",".join(texts) + "]}")

    # ---- exchange plans: the change feed -----------------------------------------------------------

    def _exchange_function(self, request: Request, function: str, fmt: str) -> Response:
        """``POST <root>/SelectChanges|NotifyChangesReceived?DataExchangePoint='<node URL>'&MessageNo=N``
        (developer guide, «Стандартный интерфейс OData», «Обмен данными»): functions of the
        service root whose first parameter is the quoted URL of the exchange-plan node."""
        if not self.exchange_published:
            raise ODataFault(404, "6", f"Не найден объект метаданных: {function}")
        if request.method != "POST":
            raise ODataFault(405, "9", f"Метод {request.method} не поддерживается")
        point = request.args.get("DataExchangePoint")
        if not point:
            raise ODataFault(400, "9", "Не указан параметр DataExchangePoint")
        url = point.strip().removeprefix("'").removesuffix("'")  # the node's URL, quoted or not
        m = _NODE_URL.search(url)
        plan = self.store.schema.exchange
        if m is None or m.group("plan") != plan.name:
            raise ODataFault(400, "9", f"Неверное значение параметра DataExchangePoint: {point}")
        node = m.group("ref").lower()
        message_no = _int_param(request, "MessageNo")
        if message_no is None or message_no < 1:
            raise ODataFault(400, "9", "Не указан параметр MessageNo")
        if function == self.store.mapping.exchange.notify_changes_received:
            self.store.notify_changes_received(node, message_no)
            return Response(status=200)
        present, deleted = self.store.select_changes(node, message_no, self.message_limit)
        if fmt != ATOM:
            return self._select_changes_json(request, present, fmt)
        root = self.root_url(request)
        when = datetime.now().astimezone().isoformat(timespec="seconds")

        def parts() -> Iterator[str]:
            for entity, text in self._changed_objects(present):
                yield atom.entry(entity, json.loads(text), root)
            for table, ref in deleted:
                yield atom.tombstone(self.store.table_entity(table), ref, root, when)

        return Response(
            atom.feed(root, function, parts()), content_type=atom.ATOM_CONTENT_TYPE, direct_passthrough=True
        )

    def _changed_objects(self, present: list[tuple[str, str]]) -> Iterator[tuple[EntityDef, str]]:
        """The changed objects still present, as (entity, object JSON), read table by table."""
        by_table: dict[str, list[str]] = {}
        for table, ref in present:
            by_table.setdefault(table, []).append(ref)
        for table, refs in by_table.items():
            entity = self.store.table_entity(table)
            for text in self.store.objects_json(entity, refs):
                yield entity, text

    def _select_changes_json(self, request: Request, present: list[tuple[str, str]], fmt: str) -> Response:
        # With $format=json 1C lists the changed objects (with odata.type); the JSON form has no
        # tombstones, which is why the gateway reads the Atom answer.
        parts = [
            '{"odata.type":"StandardODATA.' + entity.name + '",' + text[1:]
            for entity, text in self._changed_objects(present)
        ]
        head = "{"
        if fmt == JSON_MINIMAL:
            head += '"odata.metadata":' + json.dumps(self.root_url(request) + "$metadata") + ","
        return _json_response(head + '"value":[' + ",".join(parts) + "]}")


def _slice_args(text: str) -> Iterator[tuple[str, str]]:
    """``Period=datetime'…',Condition='…'`` → (name, value) with quotes and literal type removed."""
    for m in re.finditer(r"(\w+)\s*=\s*(?:datetime)?'((?:[^']|'')*)'", text):
        yield m.group(1), m.group(2).replace("''", "'")
