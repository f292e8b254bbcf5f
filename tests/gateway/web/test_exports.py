"""Downloads people open in Excel: XLSX read back with openpyxl (types, formats, widths, frozen
header, totals), CSV for Russian Excel (``;``, decimal comma), and no formula ever live."""

from __future__ import annotations

import csv
import datetime as dt
import io
from typing import Any

import pytest
from openpyxl import load_workbook
from sqlalchemy.orm import Session

from gateway.models import PrintBatch
from gateway.web.exports import Column, csv_bytes, xlsx_bytes
from tests.factories import make_member
from tests.gateway.web.helpers import order_cards, produce_batch

HOSTILE = ['=HYPERLINK("http://evil.example","ok")', "+7 999", "-1+2", "@SUM(A1)", "\t=1", "\r=1"]


def test_xlsx_cells_starting_like_formulas_stay_text_and_readable() -> None:
    data = xlsx_bytes("Лист", ["Имя"], [[v] for v in HOSTILE])
    ws = load_workbook(io.BytesIO(data)).active
    cells = [row[0] for row in ws.iter_rows(min_row=2)]
    assert [c.value for c in cells] == HOSTILE  # the text as typed
    assert all(c.data_type == "s" for c in cells)  # strings, not formulas
    assert all(c.quotePrefix for c in cells)  # and they stay text when edited in Excel


def test_csv_cells_starting_like_formulas_get_an_apostrophe() -> None:
    text = csv_bytes(["Имя"], [[v] for v in HOSTILE + ["Петрова-Водкина"]]).decode("utf-8-sig")
    cells = [r[0] for r in csv.reader(io.StringIO(text, newline=""), delimiter=";")][1:]
    assert cells == ["'" + v for v in HOSTILE] + ["Петрова-Водкина"]


def test_xlsx_types_formats_widths_frozen_header_and_totals() -> None:
    header = [
        Column("Партия", "int"),
        Column("Дата", "date"),
        Column("Региональная организация", width=45),
        Column("Карт", "int", total=True),
        Column("Сумма, ₽", "money", total=True),
    ]
    rows = [
        (1, dt.date(2026, 3, 1), "Московская городская", 300, 28500.0),
        (2, dt.date(2026, 3, 2), "Тверская областная", 107, 10165.5),
    ]
    ws = load_workbook(io.BytesIO(xlsx_bytes("Ведомость", header, rows))).active
    assert ws.freeze_panes == "A2"
    assert [c.font.b for c in ws[1]] == [True] * 5
    assert ws.column_dimensions["C"].width == 45
    assert ws.column_dimensions["B"].width >= 12
    first = ws[2]
    assert isinstance(first[1].value, dt.datetime) and first[1].number_format == "DD.MM.YYYY"
    assert first[3].value == 300 and first[3].data_type == "n" and first[3].number_format == "#,##0"
    assert first[4].number_format == "#,##0.00"
    total = [c.value for c in ws[4]]
    assert total[0] == "Итого" and total[3] == 407 and total[4] == pytest.approx(38665.5)
    assert all(c.font.b for c in ws[4])


def test_csv_for_russian_excel_semicolons_decimal_comma_dates() -> None:
    header = [Column("Дата", "date"), Column("Карт", "int", total=True), Column("Сумма", "money", total=True)]
    text = csv_bytes(header, [(dt.date(2026, 3, 1), 3, 285.0), (dt.date(2026, 3, 2), 1, 95.5)])
    lines = text.decode("utf-8-sig").splitlines()
    assert text.startswith(b"\xef\xbb\xbf")
    assert lines == ["Дата;Карт;Сумма", "01.03.2026;3;285,00", "02.03.2026;1;95,50", "Итого;4;380,50"]


@pytest.fixture()
def produced(db: Session, settings: Any, world: dict[str, Any]) -> PrintBatch:
    hostile = make_member(db, world["p77"], surname='=HYPERLINK("http://evil.example")', name="+Ольга")
    order_cards(db, settings, [world["m77"], world["m50"], hostile])
    return produce_batch(db, settings)


def test_cost_statement_xlsx_has_dates_numbers_and_the_total_of_the_page(
    login_as: Any, produced: Any
) -> None:
    client = login_as("operator")
    page = client.get("/reports/costs").text
    ws = load_workbook(io.BytesIO(client.get("/reports/costs.xlsx").data)).active
    rows = list(ws.iter_rows(min_row=2))
    *lines, total = rows
    assert all(isinstance(r[1].value, dt.datetime) for r in lines)
    assert all(isinstance(r[5].value, int) and isinstance(r[7].value, int | float) for r in lines)
    assert all(r[7].number_format == "#,##0.00" for r in lines)
    assert [c.value for c in total][0] == "Итого"
    assert total[5].value == 3 and total[7].value == pytest.approx(285.0)
    assert "285,00" in page  # the same total as on the page
    assert rows[0][2].value == "Отправлена в регион"  # a batch is feminine


def test_packing_list_csv_of_a_hostile_name_is_neutralised(login_as: Any, produced: Any) -> None:
    client = login_as("operator")
    body = client.get(f"/batches/{produced.id}/packing/77.csv").data.decode("utf-8-sig")
    names = [r[3] for r in csv.reader(io.StringIO(body, newline=""), delimiter=";")][1:]
    assert any(n.startswith("'=HYPERLINK") for n in names)
    assert not any(n.startswith(("=", "+", "-", "@")) for n in names)
