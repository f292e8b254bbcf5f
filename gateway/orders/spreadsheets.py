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
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from gateway.errors import DomainError, Problem
from gateway.models import CardForm, OrderReason
from gateway.orders.intake import OrderRequest
from gateway.orders.xlsx import Sheet, XlsxError


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
    "форма": "form",
    "форма билета": "form",
    "form": "form",
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

# The form column is optional: an empty cell is a plastic card, as before the column existed.
FORM_ALIASES: dict[str, CardForm] = {
    "": CardForm.PLASTIC,
    "пластик": CardForm.PLASTIC,
    "пластиковая": CardForm.PLASTIC,
    "пластиковая карта": CardForm.PLASTIC,
    "plastic": CardForm.PLASTIC,
    "виртуальная": CardForm.VIRTUAL,
    "виртуальный": CardForm.VIRTUAL,
    "электронная": CardForm.VIRTUAL,
    "только номер": CardForm.VIRTUAL,
    "virtual": CardForm.VIRTUAL,
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
    text, encoding = _decode_text(content)
    # Anywhere in the file, not only in its first 4 KB: a NUL byte is never in a table's text
    # (PostgreSQL refuses it in a text column), so the file is refused before any row is written.
    nul = text.find("\x00")
    if nul >= 0:
        line = text.count("\n", 0, nul) + 1
        raise FileProblem(
            "nul_byte",
            f"Файл повреждён: в строке {line} есть нулевые байты — это не текстовая таблица. " + CSV_HINT,
        )
    return text, encoding


def _decode_text(content: bytes) -> tuple[str, str]:
    if content.startswith(codecs.BOM_UTF8):
        try:
            return content[len(codecs.BOM_UTF8) :].decode("utf-8", errors="strict"), "utf-8"
        except UnicodeDecodeError as exc:
            raise _broken_midway(content, exc.start) from None
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
    except UnicodeDecodeError as exc:
        # A UTF-8 file that stops being UTF-8 half-way (two files glued together, a broken copy)
        # would otherwise be read as Windows-1251 from the start, its names garbled.
        if _looks_utf8(content[: exc.start]):
            raise _broken_midway(content, exc.start) from None
    # Windows-1251 decodes almost any byte string, so the header check below is what catches a
    # file in yet another encoding (KOI8-R, a DOS code page): its column names come out garbled.
    try:
        return content.decode("cp1251"), "cp1251"
    except UnicodeDecodeError:
        raise FileProblem(
            "unreadable_encoding", "Не удалось определить кодировку файла. " + CSV_HINT
        ) from None


def _looks_utf8(prefix: bytes) -> bool:
    """Cyrillic letters encoded as UTF-8 before the first invalid byte. Windows-1251 Russian text
    breaks UTF-8 within its first letters (two letters in a row are never a valid sequence), so a
    few valid Cyrillic UTF-8 letters mean the file was UTF-8 and broke later."""
    text = prefix.decode("utf-8", errors="ignore")
    return sum(1 for ch in text if "\u0400" <= ch <= "\u04ff") >= 3


def _broken_midway(content: bytes, position: int) -> FileProblem:
    line = content.count(b"\n", 0, position) + 1
    return FileProblem(
        "broken_encoding",
        f"Файл повреждён: со строки {line} текст перестаёт быть в кодировке UTF-8 "
        "(части файла сохранены в разных кодировках). " + CSV_HINT,
    )


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
        known = "«Код 1С», «Фамилия», «Имя», «Отчество», «Дата рождения», «Организация», «Причина», «Форма»"
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
    form = FORM_ALIASES.get(_norm(_cell_text(values.get("form"))))
    if form is None:
        problems.append(
            Problem(
                "invalid_form",
                f"Форма билета «{values.get('form')}» не распознана: укажите «пластиковая» или «виртуальная».",
                "form",
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
            form=form,  # type: ignore[arg-type]
        ),
        [],
    )


def _blank(cells: list[Any]) -> bool:
    for c in cells:  # noqa: SIM110 - a plain loop: it runs for every row of the file
        if c is not None and (not isinstance(c, str) or c.strip()):
            return False
    return True


def _rows_from_cells(
    header: list[str | None], cells_iter: Iterator[tuple[int, list[Any]]], max_rows: int
) -> Iterator[ParsedRow]:
    width = len(header)
    for row_no, cells in _counted(cells_iter, max_rows):
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


def _counted(cells_iter: Iterator[tuple[int, list[Any]]], max_rows: int) -> Iterator[tuple[int, list[Any]]]:
    """The data rows, blank ones left out; more than ``max_rows`` of them is a problem of the file."""
    count = 0
    for row_no, cells in cells_iter:
        if _blank(cells):
            continue  # blank lines at the end of an Excel export
        count += 1
        if count > max_rows:
            raise FileProblem(
                "too_many_rows", f"В файле больше {max_rows} строк. Разделите его на несколько файлов."
            )
        yield row_no, cells


@dataclass
class _Opened:
    info: SheetInfo
    header: list[str | None]
    cells: Iterator[tuple[int, list[Any]]]


def _open(content: bytes, max_rows: int) -> _Opened:
    if not content.strip():
        raise FileProblem("empty_file", "Файл пустой.")
    if content.startswith(b"PK\x03\x04"):
        return _open_xlsx(content, max_rows)
    return _open_csv(content)


def check_file(content: bytes, max_rows: int) -> str:
    """What can be refused at once, cheaply, while the clerk waits: returns the file's format.

    A CSV's encoding and header are checked here. An XLSX is only inspected as an archive (sizes,
    compression ratio, DTDs, declared dimensions) — reading its sheets is the worker's job, so a
    hostile workbook never costs the web process more than a look at the zip directory.
    """
    if not content.strip():
        raise FileProblem("empty_file", "Файл пустой.")
    if content.startswith(b"PK\x03\x04"):
        _xlsx_sheet(content, max_rows)
        return "xlsx"
    return _open_csv(content).info.file_format


def open_sheet(content: bytes, max_rows: int) -> tuple[SheetInfo, Iterator[ParsedRow]]:
    """Detect the format and read the header; return the rows as a lazy iterator."""
    opened = _open(content, max_rows)
    return opened.info, _rows_from_cells(opened.header, opened.cells, max_rows)


def count_data_rows(content: bytes, max_rows: int) -> int:
    """The first pass over a file: read all of it, count its data rows, find every problem of the
    *file* (broken quoting, NUL bytes, a broken encoding, too many rows, broken sheet XML) before a
    single order is written. Problems of a row are left to the second pass."""
    opened = _open(content, max_rows)
    return sum(1 for _ in _counted(opened.cells, max_rows))


def _open_csv(content: bytes) -> _Opened:
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

    def cells() -> Iterator[tuple[int, list[Any]]]:
        row_no = 1
        while True:
            # The line the record starts on: an unclosed quote makes the reader run to the end of
            # the file, so ``line_num`` at the error is the last line, not the broken one.
            start = reader.line_num + 1
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:
                raise FileProblem(
                    "broken_csv",
                    f"Файл повреждён в строке {start}: {exc}. Проверьте кавычки в ячейках.",
                ) from None
            row_no += 1
            yield row_no, record

    return _Opened(info, header, cells())


def _xlsx_sheet(content: bytes, max_rows: int) -> Sheet:
    try:
        return Sheet(content, max_rows)
    except XlsxError as exc:
        raise FileProblem(exc.code, exc.message) from None


def _open_xlsx(content: bytes, max_rows: int) -> _Opened:
    sheet = _xlsx_sheet(content, max_rows)

    def cells() -> Iterator[tuple[int, list[Any]]]:
        try:
            yield from sheet.rows()
        except XlsxError as exc:
            raise FileProblem(exc.code, exc.message) from None

    rows = cells()
    for row_no, first in rows:
        if row_no != 1:
            break  # the header must be the sheet's first row
        header = _map_header([_cell_text(c) for c in first])
        return _Opened(SheetInfo("xlsx", [h for h in header if h]), header, rows)
    raise FileProblem(
        "empty_file", "Первая строка первого листа книги пустая: в ней должны быть названия столбцов."
    )
