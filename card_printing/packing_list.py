"""Packing lists (описи) that travel with a region's cards, as CSV and as PDF.

The CSV is ``;``-separated UTF-8 with a BOM, which Russian Excel opens with Cyrillic intact; a
value that starts like a formula is neutralised (OWASP's CSV-injection rule). The PDF is real text
made with fpdf2 (selectable, searchable, printed as sharp as the printer can), DejaVu for Cyrillic:
one section per region starting on a new landscape A4 page, the title and the column headings on every page,
names and organisations wrapped inside their column rather than cut, «Лист N из M» at the foot, and
a signature block for the person handing the cards over and the one receiving them.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import Any, BinaryIO

from fpdf import FPDF
from fpdf.fonts import FontFace

from card_printing.card_data import format_card_number
from card_printing.template import FONTS_DIR

CSV_HEADER = ["Регион", "№ п/п", "Номер карты", "ФИО члена Профсоюза", "Организация"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FONT = "DejaVu"
# A4 landscape, 15 mm margins: 267 mm of table, so a full name (up to ~60 letters) stays on one
# line and long organisation names take two lines at most.
COLUMN_WIDTHS_MM = (12, 42, 100, 113)
COLUMN_TITLES = ("№", "Номер карты", "ФИО члена Профсоюза", "Организация")


@dataclass(frozen=True, slots=True)
class PackingRow:
    region: str
    card_number: str
    member_name: str
    organisation: str


def _sorted(rows: Iterable[PackingRow]) -> list[PackingRow]:
    return sorted(rows, key=lambda r: (r.region, r.organisation, r.member_name, r.card_number))


def _safe(value: str) -> str:
    # Same rule as gateway.web.exports.neutralise (card_printing does not import the web package).
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def packing_list_csv(rows: Iterable[PackingRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for _, group in groupby(_sorted(rows), key=lambda r: r.region):
        for index, row in enumerate(group, start=1):
            writer.writerow(
                [_safe(row.region), index, row.card_number, _safe(row.member_name), _safe(row.organisation)]
            )
    return buffer.getvalue().encode("utf-8-sig")


class _PackingPdf(FPDF):
    """Title and page numbers drawn by fpdf2's page hooks, so every page carries them."""

    def __init__(self, batch_title: str, date: dt.date) -> None:
        super().__init__(orientation="L", unit="mm", format="A4")
        self.batch_title = batch_title
        self.date = date
        self.region = ""
        self.region_count = 0
        self.set_margins(15, 15, 15)
        self.set_auto_page_break(auto=True, margin=18)
        self.add_font(FONT, "", str(FONTS_DIR / "DejaVuSans.ttf"))
        self.add_font(FONT, "B", str(FONTS_DIR / "DejaVuSans-Bold.ttf"))

    def header(self) -> None:
        self.set_font(FONT, "B", 12)
        self.multi_cell(0, 6, f"Опись карт ЭПБ — {self.region}", new_x="LMARGIN", new_y="NEXT")
        self.set_font(FONT, "", 9)
        self.cell(
            0,
            5,
            f"{self.batch_title} · {self.date:%d.%m.%Y} · карт в описи: {self.region_count}",
            new_x="LMARGIN",
            new_y="NEXT",
        )
        self.ln(2)

    def footer(self) -> None:
        self.set_y(-12)
        self.set_font(FONT, "", 8)
        self.cell(0, 5, f"Лист {self.page_no()} из {{nb}}", align="R")


def _signatures(pdf: FPDF, count: int) -> None:
    if pdf.will_page_break(42):
        pdf.add_page()
    pdf.ln(4)
    pdf.set_font(FONT, "B", 9)
    pdf.cell(0, 6, f"Всего карт по описи: {count}", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font(FONT, "", 9)
    for role in ("Передал", "Принял"):
        pdf.cell(25, 6, f"{role}:")
        pdf.cell(60, 6, "", border="B")
        pdf.cell(5, 6, "")
        pdf.cell(60, 6, "", border="B")
        pdf.cell(5, 6, "")
        pdf.cell(25, 6, "", border="B", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 7)
        pdf.cell(25, 4, "")
        pdf.cell(60, 4, "подпись")
        pdf.cell(5, 4, "")
        pdf.cell(60, 4, "фамилия и инициалы")
        pdf.cell(5, 4, "")
        pdf.cell(25, 4, "дата", new_x="LMARGIN", new_y="NEXT")
        pdf.set_font(FONT, "", 9)
        pdf.ln(5)


def write_packing_list_pdf(
    rows: Iterable[PackingRow], output: str | Path | BinaryIO, batch_title: str, date: dt.date | None = None
) -> int:
    """Write the PDF; returns the page count."""
    pdf = _PackingPdf(batch_title, date or dt.date.today())
    pdf.set_title(f"Опись карт ЭПБ — {batch_title}")
    pdf.set_creator("Шлюз ЭПБ")
    heading = FontFace(emphasis="BOLD", fill_color=(235, 238, 242))
    sections: list[tuple[str, list[PackingRow]]] = [
        (region, list(group)) for region, group in groupby(_sorted(rows), key=lambda r: r.region)
    ]
    if not sections:
        sections = [("карт нет", [])]
    for region, region_rows in sections:
        pdf.region, pdf.region_count = region, len(region_rows)
        pdf.add_page()
        pdf.set_font(FONT, "", 9)
        table_args: dict[str, Any] = {
            "col_widths": COLUMN_WIDTHS_MM,
            "width": sum(COLUMN_WIDTHS_MM),
            "headings_style": heading,
            "line_height": 5,
            "repeat_headings": 1,
            "text_align": ("RIGHT", "LEFT", "LEFT", "LEFT"),
        }
        with pdf.table(**table_args) as table:
            table.row(COLUMN_TITLES)
            for index, row in enumerate(region_rows, start=1):
                table.row(
                    (str(index), format_card_number(row.card_number), row.member_name, row.organisation)
                )
        _signatures(pdf, len(region_rows))
    data = bytes(pdf.output())
    if isinstance(output, str | Path):
        Path(output).write_bytes(data)
    else:
        output.write(data)
    return pdf.pages_count
