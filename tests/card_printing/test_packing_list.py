"""The packing list as people use it: real text in the PDF (read back with poppler's pdftotext),
every name whole, the title and page numbers on each page, signatures; a CSV safe to open."""

from __future__ import annotations

import csv
import io
import shutil
import subprocess
from pathlib import Path

import pytest

from card_printing.packing_list import PackingRow, packing_list_csv, write_packing_list_pdf

LONG_ORG = (
    "Первичная профсоюзная организация муниципального бюджетного общеобразовательного учреждения "
    "«Средняя общеобразовательная школа № 1234 с углублённым изучением отдельных предметов»"
)
NAMES = [
    "Константинопольская Александра Вячеславовна",
    "Петров-Водкин Кузьма Сергеевич",
    "Ли Ён",
    "Иванова Мария Ивановна",
]


def _pdftotext(path: Path, *args: str) -> str:
    if shutil.which("pdftotext") is None:
        pytest.fail("pdftotext not found: install poppler-utils (./test.sh does)")
    return subprocess.run(
        ["pdftotext", *args, str(path), "-"], check=True, capture_output=True, text=True
    ).stdout


def test_pdf_is_text_with_every_name_whole_titles_page_numbers_and_signatures(tmp_path: Path) -> None:
    rows = [
        PackingRow("77 Московская городская организация", f"96430077{i:08d}", NAMES[i % 4], LONG_ORG)
        for i in range(70)
    ] + [PackingRow("50 Московская областная организация", "9643005000000017", "Смирнов Олег Ильич", "ППО")]
    path = tmp_path / "list.pdf"
    pages = write_packing_list_pdf(rows, path, "Партия № 7")
    text = _pdftotext(path, "-layout")
    lines = text.splitlines()
    # Every name stands whole on one line (nothing cut, nothing wrapped), once per card.
    for name in NAMES:
        assert sum(line.count(name) for line in lines) == sum(1 for r in rows if r.member_name == name), name
    assert "Смирнов Олег Ильич" in text
    assert "9643 0077 0000 0069" in text  # card numbers in groups of four
    # The long organisation name is wrapped inside its column, never cut with an ellipsis.
    assert "…" not in text and "углублённым" in text
    # Each page has the title and «Лист N из M»; each region section ends with signatures.
    page_texts = text.split("\f")[:pages]
    assert len(page_texts) == pages >= 3
    for n, page in enumerate(page_texts, start=1):
        assert "Опись карт ЭПБ — " in page
        assert f"Лист {n} из {pages}" in page
    assert text.count("Передал:") == 2 and text.count("Принял:") == 2
    assert "Всего карт по описи: 70" in text and "Всего карт по описи: 1" in text
    # The Moscow region starts on a page of its own, after the other region.
    first_77 = next(i for i, p in enumerate(page_texts) if "77 Московская городская" in p)
    assert "50 Московская областная" not in page_texts[first_77]


def test_empty_list_is_still_a_valid_document(tmp_path: Path) -> None:
    path = tmp_path / "empty.pdf"
    assert write_packing_list_pdf([], path, "Партия № 8") == 1
    assert "карт нет" in _pdftotext(path)


def test_csv_neutralises_formulas_but_keeps_the_text() -> None:
    rows = [
        PackingRow("77 Москва", "9643007700000017", '=HYPERLINK("http://x","y")', "+ППО"),
        PackingRow("77 Москва", "9643007700000025", "@Иванова", "-ППО"),
        PackingRow("77 Москва", "9643007700000033", "\tТабова", "\rППО"),
        PackingRow("77 Москва", "9643007700000041", "Петрова-Водкина Анна", "ППО № 1"),
    ]
    data = packing_list_csv(rows).decode("utf-8-sig")
    parsed = list(csv.reader(io.StringIO(data, newline=""), delimiter=";"))[1:]
    cells = [c for r in parsed for c in (r[3], r[4])]
    for cell in cells:
        assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), repr(cell)
    assert '\'=HYPERLINK("http://x","y")' in cells and "'@Иванова" in cells and "'-ППО" in cells
    assert "Петрова-Водкина Анна" in cells  # a hyphen inside a name is left alone
