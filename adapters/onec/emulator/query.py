"""A small OData v3 ``$filter`` / key / ``$orderby`` parser that compiles to SQLite.

It accepts what 1C accepts for the gateway's queries: comparisons (eq ne gt ge lt le), and / or /
not, parentheses, ``substringof``, ``startswith``, ``endswith``, and the literals ``guid'…'``,
``datetime'…'``, ``'string'``, numbers, true/false/null. Functions 1C does not support (tolower,
length, trim…) are refused the way 1C refuses them: 400 with an ``odata.error``.
"""

from __future__ import annotations

import re
from typing import Any

from ..wire import EMPTY_REF
from .faults_errors import ODataFault
from .schema import BOOL, DATE, GUID, INT64, EntityDef

_TOKEN = re.compile(
    r"""\s*(?:
        (?P<guid>guid'(?P<guidv>[0-9a-fA-F-]{36})')
      | (?P<dt>datetime'(?P<dtv>[0-9T:.\-]+)')
      | (?P<str>'(?P<strv>(?:[^']|'')*)')
      | (?P<num>-?\d+(?:\.\d+)?[LMmd]?)
      | (?P<lp>\() | (?P<rp>\)) | (?P<comma>,) | (?P<eq>=)
      | (?P<ident>[^\W\d][\w.]*)
    )""",
    re.VERBOSE | re.UNICODE,
)
_OPS = {"eq": "=", "ne": "<>", "gt": ">", "ge": ">=", "lt": "<", "le": "<="}
_FUNCS = {"substringof", "startswith", "endswith"}
_LITERAL = object()


def bad_request(message: str) -> ODataFault:
    return ODataFault(400, "9", message)


def normalize_datetime(text: str) -> str:
    text = text.split(".")[0]
    if len(text) == 10:
        text += "T00:00:00"
    if len(text) == 16:
        text += ":00"
    if not re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d", text):
        raise bad_request(f"Неверный формат даты: {text}")
    return text


def tokenize(text: str) -> list[tuple[str, Any]]:
    tokens: list[tuple[str, Any]] = []
    pos = 0
    text = text.rstrip()
    while pos < len(text):
        m = _TOKEN.match(text, pos)
        if not m or m.end() == pos:
            raise bad_request(f"Ошибка разбора условия отбора в позиции {pos}")
        pos = m.end()
        if m.group("guid"):
            tokens.append(("lit", m.group("guidv").lower()))
        elif m.group("dt"):
            tokens.append(("lit", normalize_datetime(m.group("dtv"))))
        elif m.group("str") is not None:
            tokens.append(("lit", m.group("strv").replace("''", "'")))
        elif m.group("num"):
            raw = m.group("num").rstrip("LMmd")
            tokens.append(("lit", float(raw) if "." in raw else int(raw)))
        elif m.group("lp"):
            tokens.append(("(", None))
        elif m.group("rp"):
            tokens.append((")", None))
        elif m.group("comma"):
            tokens.append((",", None))
        elif m.group("eq"):
            tokens.append(("=", None))
        else:
            word = m.group("ident")
            if word in ("true", "false"):
                tokens.append(("lit", word == "true"))
            elif word == "null":
                tokens.append(("lit", None))
            else:
                tokens.append(("ident", word))
    return tokens


