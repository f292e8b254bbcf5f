"""A streaming, defensive reader for the first sheet of an XLSX workbook.

An XLSX file is a zip archive of XML parts, and both layers can be turned into a weapon: a
shared-strings part of 191 KB that inflates to 78 MB held a web request for 35 s and grew the
process by 390 MB under openpyxl; a 1.8 KB sheet that *declares* ``A1:XFD1048576`` kept openpyxl
padding empty rows for five minutes; entity declarations (billion laughs, external entities) are a
parser's classic trap. So this reader

* checks the archive before reading any XML: entry count, every part's declared uncompressed
  size, the total, and the compression ratio (the declared sizes are binding: ``zipfile`` stops
  inflating at the declared size and fails the CRC check if the data goes on);
* refuses any DOCTYPE or entity declaration (expat handlers raise before anything is expanded);
* refuses a declared dimension beyond the row and column limits without walking it, and never
  pads: only the cells present in the XML are read, so an empty row 1,048,576 costs nothing;
* parses the sheet with expat fed in chunks, yielding rows as it goes (bounded memory).

Only what order files need is understood: shared, inline and formula-cached strings, numbers,
booleans and dates (number cells whose style is a date format, as Excel stores birth dates).
"""

from __future__ import annotations

import contextlib
import datetime as dt
import io
import posixpath
import re
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any, NoReturn
from xml.parsers import expat

# An order file has a handful of columns; a sheet that declares or uses more is not one.
MAX_COLUMNS = 100
# Blank rows an Excel export may count in its used range beyond the data (formatted but empty).
BLANK_ROW_SLACK = 1_000
MAX_ENTRIES = 1_000
# Real order sheets compress 5-20 times; 78 MB of repeated shared strings in 191 KB is 400 times.
MAX_RATIO = 100
RATIO_FLOOR = 1024 * 1024  # small parts (styles, rels) may compress very well: not checked
MAX_UNPACKED_BYTES = 256 * 1024 * 1024  # a 200,000-row order sheet unpacks to ~100 MB
CHUNK = 64 * 1024

_CELL_REF = re.compile(r"([A-Z]{1,3})(\d{1,7})$")
_DIMENSION = re.compile(r"^\$?([A-Z]{1,3})?\$?(\d{1,7})?(?::\$?([A-Z]{1,3})?\$?(\d{1,7})?)?$")
# Built-in number formats that are dates or times (ECMA-376 part 1, 18.8.30, plus the CJK ones).
_BUILTIN_DATE_FORMATS = set(range(14, 23)) | set(range(27, 37)) | {45, 46, 47} | set(range(50, 59))


