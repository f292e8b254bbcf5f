"""1C's standard OData interface (v3, JSON) over the emulator's store."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from typing import Any

from werkzeug.wrappers import Request, Response

from .faults_errors import ODataFault
from .metadata import build_metadata
from .query import compile_filter, compile_orderby, parse_key
from .schema import EntityDef
from .store import Store

_PATH = re.compile(r"^(?P<set>[^/(]+)(?:\((?P<key>.*)\))?(?:/(?P<action>[$\w]+))?$")
JSON = "application/json;charset=utf-8"
_CHUNK_ROWS = 1000


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
        self._metadata = build_metadata(
            store.schema,
            (store.mapping.exchange.select_changes, store.mapping.exchange.notify_changes_received),
        )

    def root_url(self, request: Request) -> str:
        return request.host_url.rstrip("/") + self.root_path

    def handle(self, request: Request, rest: str) -> Response:
        fmt = request.args.get("$format", "json")
        if not fmt.startswith("json") and fmt != "application/json":
            raise ODataFault(400, "9", f"Формат {fmt} не поддерживается эмулятором (только json)")
        if rest in ("", "/"):
            sets = [{"name": n, "url": n} for n in self.store.entities]
            return _json_response(
                json.dumps(
                    {"odata.metadata": self.root_url(request) + "$metadata", "value": sets},
                    ensure_ascii=False,
                )
            )
        if rest == "$metadata":
            return Response(self._metadata, content_type="application/xml;charset=utf-8")
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
                return self._collection(request, entity)
            if method == "POST":
                return self._create(request, entity)
            raise ODataFault(405, "9", f"Метод {method} не поддерживается")
        key = parse_key(entity, key_text)
        if action:
            return self._action(request, entity, key, action)
        if method == "GET":
            return self._entity(request, entity, key)
        if method in ("PATCH", "MERGE", "PUT"):
            if entity.kind in ("register", "section"):
                raise ODataFault(405, "9", "Изменение записи регистра не поддерживается: удалите и создайте")
            self.store.update(entity, key["ref"], self._body(request), self._if_match(request))
            return self._entity(request, entity, key)
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

    def _element(self, request: Request, entity: EntityDef, text: str) -> str:
        meta = json.dumps(self.root_url(request) + f"$metadata#{entity.name}/@Element", ensure_ascii=False)
        return '{"odata.metadata":' + meta + "," + text[1:]

    # ---- reads ---------------------------------------------------------------------------------

    def _collection(self, request: Request, entity: EntityDef) -> Response:
        where, params = compile_filter(entity, request.args.get("$filter"), "t")
        order = compile_orderby(entity, request.args.get("$orderby"), "t")
        top, skip = _int_param(request, "$top"), _int_param(request, "$skip")
        select = self._select(request)
        inlinecount = request.args.get("$inlinecount")
        if inlinecount not in (None, "", "none", "allpages"):
            raise ODataFault(400, "9", f"Неверное значение $inlinecount: {inlinecount}")
        head = '{"odata.metadata":' + json.dumps(
            self.root_url(request) + f"$metadata#{entity.name}", ensure_ascii=False
        )
        if inlinecount == "allpages":
            # 1C sends the count as a string (it is an Int64).
            head += f',"odata.count":"{self.store.count(entity, where, params)}"'
        head += ',"value":['
        # Validate the query (and build the JSON expression) before the 200 status is sent.
        rows = self.store.iter_json(
            entity, where=where, params=params, order=order, limit=top, offset=skip, select=select
        )
        first = next(rows, None)
        return Response(self._stream(head, first, rows), content_type=JSON, direct_passthrough=True)

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

    def _entity(self, request: Request, entity: EntityDef, key: dict[str, Any]) -> Response:
        text = self.store.get_json(entity, key, self._select(request))
        return _json_response(self._element(request, entity, text))

    # ---- writes --------------------------------------------------------------------------------

    def _create(self, request: Request, entity: EntityDef) -> Response:
        if entity.kind in ("section", "exchange_plan"):
            raise ODataFault(405, "9", f"Создание {entity.name} не поддерживается")
        key = self.store.create(entity, self._body(request))
        text = self.store.get_json(entity, key)
        return _json_response(self._element(request, entity, text), status=201)

    def _action(self, request: Request, entity: EntityDef, key: dict[str, Any], action: str) -> Response:
        ex = self.store.mapping.exchange
        if request.method not in ("POST", "GET"):
            raise ODataFault(405, "9", f"Метод {request.method} не поддерживается")
        if entity.kind == "document" and action in ("Post", "Unpost") and request.method == "POST":
            if action == "Post":
                self.store.post_document(entity, key["ref"])
            else:
                self.store.update(entity, key["ref"], {"Posted": False}, None)
            return Response(status=200)
        if entity.kind == "exchange_plan" and action in (ex.select_changes, ex.notify_changes_received):
            message_no = _int_param(request, "MessageNo")
            if message_no is None or message_no < 1:
                raise ODataFault(400, "9", "Не указан параметр MessageNo")
            if action == ex.notify_changes_received:
                removed = self.store.notify_changes_received(key["ref"], message_no)
                return _json_response(
                    json.dumps({"MessageNo": str(message_no), "Acknowledged": str(removed)})
                )
            return self._select_changes(request, key["ref"], message_no)
        raise ODataFault(404, "6", f"Не найдена функция {action} у {entity.name}")

    def _select_changes(self, request: Request, node: str, message_no: int) -> Response:
        present, deleted = self.store.select_changes(node, message_no)
        parts: list[str] = []
        by_table: dict[str, list[str]] = {}
        for table, ref in present:
            by_table.setdefault(table, []).append(ref)
        for table, refs in by_table.items():
            parts.extend(self.store.objects_json(self.store.table_entity(table), refs))
        for table, ref in deleted:
            name = self.store.table_entity(table).name
            parts.append(
                json.dumps(
                    {"odata.type": "StandardODATA.ObjectDeletion", "Type": name, "Ref_Key": ref},
                    ensure_ascii=False,
                )
            )
        head = json.dumps(
            self.root_url(request) + "$metadata#Collection(StandardODATA.ChangeRecord)", ensure_ascii=False
        )
        body = f'{{"odata.metadata":{head},"MessageNo":"{message_no}","value":[{",".join(parts)}]}}'
        return _json_response(body)