class FilterCompiler:
    def __init__(self, entity: EntityDef, text: str, table: str = "") -> None:
        self.entity = entity
        self.tokens = tokenize(text)
        self.pos = 0
        self.params: list[Any] = []
        self.prefix = f"{table}." if table else ""

    def compile(self) -> tuple[str, list[Any]]:
        sql = self._or()
        if self.pos != len(self.tokens):
            raise bad_request("Ошибка разбора условия отбора: лишние символы")
        return sql, self.params

    def _peek(self) -> tuple[str, Any] | None:
        return self.tokens[self.pos] if self.pos < len(self.tokens) else None

    def _take(self) -> tuple[str, Any]:
        tok = self._peek()
        if tok is None:
            raise bad_request("Ошибка разбора условия отбора: неожиданный конец")
        self.pos += 1
        return tok

    def _is_word(self, word: str) -> bool:
        tok = self._peek()
        return tok is not None and tok[0] == "ident" and tok[1] == word

    def _or(self) -> str:
        parts = [self._and()]
        while self._is_word("or"):
            self.pos += 1
            parts.append(self._and())
        return parts[0] if len(parts) == 1 else "(" + " OR ".join(parts) + ")"

    def _and(self) -> str:
        parts = [self._not()]
        while self._is_word("and"):
            self.pos += 1
            parts.append(self._not())
        return parts[0] if len(parts) == 1 else "(" + " AND ".join(parts) + ")"

    def _not(self) -> str:
        if self._is_word("not"):
            self.pos += 1
            return f"NOT ({self._not()})"
        return self._comparison()

    def _comparison(self) -> str:
        tok = self._peek()
        if tok and tok[0] == "(":
            self.pos += 1
            inner = self._or()
            if self._take()[0] != ")":
                raise bad_request("Ошибка разбора условия отбора: ожидается )")
            return f"({inner})"
        if tok and tok[0] == "ident" and tok[1] in _FUNCS:
            return self._function()
        if (
            tok
            and tok[0] == "ident"
            and self.pos + 1 < len(self.tokens)
            and self.tokens[self.pos + 1][0] == "("
        ):
            raise bad_request(f"Функция {tok[1]} не поддерживается")
        left = self._operand()
        op_tok = self._take()
        if op_tok[0] != "ident" or op_tok[1] not in _OPS:
            raise bad_request(f"Неизвестная операция {op_tok[1]!r}")
        right = self._operand()
        return self._render(left, _OPS[op_tok[1]], right)

    def _operand(self) -> tuple[Any, Any]:
        kind, value = self._take()
        if kind == "lit":
            return _LITERAL, value
        if kind == "ident":
            col = self.entity.column(value)
            if col is None:
                raise bad_request(f"Не найдено свойство {value} у {self.entity.name}")
            if col.name == "DataVersion":
                raise bad_request("Отбор по DataVersion не поддерживается")
            return col, None
        raise bad_request("Ошибка разбора условия отбора")

    def _bind(self, col: Any, value: Any) -> str:
        if isinstance(value, bool) or (col is not None and col.kind == BOOL):
            value = int(bool(value))
        elif col is not None and col.kind == GUID and value is None:
            value = EMPTY_REF
        elif col is not None and col.kind == INT64 and isinstance(value, str):
            value = int(value)
        elif col is not None and col.kind == DATE and isinstance(value, str):
            value = normalize_datetime(value)
        elif isinstance(value, str) and col is not None and col.pad:
            value = value.rstrip(" ")  # 1C ignores trailing spaces of fixed-length strings
        self.params.append(value)
        return "?"

    def _render(self, left: tuple[Any, Any], op: str, right: tuple[Any, Any]) -> str:
        lcol = left[0] if left[0] is not _LITERAL else None
        rcol = right[0] if right[0] is not _LITERAL else None
        lsql = f"{self.prefix}{lcol.sql}" if lcol else None
        rsql = f"{self.prefix}{rcol.sql}" if rcol else None
        if lcol and rcol:
            return f"{lsql} {op} {rsql}"
        if lcol:
            if right[1] is None and lcol.kind != GUID:
                return f"{lsql} IS {'NOT ' if op == '<>' else ''}NULL"
            return f"{lsql} {op} {self._bind(lcol, right[1])}"
        if rcol:
            flipped = {">": "<", "<": ">", ">=": "<=", "<=": ">="}.get(op, op)
            return f"{rsql} {flipped} {self._bind(rcol, left[1])}"
        return f"{self._bind(None, left[1])} {op} {self._bind(None, right[1])}"

    def _function(self) -> str:
        name = self._take()[1]
        if self._take()[0] != "(":
            raise bad_request("Ошибка разбора условия отбора: ожидается (")
        first = self._operand()
        if self._take()[0] != ",":
            raise bad_request("Ошибка разбора условия отбора: ожидается ,")
        second = self._operand()
        if self._take()[0] != ")":
            raise bad_request("Ошибка разбора условия отбора: ожидается )")
        # substringof(needle, field); startswith(field, prefix); endswith(field, suffix)
        col, text = (second[0], first[1]) if name == "substringof" else (first[0], second[1])
        if col is _LITERAL or not isinstance(text, str):
            raise bad_request(f"Неверные аргументы функции {name}")
        escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        pattern = {"substringof": f"%{escaped}%", "startswith": f"{escaped}%", "endswith": f"%{escaped}"}[
            name
        ]
        self.params.append(pattern)
        return f"{self.prefix}{col.sql} LIKE ? ESCAPE '\\'"


def compile_filter(entity: EntityDef, text: str | None, table: str = "") -> tuple[str, list[Any]]:
    if not text:
        return "", []
    return FilterCompiler(entity, text, table).compile()


def compile_orderby(entity: EntityDef, text: str | None, table: str = "") -> str:
    if not text:
        return ""
    parts = []
    prefix = f"{table}." if table else ""
    for item in text.split(","):
        words = item.split()
        if not words or len(words) > 2 or (len(words) == 2 and words[1] not in ("asc", "desc")):
            raise bad_request(f"Неверное упорядочивание: {item}")
        col = entity.column(words[0])
        if col is None:
            raise bad_request(f"Не найдено свойство {words[0]} у {entity.name}")
        if col.name == "DataVersion":
            raise bad_request("Упорядочивание по DataVersion не поддерживается")
        parts.append(f"{prefix}{col.sql} {'DESC' if len(words) == 2 and words[1] == 'desc' else 'ASC'}")
    return ", ".join(parts)


def parse_key(entity: EntityDef, text: str) -> dict[str, Any]:
    """``guid'…'`` or ``Name=literal,Name=literal`` → {sql column: stored value}."""
    tokens = tokenize(text)
    if len(tokens) == 1 and tokens[0][0] == "lit":
        if entity.key != ("Ref_Key",):
            raise bad_request(f"У {entity.name} составной ключ")
        return {"ref": tokens[0][1]}
    values: dict[str, Any] = {}
    i = 0
    while i < len(tokens):
        if tokens[i][0] != "ident" or i + 1 >= len(tokens) or tokens[i + 1][0] != "=":
            raise bad_request("Неверный ключ")
        name = tokens[i][1]
        i += 2
        if i >= len(tokens) or tokens[i][0] != "lit":
            raise bad_request("Неверный ключ")
        col = entity.column(name)
        if col is None or name not in entity.key:
            raise bad_request(f"{name} не входит в ключ {entity.name}")
        value = tokens[i][1]
        if col.kind == INT64:
            value = int(value)
        elif isinstance(value, str) and col.pad:
            value = value.rstrip(" ")
        values[col.sql] = value
        i += 1
        if i < len(tokens) and tokens[i][0] == ",":
            i += 1
    if set(values) != set(entity.sql_key):
        raise bad_request(f"Ключ {entity.name} задан не полностью")
    return values