class XlsxError(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(code)
        self.code = code
        self.message = message


BROKEN = "Файл XLSX повреждён или это не книга Excel"


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def _local(name: str) -> str:
    return name.rsplit(" ", 1)[-1]


@dataclass(slots=True)
class _Cursor:
    """Where the sheet parser is: the current row and cell, and whether it is inside a value."""

    row: int = 0
    col: int = 0
    type: str = "n"
    style: int = -1
    text: bool = False


def _refuse_dtd(*_args: Any) -> NoReturn:
    raise XlsxError(
        "xlsx_entities",
        "Файл XLSX содержит объявления DTD или сущностей XML, которых в книгах Excel не бывает: "
        "такой файл не принимается. Сохраните таблицу в Excel заново.",
    )


def _parser(start: Callable[..., None] | None = None, end: Callable[..., None] | None = None) -> Any:
    p = expat.ParserCreate(namespace_separator=" ")
    p.StartDoctypeDeclHandler = _refuse_dtd
    p.EntityDeclHandler = _refuse_dtd
    p.UnparsedEntityDeclHandler = _refuse_dtd
    p.ExternalEntityRefHandler = _refuse_dtd
    p.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
    p.buffer_text = True
    if start is not None:
        p.StartElementHandler = start
    if end is not None:
        p.EndElementHandler = end
    return p


class _Stop(Exception):
    """Raised by a handler once it has what it came for: the rest of the part is not read."""


def _feed(zf: zipfile.ZipFile, name: str, parser: Any, after_chunk: Callable[[], None] | None = None) -> None:
    try:
        with zf.open(name) as stream:
            while chunk := stream.read(CHUNK):
                parser.Parse(chunk, False)
                if after_chunk is not None:
                    after_chunk()
            parser.Parse(b"", True)
    except _Stop:
        return
    except expat.ExpatError as exc:
        raise XlsxError("broken_xlsx", f"{BROKEN}: ошибка XML в части {name}, строка {exc.lineno}.") from None
    except (zipfile.BadZipFile, EOFError, OSError, RuntimeError, NotImplementedError) as exc:
        raise XlsxError("broken_xlsx", f"{BROKEN} ({type(exc).__name__}).") from None


def _check_archive(zf: zipfile.ZipFile) -> None:
    infos = zf.infolist()
    if len(infos) > MAX_ENTRIES:
        raise XlsxError(
            "xlsx_too_complex", f"В архиве XLSX больше {MAX_ENTRIES} частей: это не таблица заказов."
        )
    total = 0
    for info in infos:
        total += info.file_size
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise XlsxError(
                "xlsx_bomb",
                f"Файл XLSX распаковывается в {info.file_size // (1024 * 1024)} МБ при сжатии больше чем "
                f"в {MAX_RATIO} раз: это не похоже на таблицу Excel, файл не принят.",
            )
    if total > MAX_UNPACKED_BYTES:
        raise XlsxError(
            "xlsx_too_large",
            f"Файл XLSX распаковывается больше чем в {MAX_UNPACKED_BYTES // (1024 * 1024)} МБ. "
            "Разделите его на несколько файлов.",
        )


class _Workbook:
    """Where the first sheet, the shared strings and the styles are; the date system."""

    def __init__(self, zf: zipfile.ZipFile) -> None:
        self.date1904 = False
        self.first_rid: str | None = None
        self.sheets: list[str] = []

        def wb_start(name: str, attrs: dict[str, str]) -> None:
            tag = _local(name)
            if tag == "workbookPr":
                self.date1904 = attrs.get("date1904", "0").lower() in ("1", "true")
            elif tag == "sheet" and self.first_rid is None:
                # r:id, whichever relationships namespace (transitional or strict OOXML) it is in.
                self.first_rid = next((v for k, v in attrs.items() if " " in k and _local(k) == "id"), None)

        names = set(zf.namelist())
        if "xl/workbook.xml" not in names:
            raise XlsxError("broken_xlsx", f"{BROKEN}: в архиве нет книги (xl/workbook.xml).")
        _feed(zf, "xl/workbook.xml", _parser(wb_start))
        targets: dict[str, str] = {}
        self.shared_strings: str | None = None
        self.styles: str | None = None

        def rel_start(name: str, attrs: dict[str, str]) -> None:
            if _local(name) != "Relationship":
                return
            target = attrs.get("Target", "")
            path = target.lstrip("/") if target.startswith("/") else posixpath.normpath("xl/" + target)
            kind = attrs.get("Type", "").rsplit("/", 1)[-1]
            targets[attrs.get("Id", "")] = path
            if kind == "sharedStrings":
                self.shared_strings = path
            elif kind == "styles":
                self.styles = path
            elif kind == "worksheet":
                self.sheets.append(path)

        if "xl/_rels/workbook.xml.rels" in names:
            _feed(zf, "xl/_rels/workbook.xml.rels", _parser(rel_start))
        first = targets.get(self.first_rid or "")
        if first is None or first not in names:
            raise XlsxError("empty_file", "В книге нет ни одного листа.")
        self.first_sheet = first
        if self.shared_strings not in names:
            self.shared_strings = None
        if self.styles not in names:
            self.styles = None


def _check_prologs(zf: zipfile.ZipFile) -> None:
    """No part may declare a DTD: read each one only up to its root element."""

    def stop(*_args: Any) -> None:
        raise _Stop

    for name in zf.namelist():
        if name.endswith((".xml", ".rels")):
            _feed(zf, name, _parser(stop))


def _check_dimensions(zf: zipfile.ZipFile, sheets: list[str], max_rows: int) -> None:
    """Refuse a declared used range beyond the limits; read only up to ``<sheetData>``."""
    for name in sheets:

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = _local(tag)
            if local == "dimension":
                _check_range(attrs.get("ref", ""), max_rows)
                raise _Stop
            if local == "sheetData":
                raise _Stop

        _feed(zf, name, _parser(start))


def _check_range(ref: str, max_rows: int) -> None:
    m = _DIMENSION.match(ref.strip().upper())
    if m is None:
        return  # an odd dimension is ignored: the reader never relies on it
    cols = [_col_index(c) for c in (m.group(1), m.group(3)) if c]
    rows = [int(r) for r in (m.group(2), m.group(4)) if r]
    if cols and max(cols) > MAX_COLUMNS:
        raise XlsxError(
            "too_many_columns",
            f"Лист объявляет {max(cols)} столбцов (диапазон {ref}), а в таблице заказов их не больше "
            f"{MAX_COLUMNS}. Скопируйте данные на новый лист и сохраните файл заново.",
        )
    if rows and max(rows) > max_rows + 1 + BLANK_ROW_SLACK:
        raise XlsxError(
            "too_many_rows",
            f"Лист объявляет {max(rows)} строк (диапазон {ref}), а в файле может быть не больше "
            f"{max_rows} строк. Разделите его на несколько файлов.",
        )


def _is_date_format(code: str) -> bool:
    code = re.sub(r'"[^"]*"|\\.|\[[^\]]*\]', "", code.split(";", 1)[0])
    return bool(re.search(r"[dmyhs]", code, re.IGNORECASE))


def _date_styles(zf: zipfile.ZipFile, name: str | None) -> set[int]:
    """Indexes of the cell formats (``s=`` of a cell) that show a date."""
    if name is None:
        return set()
    custom: dict[int, str] = {}
    xf_formats: list[int] = []
    state = {"in_xfs": False}

    def start(tag: str, attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "numFmt":
            with contextlib.suppress(ValueError):
                custom[int(attrs.get("numFmtId", "-1"))] = attrs.get("formatCode", "")
        elif local == "cellXfs":
            state["in_xfs"] = True
        elif local == "xf" and state["in_xfs"]:
            try:
                xf_formats.append(int(attrs.get("numFmtId", "0")))
            except ValueError:
                xf_formats.append(0)

    def end(tag: str) -> None:
        if _local(tag) == "cellXfs":
            raise _Stop

    _feed(zf, name, _parser(start, end))
    return {
        i
        for i, fmt in enumerate(xf_formats)
        if fmt in _BUILTIN_DATE_FORMATS or (fmt in custom and _is_date_format(custom[fmt]))
    }


def _shared_strings(zf: zipfile.ZipFile, name: str | None) -> list[str]:
    if name is None:
        return []
    out: list[str] = []
    parts: list[str] = []
    state = {"depth_rph": 0, "in_t": False}

    def start(tag: str, _attrs: dict[str, str]) -> None:
        local = _local(tag)
        if local == "si":
            parts.clear()
        elif local == "rPh":  # phonetic hints (Japanese): not part of the text
            state["depth_rph"] += 1
        elif local == "t" and not state["depth_rph"]:
            state["in_t"] = True

    def end(tag: str) -> None:
        local = _local(tag)
        if local == "si":
            out.append("".join(parts))
        elif local == "rPh":
            state["depth_rph"] -= 1
        elif local == "t":
            state["in_t"] = False

    def text(data: str) -> None:
        if state["in_t"]:
            parts.append(data)

    p = _parser(start, end)
    p.CharacterDataHandler = text
    _feed(zf, name, p)
    return out


def _from_serial(serial: float, date1904: bool) -> dt.datetime:
    base = dt.datetime(1904, 1, 1) if date1904 else dt.datetime(1899, 12, 30)
    return base + dt.timedelta(days=serial)


class Sheet:
    """The first sheet of a workbook, checked; :meth:`rows` streams ``(row number, cells)``."""

    def __init__(self, content: bytes, max_rows: int) -> None:
        try:
            self._zf = zipfile.ZipFile(io.BytesIO(content))
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise XlsxError("broken_xlsx", f"{BROKEN} ({type(exc).__name__}).") from None
        _check_archive(self._zf)
        _check_prologs(self._zf)
        self._wb = _Workbook(self._zf)
        _check_dimensions(self._zf, self._wb.sheets or [self._wb.first_sheet], max_rows)

    def rows(self) -> Iterator[tuple[int, list[Any]]]:
        """Rows that have at least one cell, in file order. Cells past the last one present are
        not padded; a cell beyond :data:`MAX_COLUMNS` is a file problem (no order file has one)."""
        strings = _shared_strings(self._zf, self._wb.shared_strings)
        dates = _date_styles(self._zf, self._wb.styles)
        date1904 = self._wb.date1904
        ready: list[tuple[int, list[Any]]] = []
        row: dict[int, Any] = {}
        cur = _Cursor()
        buf: list[str] = []

        def start(tag: str, attrs: dict[str, str]) -> None:
            local = _local(tag)
            if local == "row":
                row.clear()
                r = attrs.get("r")
                cur.row = int(r) if r and r.isdigit() else cur.row + 1
                cur.col = 0
            elif local == "c":
                ref = attrs.get("r")
                m = _CELL_REF.match(ref) if ref else None
                col = _col_index(m.group(1)) if m else cur.col + 1
                if col > MAX_COLUMNS:
                    raise XlsxError(
                        "too_many_columns",
                        f"В строке {cur.row} заполнена ячейка {ref} — дальше {MAX_COLUMNS}-го столбца: "
                        "это не таблица заказов. Скопируйте данные на новый лист.",
                    )
                cur.col = col
                cur.type = attrs.get("t", "n")
                s = attrs.get("s")
                cur.style = int(s) if s and s.isdigit() else -1
                buf.clear()
            elif local in ("v", "t"):
                cur.text = True
                if local == "v":
                    buf.clear()  # a formula's cached value replaces nothing else

        def end(tag: str) -> None:
            local = _local(tag)
            if local in ("v", "t"):
                cur.text = False
            elif local == "c":
                row[cur.col] = _value("".join(buf), cur.type, cur.style, strings, dates, date1904, cur)
            elif local == "row":
                if row:
                    width = max(row)
                    cells = [None] * width
                    for c, v in row.items():
                        cells[c - 1] = v
                    ready.append((cur.row, cells))
                row.clear()

        def text(data: str) -> None:
            if cur.text:
                buf.append(data)

        p = _parser(start, end)
        p.CharacterDataHandler = text
        batches: list[list[tuple[int, list[Any]]]] = []

        def hand_over() -> None:
            if ready:
                batches.append(ready[:])
                ready.clear()

        # expat calls back while it parses a chunk; hand the finished rows out after each chunk.
        stream = self._zf.open(self._wb.first_sheet)
        try:
            while True:
                try:
                    chunk = stream.read(CHUNK)
                    p.Parse(chunk, not chunk)
                except expat.ExpatError as exc:
                    raise XlsxError(
                        "broken_xlsx",
                        f"{BROKEN}: лист повреждён около строки {cur.row} (ошибка XML: {expat.ErrorString(exc.code)}).",
                    ) from None
                except (zipfile.BadZipFile, EOFError, OSError, RuntimeError) as exc:
                    raise XlsxError(
                        "broken_xlsx",
                        f"{BROKEN}: лист повреждён около строки {cur.row} ({type(exc).__name__}).",
                    ) from None
                hand_over()
                while batches:
                    yield from batches.pop(0)
                if not chunk:
                    return
        finally:
            stream.close()


def _value(
    raw: str, kind: str, style: int, strings: list[str], dates: set[int], date1904: bool, cur: _Cursor
) -> Any:
    if kind == "s":
        try:
            return strings[int(raw)]
        except (ValueError, IndexError):
            raise XlsxError(
                "broken_xlsx", f"{BROKEN}: строка {cur.row} ссылается на несуществующий текст."
            ) from None
    if kind in ("str", "inlineStr", "e"):
        return raw
    if kind == "b":
        return raw.strip() in ("1", "true")
    if kind == "d":
        try:
            return dt.datetime.fromisoformat(raw.strip())
        except ValueError:
            return raw
    if raw == "":
        return None
    try:
        number = float(raw)
    except ValueError:
        return raw
    if style in dates and 0 < number < 2_958_466:  # up to 9999-12-31
        return _from_serial(number, date1904)
    return int(number) if number.is_integer() else number
