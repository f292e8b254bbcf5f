"""Reading order spreadsheets: encodings, delimiters, XLSX, and every way a file can be bad."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from gateway.models import OrderReason
from gateway.orders.spreadsheets import FileProblem, open_sheet

HEADER = "№;Фамилия;Имя;Отчество;Дата рождения;Организация;Причина\r\n"
ROWS = "1;Семёнова;Ольга;Юрьевна;02.01.1975;P77-1;первичный\r\n2;Иванов;Иван;;1980-05-17;P77-1;утеря\r\n"


def read(content: bytes, max_rows: int = 1000):  # type: ignore[no-untyped-def]
    info, rows = open_sheet(content, max_rows)
    return info, list(rows)


def test_windows_1251_semicolon_csv_from_russian_excel() -> None:
    info, rows = read((HEADER + ROWS).encode("cp1251"))
    assert info.file_format == "csv-cp1251-;"
    assert [r.row for r in rows] == [2, 3]
    first = rows[0].request
    assert first.surname == "Семёнова" and first.birth_date == dt.date(1975, 1, 2)
    assert first.reason is OrderReason.FIRST and first.organisation == "P77-1"
    assert rows[1].request.reason is OrderReason.LOST and rows[1].request.patronymic is None


def test_utf8_with_bom_and_commas() -> None:
    text = (HEADER + ROWS).replace(";", ",")
    info, rows = read(b"\xef\xbb\xbf" + text.encode("utf-8"))
    assert info.file_format == "csv-utf-8-,"
    assert rows[0].request.surname == "Семёнова"


def test_xlsx_with_real_dates() -> None:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["Фамилия", "Имя", "Отчество", "Дата рождения", "Причина"])
    ws.append(["Петрова", "Анна", "Ивановна", dt.datetime(1990, 3, 4), "Порча"])
    ws.append([None, None, None, None, None])
    buf = io.BytesIO()
    wb.save(buf)
    info, rows = read(buf.getvalue())
    assert info.file_format == "xlsx" and len(rows) == 1
    assert rows[0].request.birth_date == dt.date(1990, 3, 4) and rows[0].request.reason is OrderReason.DAMAGED


@pytest.mark.parametrize(
    ("content", "code"),
    [
        (b"", "empty_file"),
        (b"   \r\n", "empty_file"),
        ("Фамилия;Имя;Цвет глаз\r\n".encode(), "unknown_columns"),
        ("Фамилия;Имя\r\nИванов;Иван\r\n".encode(), "missing_columns"),
        ("Фамилия;Фамилия;Имя;Дата рождения\r\n".encode(), "duplicate_column"),
        (b"PK\x03\x04 this is not really a zip", "broken_xlsx"),
        (b"\x00\x01\x02\x03binary", "not_a_table"),
    ],
)
def test_unreadable_files_say_why(content: bytes, code: str) -> None:
    with pytest.raises(FileProblem) as exc:
        read(content)
    assert exc.value.code == code
    assert exc.value.message  # a Russian sentence


def test_koi8_file_is_recognised_as_wrong_encoding() -> None:
    with pytest.raises(FileProblem) as exc:
        read((HEADER + ROWS).replace("№", "N").encode("koi8-r"))
    assert exc.value.code == "unknown_columns"
    assert "кодировке" in exc.value.message


def test_row_level_problems_keep_the_row_number() -> None:
    text = (
        HEADER
        + "1;Иванова;Мария;;31.02.1980;;\r\n2;Петрова;Анна;;01.01.1990;;кража\r\n3;Сидорова;Ирина;;01.01.1991;;;;лишнее\r\n"
    )
    _info, rows = read(text.encode("utf-8"))
    assert [(r.row, r.problems[0].code) for r in rows] == [
        (2, "invalid_date"),
        (3, "invalid_reason"),
        (4, "malformed_row"),
    ]


def test_broken_quoting_is_reported_with_line() -> None:
    text = 'Фамилия;Имя;Дата рождения\r\n"Иванова;Мария;01.01.1980\r\n'
    info, rows = open_sheet(text.encode("utf-8"), 100)
    with pytest.raises(FileProblem) as exc:
        list(rows)
    assert exc.value.code == "broken_csv"


def test_too_many_rows() -> None:
    text = "Фамилия;Имя;Дата рождения\n" + "Иванова;Мария;01.01.1980\n" * 11
    _info, rows = open_sheet(text.encode(), 10)
    with pytest.raises(FileProblem) as exc:
        list(rows)
    assert exc.value.code == "too_many_rows"
