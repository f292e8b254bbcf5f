"""Tables as downloads: CSV that Russian Excel opens by double-click (``;``, UTF-8 BOM) and XLSX."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from flask import Response
from openpyxl import Workbook
from openpyxl.styles import Font

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow(["" if v is None else v for v in row])
    return buf.getvalue().encode("utf-8-sig")


def xlsx_bytes(title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    wb = Workbook(write_only=True)
    ws = wb.create_sheet(title[:31])
    ws.append([_bold(ws, h) for h in header])
    for row in rows:
        ws.append(list(row))
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _bold(ws: Any, value: str) -> Any:
    from openpyxl.cell import WriteOnlyCell

    cell = WriteOnlyCell(ws, value=value)
    cell.font = Font(bold=True)
    return cell


def table_download(
    fmt: str, filename: str, title: str, header: Sequence[str], rows: Iterable[Sequence[Any]]
) -> Response:
    """``fmt`` is ``csv`` or ``xlsx``; the caller has checked it."""
    if fmt == "xlsx":
        body, mime = xlsx_bytes(title, header, rows), XLSX_MIME
    else:
        body, mime = csv_bytes(header, rows), "text/csv; charset=utf-8"
    return Response(
        body, mimetype=mime, headers={"Content-Disposition": f'attachment; filename="{filename}.{fmt}"'}
    )
