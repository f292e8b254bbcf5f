"""Reading order spreadsheets: UTF-8 CSV, Windows-1251 CSV with ``;`` (Russian Excel), XLSX.

The encoding and delimiter are detected; a file that cannot be read gets a :class:`FileProblem`
that says why in words a regional clerk understands. Rows are yielded one by one so a large file is
never held as Python objects all at once.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import uuid
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gateway.errors import DomainError, Problem
from gateway.models import OrderReason
from gateway.orders.intake import OrderRequest


class FileProblem(DomainError):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(code=code, message=message, status=422)


def _norm(text: str) -> str:
    return " ".join(text.replace("\ufeff", "").strip().lower().replace("ё", "е").split())


COLUMN_ALIASES: dict[str, str] = {
    "код 1с": "member_ref",
    "код члена профсоюза": "member_ref",
    "ссылка 1с": "member_ref",
    "guid": "member_ref",
    "member_ref": "member_ref",
    "фамилия": "surname",
    "surname": "surname",
    "имя": "name",
    "name": "name",
    "отчество": "patronymic",
    "patronymic": "patronymic",
    "дата рождения": "birth_date",
    "birth_date": "birth_date",
    "организация": "organisation",
    "код организации": "organisation",
    "код ппо": "organisation",
    "organisation": "organisation",
    "причина": "reason",
    "причина выпуска": "reason",
    "reason": "reason",
}
# Row-number columns that Russian spreadsheets nearly always have; they carry no data.
IGNORED_COLUMNS = {"№", "№ п/п", "n", "no", "номер", "номер строки"}

REASON_ALIASES: dict[str, OrderReason] = {
    "": OrderReason.FIRST,
    "первичный": OrderReason.FIRST,
    "первичная": OrderReason.FIRST,
    "первичный выпуск": OrderReason.FIRST,
    "выпуск": OrderReason.FIRST,
    "first": OrderReason.FIRST,
    "утеря": OrderReason.LOST,
    "утрата": OrderReason.LOST,
    "перевыпуск: утеря": OrderReason.LOST,
    "lost": OrderReason.LOST,
    "порча": OrderReason.DAMAGED,
    "повреждение": OrderReason.DAMAGED,
    "перевыпуск: порча": OrderReason.DAMAGED,
    "damaged": OrderReason.DAMAGED,
    "смена фио": OrderReason.NAME_CHANGED,
    "смена фамилии": OrderReason.NAME_CHANGED,
    "перевыпуск: смена фио": OrderReason.NAME_CHANGED,
    "name_changed": OrderReason.NAME_CHANGED,
}

CSV_HINT = (
    "Сохраните таблицу в Excel как «CSV UTF-8» или «CSV (разделители — точки с запятой)», "
    "либо загрузите файл XLSX."
)


@dataclass(slots=True)
class ParsedRow:
    row: int  # as numbered in the spreadsheet: the header is row 1
    request: OrderRequest | None
    problems: list[Problem]


@dataclass
class SheetInfo:
    file_format: str  # "csv-utf-8;", "csv-cp1251;", "xlsx"
    columns: list[str]


def _decode(content: bytes) -> tuple[str, str]:
    if content.startswith(codecs.BOM_UTF8):
        return content[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8"
    if content.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return content.decode("utf-16"), "utf-16"
        except UnicodeDecodeError:
            raise FileProblem(
                "unreadable_encoding", "Файл повреждён: не удалось прочитать текст. " + CSV_HINT
            ) from None
    if b"\x00" in content[:4096]:
        raise FileProblem("not_a_table", "Файл не похож на таблицу (CSV или XLSX). " + CSV_HINT)
    try:
        return content.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # Windows-1251 decodes almost any byte string, so the header check below is what catches a
    # file in yet another encoding (KOI8-R, a DOS code page): its column names come out garbled.
    try:
        return content.decode("cp1251"), "cp1251"
    except UnicodeDecodeError:
        raise FileProblem(
            "unreadable_encoding", "Не удалось определить кодировку файла. " + CSV_HINT
        ) from None


def _map_header(cells: list[str]) -> list[str | None]:
    mapped: list[str | None] = []
    unknown: list[str] = []
    seen: set[str] = set()
    for cell in cells:
        key = _norm(cell)
        if key in IGNORED_COLUMNS or key == "":
            mapped.append(None)
            continue
        col = COLUMN_ALIASES.get(key)
        if col is None:
            unknown.append(cell.strip())
            mapped.append(None)
            continue
        if col in seen:
            raise FileProblem("duplicate_column", f"Столбец «{cell.strip()}» встречается в файле дважды.")
        seen.add(col)
        mapped.append(col)
    if unknown:
        known = "«Код 1С», «Фамилия», «Имя», «Отчество», «Дата рождения», «Организация», «Причина»"
        # Not one column recognised: far more often a wrong encoding than a wrong template.
        garbled = not seen or any("\ufffd" in u for u in unknown)
        hint = " Похоже, файл сохранён в другой кодировке. " + CSV_HINT if garbled else ""
        raise FileProblem(
            "unknown_columns",
            f"Неизвестные столбцы: {', '.join('«' + u + '»' for u in unknown)}. Допустимые столбцы: {known}.{hint}",
        )
    if "member_ref" not in seen and not {"surname", "name", "birth_date"} <= seen:
        raise FileProblem(
            "missing_columns",
            "В файле нет столбцов для поиска члена Профсоюза: нужен «Код 1С» или «Фамилия», «Имя» и «Дата рождения».",
        )
    return mapped


def _parse_date(value: Any) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = str(value).strip()
    if len(text) == 10 and text[2] == "." and text[5] == "." and text.replace(".", "").isdigit():
        # ДД.ММ.ГГГГ, nearly every row of a file: strptime costs ten times as much.
        return dt.date(int(text[6:]), int(text[3:5]), int(text[:2]))
    for fmt in ("%d.%m.%Y", "%Y-%m-%d", "%d/%m/%Y", "%d.%m.%y"):
        try:
            parsed = dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
        if fmt == "%d.%m.%y" and parsed.year > dt.date.today().year:
            parsed = parsed.replace(year=parsed.year - 100)
        return parsed
    raise ValueError(text)


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


def _build(row_no: int, values: dict[str, Any]) -> ParsedRow:
    problems: list[Problem] = []
    ref: uuid.UUID | None = None
    ref_text = _cell_text(values.get("member_ref"))
    if ref_text:
        try:
            ref = uuid.UUID(ref_text)
        except ValueError:
            problems.append(
                Problem("invalid_member_ref", f"Код 1С «{ref_text}» не похож на GUID.", "member_ref", row_no)
            )
    birth: dt.date | None = None
    raw_birth = values.get("birth_date")
    if raw_birth not in (None, ""):
        try:
            birth = _parse_date(raw_birth)
        except ValueError:
            problems.append(
                Problem(
                    "invalid_date",
                    f"Дата рождения «{raw_birth}» не распознана: укажите ДД.ММ.ГГГГ.",
                    "birth_date",
                    row_no,
                )
            )
        else:
            if not dt.date(1900, 1, 1) <= birth <= dt.date.today():
                problems.append(
                    Problem(
                        "invalid_date", f"Недопустимая дата рождения {birth:%d.%m.%Y}.", "birth_date", row_no
                    )
                )
    reason_text = _norm(_cell_text(values.get("reason")))
    reason = REASON_ALIASES.get(reason_text)
    if reason is None:
        problems.append(
            Problem(
                "invalid_reason",
                f"Причина «{values.get('reason')}» не распознана: укажите «первичный», «утеря», «порча» или «смена ФИО».",
                "reason",
                row_no,
            )
        )
    if problems:
        return ParsedRow(row_no, None, problems)
    return ParsedRow(
        row_no,
        OrderRequest(
            reason=reason,  # type: ignore[arg-type]
            member_ref=ref,
            surname=_cell_text(values.get("surname")) or None,
            name=_cell_text(values.get("name")) or None,
            patronymic=_cell_text(values.get("patronymic")) or None,
            birth_date=birth,
            organisation=_cell_text(values.get("organisation")) or None,
            row=row_no,
        ),
        [],
    )


def _blank(cells: list[Any]) -> bool:
    for c in cells:  # noqa: SIM110 - a plain loop: it runs for every row of the file
        if c is not None and (not isinstance(c, str) or c.strip()):
            return False
    return True


def _rows_from_cells(
    header: list[str | None], cells_iter: Iterator[list[Any]], max_rows: int
) -> Iterator[ParsedRow]:
    width = len(header)
    count = 0
    for row_no, cells in enumerate(cells_iter, start=2):
        if _blank(cells):
            continue  # blank lines at the end of an Excel export
        count += 1
        if count > max_rows:
            raise FileProblem(
                "too_many_rows", f"В файле больше {max_rows} строк. Разделите его на несколько файлов."
            )
        extra = [c for c in cells[width:] if _cell_text(c) != ""]
        if extra:
            yield ParsedRow(
                row_no,
                None,
                [
                    Problem(
                        "malformed_row",
                        f"В строке {len(cells)} ячеек, а в заголовке {width}: проверьте разделители и кавычки.",
                        None,
                        row_no,
                    )
                ],
            )
            continue
        values = {col: cells[i] for i, col in enumerate(header) if col is not None and i < len(cells)}
        yield _build(row_no, values)


def open_sheet(content: bytes, max_rows: int) -> tuple[SheetInfo, Iterator[ParsedRow]]:
    """Detect the format and read the header; return the rows as a lazy iterator."""
    if not content.strip():
        raise FileProblem("empty_file", "Файл пустой.")
    if content.startswith(b"PK\x03\x04"):
        return _open_xlsx(content, max_rows)
    text, encoding = _decode(content)
    first_line = text.split("\n", 1)[0]
    delimiter = max([";", ",", "\t"], key=first_line.count)
    if first_line.count(delimiter) == 0:
        delimiter = ";"
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    try:
        header_cells = next(reader)
    except StopIteration:
        raise FileProblem("empty_file", "Файл пустой.") from None
    except csv.Error as exc:
        raise FileProblem("broken_csv", f"Не удалось прочитать заголовок файла: {exc}. " + CSV_HINT) from None
    header = _map_header(header_cells)
    info = SheetInfo(
        f"csv-{encoding}-{'tab' if delimiter == chr(9) else delimiter}", [h for h in header if h]
    )

    def cells() -> Iterator[list[Any]]:
        try:
            yield from reader
        except csv.Error as exc:
            raise FileProblem(
                "broken_csv",
                f"Файл повреждён около строки {reader.line_num}: {exc}. Проверьте кавычки в ячейках.",
            ) from None

    return info, _rows_from_cells(header, cells(), max_rows)


def _open_xlsx(content: bytes, max_rows: int) -> tuple[SheetInfo, Iterator[ParsedRow]]:
    import openpyxl  # imported here: only uploads of XLSX files pay for it

    try:
        wb = openpyxl.load_workbook(io.BytesIO(content), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileProblem(
            "broken_xlsx", f"Файл XLSX повреждён или это не книга Excel ({type(exc).__name__})."
        ) from None
    ws = wb.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    try:
        header_cells = [_cell_text(c) for c in next(rows)]
    except StopIteration:
        raise FileProblem("empty_file", "Первый лист книги пустой.") from None
    header = _map_header(header_cells)
    info = SheetInfo("xlsx", [h for h in header if h])
    return info, _rows_from_cells(header, (list(r) for r in rows), max_rows)


def count_data_rows(content: bytes, max_rows: int) -> int:
    _info, rows = open_sheet(content, max_rows)
    return sum(1 for _ in rows)
