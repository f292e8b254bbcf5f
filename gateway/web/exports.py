"""Tables as downloads people open in Russian Excel: CSV (``;``, decimal comma, UTF-8 BOM) and XLSX
(column widths, a frozen bold header, dates as dates, numbers as numbers, a totals row).

Every text cell goes through :func:`neutralise` (OWASP's CSV-injection rule): a value that starts
with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return — a member's name can — would otherwise
become a live formula when the file is opened. In CSV such a value gets a leading apostrophe; in
XLSX the cell is written as a string (never as a formula, which openpyxl would make of any ``=…``)
with Excel's quote prefix, so the text reads exactly as typed and stays text when edited.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from flask import Response
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from gateway.texts import ru

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
TOTAL_LABEL = "Итого"

# Excel number formats per kind of column (shown in Russian Excel with its own separators).
_XLSX_FORMATS = {
    "int": "#,##0",
    "money": "#,##0.00",
    "decimal": "0.00",
    "date": "DD.MM.YYYY",
    "datetime": "DD.MM.YYYY HH:MM",
}
_DEFAULT_WIDTHS = {"int": 12, "money": 14, "decimal": 12, "date": 12, "datetime": 17, "text": 18}


@dataclass(frozen=True)
class Column:
    """One column of a download: its title, the kind of its values, and whether it is summed."""

    title: str
    kind: str = "text"  # text, int, money, decimal, date, datetime
    width: float | None = None  # in characters; default by kind, never narrower than the title
    total: bool = False


def neutralise(value: str) -> str:
    """The text of a CSV cell that no spreadsheet will take for a formula."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def _columns(header: Sequence[Column | str]) -> list[Column]:
    return [c if isinstance(c, Column) else Column(c) for c in header]


def _csv_text(value: Any, kind: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ru.YES_NO[value]
    if isinstance(value, dt.datetime):
        return value.strftime("%d.%m.%Y %H:%M")
    if isinstance(value, dt.date):
        return value.strftime("%d.%m.%Y")
    if isinstance(value, float | Decimal):
        digits = 2 if kind in ("money", "decimal") else None
        text = f"{value:.{digits}f}" if digits is not None else f"{value}"
        return text.replace(".", ",")  # Russian Excel reads a decimal comma as a number
    if isinstance(value, int):
        return str(value)
    return neutralise(str(value))


class _Totals:
    def __init__(self, columns: list[Column]) -> None:
        self.columns = columns
        self.sums: list[float | int | Decimal | None] = [0 if c.total else None for c in columns]

    def add(self, row: Sequence[Any]) -> None:
        for i, value in enumerate(row):
            total = self.sums[i]
            if total is not None and isinstance(value, int | float | Decimal):
                self.sums[i] = _add(total, value)

    @property
    def wanted(self) -> bool:
        return any(c.total for c in self.columns)

    def row(self) -> list[Any]:
        out: list[Any] = [round(s, 2) if isinstance(s, float) else s for s in self.sums]
        label_at = next((i for i, c in enumerate(self.columns) if not c.total), 0)
        out[label_at] = TOTAL_LABEL
        return out


def _add(total: float | int | Decimal, value: float | int | Decimal) -> float | int | Decimal:
    """Decimal and float do not add (TypeError): a sum that meets a Decimal becomes one."""
    if isinstance(total, Decimal) or isinstance(value, Decimal):
        return Decimal(str(total)) + Decimal(str(value))
    return total + value


def csv_bytes(header: Sequence[Column | str], rows: Iterable[Sequence[Any]]) -> bytes:
    columns = _columns(header)
    totals = _Totals(columns)
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow([neutralise(c.title) for c in columns])
    for row in rows:
        totals.add(row)
        writer.writerow([_csv_text(v, c.kind) for v, c in zip(row, columns, strict=False)])
    if totals.wanted:
        writer.writerow([_csv_text(v, c.kind) for v, c in zip(totals.row(), columns, strict=False)])
    return buf.getvalue().encode("utf-8-sig")


def _xlsx_cell(ws: Any, value: Any, column: Column, *, bold: bool = False) -> Cell:
    if isinstance(value, Decimal):
        value = float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        from gateway.web.formatting import DISPLAY_TZ

        value = value.astimezone(DISPLAY_TZ).replace(tzinfo=None)  # Excel has no time zones
    cell = WriteOnlyCell(ws, value=value)
    if isinstance(value, str):
        # Always a string, never a formula, whatever the text starts with.
        cell.data_type = "s"
        if value.startswith(FORMULA_STARTS):
            cell.alignment = Alignment(horizontal="left")
            cell.quotePrefix = True
    elif column.kind in _XLSX_FORMATS and value is not None:
        cell.number_format = _XLSX_FORMATS[column.kind]
    if bold:
        cell.font = Font(bold=True)
    return cell


def xlsx_bytes(title: str, header: Sequence[Column | str], rows: Iterable[Sequence[Any]]) -> bytes:
    columns = _columns(header)
    totals = _Totals(columns)
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    # Write-only sheets take their layout before the first row.
    ws.freeze_panes = "A2"
    for i, c in enumerate(columns, start=1):
        width = max(c.width or _DEFAULT_WIDTHS.get(c.kind, 18), min(len(c.title) + 2, 40))
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.append([_xlsx_cell(ws, c.title, Column(c.title), bold=True) for c in columns])
    last = 1
    for row in rows:
        totals.add(row)
        ws.append([_xlsx_cell(ws, v, c) for v, c in zip(row, columns, strict=False)])
        last += 1
    if totals.wanted:
        ws.append([_xlsx_cell(ws, v, c, bold=True) for v, c in zip(totals.row(), columns, strict=False)])
    if last > 1:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{last}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def table_download(
    fmt: str,
    filename: str,
    title: str,
    header: Sequence[Column | str],
    rows: Iterable[Sequence[Any]],
) -> Response:
    """``fmt`` is ``csv`` or ``xlsx``; the caller has checked it."""
    if fmt == "xlsx":
        body, mime = xlsx_bytes(title, header, rows), XLSX_MIME
    else:
        body, mime = csv_bytes(header, rows), "text/csv; charset=utf-8"
    return Response(
        body, mimetype=mime, headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'}
    )
