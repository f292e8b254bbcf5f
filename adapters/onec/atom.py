"""A streaming reader of the Atom feeds 1C's standard OData interface answers.

1C answers ``SelectChanges`` (and every read without ``$format``) with an Atom 1.0 feed in the
OData v3 Atom format (1C:Enterprise 8.3 developer guide, chapter «Механизмы интернет-сервисов»,
section «Стандартный интерфейс OData», subsections «Формат ответа» and «Обмен данными»):

- one ``<entry>`` per object, its entity set in ``<category term="StandardODATA.<EntitySet>"/>``,
  the object's URL in ``<id>``, its fields in ``<content><m:properties><d:Field m:type="Edm.…">``;
- a value 1C has none for is ``<d:Field m:null="true"/>``;
- a tabular section is ``<d:Section m:type="Collection(StandardODATA.…_RowType)">`` holding one
  ``<d:element>`` per row;
- a physically deleted object is an RFC 6721 tombstone ``<at:deleted-entry ref="<object URL>"
  when="…"/>`` (namespace ``http://purl.org/atompub/tombstones/1.0``).

A message can hold 100,000 objects: :func:`iter_feed` parses with ``iterparse`` and drops every
entry once it has been handed over, so memory stays flat in the size of the message.

Values are returned in the shape 1C's JSON format gives them (booleans as ``bool``, numbers as
numbers, dates and GUIDs as strings, Int64 as a string as in JSON), so one converter serves both
formats.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from _typeshed import SupportsRead

ATOM = "{http://www.w3.org/2005/Atom}"
D = "{http://schemas.microsoft.com/ado/2007/08/dataservices}"
M = "{http://schemas.microsoft.com/ado/2007/08/dataservices/metadata}"
AT = "{http://purl.org/atompub/tombstones/1.0}"

# "…/Catalog_X(guid'…')" → ("Catalog_X", "…"); the URL may be absolute or relative to xml:base.
_OBJECT_URL = re.compile(r"(?:^|/)(?P<set>[^/(]+)\(guid'(?P<ref>[0-9A-Fa-f-]{36})'\)$")


@dataclass(frozen=True, slots=True)
class FeedEntry:
    """An object in the feed: its entity set, ref (from ``<id>``) and typed properties."""

    entity_set: str
    ref: str | None
    properties: dict[str, Any]


@dataclass(frozen=True, slots=True)
class FeedTombstone:
    """``at:deleted-entry``: the object was physically deleted in 1C."""

    entity_set: str
    ref: str
    when: str


class AtomFormatError(ValueError):
    """The document is not the Atom feed 1C sends."""


def object_url_parts(url: str) -> tuple[str, str] | None:
    """(entity set, ref) of an object URL like ``…/Catalog_X(guid'…')``, or None."""
    m = _OBJECT_URL.search(url.strip())
    return (m.group("set"), m.group("ref").lower()) if m else None


def _typed(element: ET.Element) -> Any:
    if element.get(f"{M}null") == "true":
        return None
    edm = element.get(f"{M}type")
    if edm is not None and edm.startswith("Collection("):
        return [_row(item) for item in element if item.tag == f"{D}element"]
    text = element.text or ""
    if edm is None or edm in ("Edm.String", "Edm.Guid", "Edm.DateTime", "Edm.Binary", "Edm.Int64"):
        # Int64 stays a string, as 1C's JSON sends it (wire.parse_int64 takes either).
        return text
    if edm == "Edm.Boolean":
        return text.strip() == "true"
    if edm in ("Edm.Int16", "Edm.Int32", "Edm.Byte", "Edm.SByte"):
        return int(text)
    if edm == "Edm.Decimal":
        return Decimal(text)
    if edm in ("Edm.Double", "Edm.Single"):
        return float(text)
    if len(element):  # a complex value
        return _row(element)
    return text


def _row(properties: ET.Element) -> dict[str, Any]:
    return {child.tag[len(D) :]: _typed(child) for child in properties if child.tag.startswith(D)}


def _entry(element: ET.Element) -> FeedEntry:
    category = element.find(f"{ATOM}category")
    term = category.get("term", "") if category is not None else ""
    entity_set = term.rpartition(".")[2]
    id_text = element.findtext(f"{ATOM}id") or ""
    parts = object_url_parts(id_text)
    props = element.find(f"{ATOM}content/{M}properties")
    if props is None:  # media-link entries keep m:properties beside content
        props = element.find(f"{M}properties")
    properties = _row(props) if props is not None else {}
    if not entity_set and parts:
        entity_set = parts[0]
    ref = parts[1] if parts else None
    if ref is None and isinstance(properties.get("Ref_Key"), str):
        ref = properties["Ref_Key"].lower()
    return FeedEntry(entity_set=entity_set, ref=ref, properties=properties)


def iter_feed(source: SupportsRead[bytes]) -> Iterator[FeedEntry | FeedTombstone]:
    """Entries and tombstones of one feed, in document order, one at a time.

    ``source`` is any binary file-like object (``response.raw`` of a streamed request); chunk
    boundaries, even in the middle of a multi-byte character, are the parser's business.
    """
    events = ET.iterparse(source, events=("start", "end"))
    root: ET.Element | None = None
    depth = 0
    try:
        for event, element in events:
            if event == "start":
                if root is None:
                    root = element
                    if element.tag not in (f"{ATOM}feed", f"{ATOM}entry"):
                        raise AtomFormatError(f"expected an Atom feed, got <{element.tag}>")
                depth += 1
                continue
            depth -= 1
            if root is not None and element is root:
                if element.tag == f"{ATOM}entry":  # a single entity, not a feed
                    yield _entry(element)
                break
            if depth != 1:
                continue  # inside an entry: handled when the entry ends
            if element.tag == f"{ATOM}entry":
                yield _entry(element)
            elif element.tag == f"{AT}deleted-entry":
                parts = object_url_parts(element.get("ref", ""))
                if parts is None:
                    raise AtomFormatError(f"tombstone without an object URL: {element.get('ref')!r}")
                yield FeedTombstone(entity_set=parts[0], ref=parts[1], when=element.get("when", ""))
            assert root is not None
            root.clear()  # drop what was handed over: flat memory for any message size
    except ET.ParseError as exc:
        raise AtomFormatError(f"not a well-formed Atom document: {exc}") from exc
