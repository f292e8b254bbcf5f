"""Packing lists (описи) for dispatching produced cards to the regions, as CSV and as PDF.

The CSV is ``;``-separated UTF-8 with a BOM, which Russian Excel opens with Cyrillic intact. The PDF
has one section per region starting on a new A4 page, drawn with the vendored DejaVu font and
embedded as page images by the streaming PDF writer (no extra PDF library needed).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import groupby
from pathlib import Path
from typing import BinaryIO

from PIL import Image, ImageDraw

from card_printing.card_data import format_card_number
from card_printing.pdf_writer import Placement, StreamingPdfWriter, compress_image
from card_printing.template import FONTS_DIR
from card_printing.text_fit import load_font

A4_MM = (210.0, 297.0)
DPI = 150
ROWS_PER_PAGE = 38
CSV_HEADER = ["Регион", "№ п/п", "Номер карты", "ФИО члена Профсоюза", "Организация"]


@dataclass(frozen=True, slots=True)
class PackingRow:
    region: str
    card_number: str
    member_name: str
    organisation: str


def _sorted(rows: Iterable[PackingRow]) -> list[PackingRow]:
    return sorted(rows, key=lambda r: (r.region, r.organisation, r.member_name, r.card_number))


def packing_list_csv(rows: Iterable[PackingRow]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for _, group in groupby(_sorted(rows), key=lambda r: r.region):
        for index, row in enumerate(group, start=1):
            writer.writerow([row.region, index, row.card_number, row.member_name, row.organisation])
    return buffer.getvalue().encode("utf-8-sig")


def _px(mm: float) -> int:
    return round(mm * DPI / 25.4)


def _ellipsize(draw: ImageDraw.ImageDraw, text: str, font: object, width: int) -> str:
    if draw.textlength(text, font=font) <= width:  # type: ignore[arg-type]
        return text
    while text and draw.textlength(text + "…", font=font) > width:  # type: ignore[arg-type]
        text = text[:-1]
    return text + "…"


def write_packing_list_pdf(rows: Iterable[PackingRow], output: str | Path | BinaryIO, batch_title: str,
                           date: dt.date | None = None) -> int:
    """Write the PDF; returns the page count."""
    if isinstance(output, str | Path):
        with open(output, "wb") as stream:
            return write_packing_list_pdf(rows, stream, batch_title, date)
    date = date or dt.date.today()
    page_w, page_h = _px(A4_MM[0]), _px(A4_MM[1])
    points = (A4_MM[0] * 72 / 25.4, A4_MM[1] * 72 / 25.4)
    writer = StreamingPdfWriter(output, *points)
    regular = load_font(FONTS_DIR / "DejaVuSans.ttf", round(9 * DPI / 72))
    bold = load_font(FONTS_DIR / "DejaVuSans-Bold.ttf", round(12 * DPI / 72))
    columns = [(_px(15), "№"), (_px(25), "Номер карты"), (_px(70), "ФИО"), (_px(130), "Организация")]
    right_edge = page_w - _px(15)
    for region, group in groupby(_sorted(rows), key=lambda r: r.region):
        region_rows = list(group)
        pages = [region_rows[i : i + ROWS_PER_PAGE] for i in range(0, len(region_rows), ROWS_PER_PAGE)]
        for page_index, page_rows in enumerate(pages):
            image = Image.new("RGB", (page_w, page_h), "white")
            draw = ImageDraw.Draw(image)
            y = _px(15)
            draw.text((_px(15), y), f"Опись карт ЭПБ — {region}", font=bold, fill="black")
            y += _px(8)
            draw.text((_px(15), y), f"{batch_title} · {date:%d.%m.%Y} · карт в описи: {len(region_rows)} · "
                      f"лист {page_index + 1} из {len(pages)}", font=regular, fill="black")
            y += _px(10)
            for x, title in columns:
                draw.text((x, y), title, font=regular, fill="black")
            y += _px(5)
            draw.line((_px(15), y, right_edge, y), fill="black", width=2)
            y += _px(2)
            for offset, row in enumerate(page_rows):
                number = page_index * ROWS_PER_PAGE + offset + 1
                cells = [str(number), format_card_number(row.card_number), row.member_name, row.organisation]
                for column, (x, _) in enumerate(columns):
                    limit = (columns[column + 1][0] if column + 1 < len(columns) else right_edge) - x - _px(2)
                    draw.text((x, y), _ellipsize(draw, cells[column], regular, limit), font=regular, fill="black")
                y += _px(5.8)
            if page_index == len(pages) - 1:
                y += _px(10)
                draw.text((_px(15), y), "Передал: ____________________     Принял: ____________________",
                          font=regular, fill="black")
            image_id = writer.add_image(*compress_image(image, level=6))
            writer.add_page([Placement(image_id, 0, 0, *points)])
    if writer.page_count == 0:
        image_id = writer.add_image(*compress_image(Image.new("RGB", (page_w, page_h), "white")))
        writer.add_page([Placement(image_id, 0, 0, *points)])
    writer.close()
    return writer.page_count
