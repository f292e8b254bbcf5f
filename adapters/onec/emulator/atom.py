"""Atom rendering of the emulator's rows, in the shape 1C's standard OData interface sends it.

1C answers Atom unless the request asks for JSON (developer guide, chapter «Механизмы
интернет-сервисов», section «Стандартный интерфейс OData», «Формат ответа»); recorded answers of
real 8.3 servers show the layout reproduced here: ``<id>`` with the object's URL, ``<category
term="StandardODATA.<EntitySet>">``, an ``edit`` link, one ``related`` link per reference
attribute, fields in ``<content><m:properties>`` with ``m:type`` on every non-string value, tabular
sections as ``Collection(StandardODATA.<Set>_RowType)`` of ``<d:element>`` rows. Deletions in a
change message are RFC 6721 tombstones ``<at:deleted-entry ref=… when=…/>``.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from datetime import datetime
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from .schema import BOOL, DATE, GUID, INT64, EntityDef

ATOM_CONTENT_TYPE = "application/atom+xml;type=feed;charset=utf-8"
ENTRY_CONTENT_TYPE = "application/atom+xml;type=entry;charset=utf-8"
XML_CONTENT_TYPE = "application/xml;charset=utf-8"
NAMESPACES = (
    'xmlns="http://www.w3.org/2005/Atom" '
    'xmlns:at="http://purl.org/atompub/tombstones/1.0" '
    'xmlns:d="http://schemas.microsoft.com/ado/2007/08/dataservices" '
    'xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata"'
)
_EDM = {GUID: "Edm.Guid", DATE: "Edm.DateTime", BOOL: "Edm.Boolean", INT64: "Edm.Int64"}
_SCHEME = 'scheme="http://schemas.microsoft.com/ado/2007/08/dataservices/scheme"'


def _now() -> str:
    return datetime.now().strftime("%Y-%m-%dT%H:%M:%S")


def _value(name: str, value: Any, edm: str | None) -> str:
    if value is None:
        return f'<d:{name} m:null="true"/>'
    if isinstance(value, bool):
        text = "true" if value else "false"
        edm = "Edm.Boolean"
    else:
        text = escape(str(value))
    typed = f' m:type="{edm}"' if edm else ""
    return f"<d:{name}{typed}>{text}</d:{name}>"


def properties(entity: EntityDef, row: dict[str, Any]) -> str:
    parts = []
    for col in entity.columns:
        if col.name in row:
            parts.append(_value(col.name, row[col.name], _EDM.get(col.kind)))
    if entity.section is not None and entity.section_property in row:
        sec = entity.section
        rows = []
        for line in row[entity.section_property] or []:
            inner = "".join(
                _value(c.name, line.get(c.name), _EDM.get(c.kind)) for c in sec.columns if c.name in line
            )
            rows.append(f"<d:element>{inner}</d:element>")
        row_type = f"Collection(StandardODATA.{sec.name}_RowType)"
        parts.append(
            f'<d:{entity.section_property} m:type="{row_type}">{"".join(rows)}</d:{entity.section_property}>'
        )
    for name in entity.constants:
        if name in row:
            parts.append(_value(name, row[name], None))
    return "".join(parts)


def entry(entity: EntityDef, row: dict[str, Any], root: str, *, namespaces: bool = False) -> str:
    if entity.key == ("Ref_Key",) and row.get("Ref_Key"):
        path = f"{entity.name}(guid'{row['Ref_Key']}')"
    else:
        path = entity.name
    links = [f'<link rel="edit" href={quoteattr(path)} title="edit-link"/>']
    for col in entity.columns:
        if col.kind == GUID and col.name.endswith("_Key") and col.name not in ("Ref_Key", "Parent_Key"):
            nav = col.name[: -len("_Key")]
            links.append(
                f'<link rel="http://schemas.microsoft.com/ado/2007/08/dataservices/related/{nav}" '
                f'href={quoteattr(f"{path}/{nav}")} type="{ENTRY_CONTENT_TYPE}" title={quoteattr(nav)}/>'
            )
    ns = f" {NAMESPACES} xml:base={quoteattr(root)}" if namespaces else ""
    return (
        f"<entry{ns}><id>{escape(root + path)}</id>"
        f'<category term="StandardODATA.{entity.name}" {_SCHEME}/>'
        f'<title type="text"/><updated>{_now()}</updated><author/><summary/>{"".join(links)}'
        f'<content type="application/xml"><m:properties>{properties(entity, row)}</m:properties></content></entry>'
    )


def tombstone(entity: EntityDef, ref: str, root: str, when: str) -> str:
    url = f"{root}{entity.name}(guid'{ref}')"
    return f"<at:deleted-entry ref={quoteattr(url)} when={quoteattr(when)}/>"


def feed(root: str, feed_id: str, parts: Iterable[str], count: int | None = None) -> Iterator[bytes]:
    """A feed streamed in chunks: the head, then entries as they come, then the end."""
    head = (
        f'<?xml version="1.0" encoding="UTF-8"?><feed {NAMESPACES} xml:base={quoteattr(root)}>'
        f'<id>{escape(root + feed_id)}</id><title type="text"/><updated>{_now()}</updated><author/>'
    )
    if count is not None:
        head += f"<m:count>{count}</m:count>"
    chunk = [head]
    size = 0
    for part in parts:
        chunk.append(part)
        size += 1
        if size >= 500:
            yield "".join(chunk).encode()
            chunk, size = [], 0
    chunk.append("</feed>")
    yield "".join(chunk).encode()


def error_xml(code: str, message: str) -> bytes:
    """1C's error body when the request was not for JSON."""
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<m:error xmlns:m="http://schemas.microsoft.com/ado/2007/08/dataservices/metadata">'
        f'<m:code>{escape(code)}</m:code><m:message xml:lang="ru">{escape(message)}</m:message></m:error>'
    ).encode()
