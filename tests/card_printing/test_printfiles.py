"""Print files: the batch PDF (page count, exact CR80 page size, valid cross-reference table, pages
that decode back to the card), per-card PNGs, the preview, and packing lists."""

from __future__ import annotations

import csv
import io
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image, ImageChops
from pyzbar import pyzbar

from card_printing.packing_list import PackingRow, packing_list_csv
from card_printing.printfiles import preview_png, write_batch_pdf, write_card_pngs
from card_printing.render import CardRenderer, TextPatch
from card_printing.template import load_named_template


def check_pdf_structure(data: bytes) -> tuple[int, list[tuple[float, float]]]:
    """Page count and media boxes; fails unless every xref offset points at its object."""
    xref_at = int(re.search(rb"startxref\n(\d+)\n%%EOF\n$", data).group(1))
    header = re.match(rb"xref\n0 (\d+)\n", data[xref_at:])
    size = int(header.group(1))
    entries = data[xref_at + header.end() : xref_at + header.end() + 20 * size]
    for object_id in range(1, size):
        offset = int(entries[object_id * 20 : object_id * 20 + 10])
        assert data[offset:].startswith(f"{object_id} 0 obj".encode()), object_id
    boxes = [(float(w), float(h)) for w, h in re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", data)]
    count = int(re.search(rb"/Type /Pages /Kids \[[^\]]*\] /Count (\d+)", data).group(1))
    return count, boxes


@pytest.mark.parametrize("workers", [1, 2])
def test_batch_pdf_pages_and_size(tmp_path: Path, renderer, make_card, workers: int) -> None:
    cards = [make_card() for _ in range(5)]
    path = tmp_path / "batch.pdf"
    assert write_batch_pdf(iter(cards), renderer, path, workers=workers) == 5
    count, boxes = check_pdf_structure(path.read_bytes())
    assert count == 10 and len(boxes) == 10
    # CR80: 85.60 x 53.98 mm in points.
    assert all(abs(w - 242.646) < 0.01 and abs(h - 153.014) < 0.01 for w, h in boxes)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_batch_pdf_page_decodes_back(tmp_path: Path, renderer, make_card) -> None:
    card = make_card()
    path = tmp_path / "one.pdf"
    write_batch_pdf([card], renderer, path, workers=1)
    subprocess.run(
        ["pdftoppm", "-r", "300", "-f", "2", "-l", "2", "-png", str(path), str(tmp_path / "p")], check=True
    )
    with Image.open(next(tmp_path.glob("p-*2.png"))) as page:
        found = {c.data.decode() for c in pyzbar.decode(page.convert("L"))}
    assert found == {card.card_number, card.payload}


def test_batch_pdf_shares_background_and_draws_symbols_as_masks(renderer, make_card) -> None:
    out = io.BytesIO()
    write_batch_pdf([make_card() for _ in range(3)], renderer, out, workers=1)
    data = out.getvalue()
    canvas = renderer.canvas
    full = rb"/Width %d /Height %d " % (canvas.width_px, canvas.height_px)
    assert data.count(full) == 2  # one static layer per face, drawn by all six pages
    assert data.count(b"/ImageMask true") == 3 * 2  # barcode and QR of each card: 1-bit masks
    assert b"/Interpolate true" not in data


def _far_pixels(a: Image.Image, b: Image.Image) -> int:
    """Pixels whose grey levels differ by more than half the range."""
    return sum(ImageChops.difference(a, b).histogram()[129:])


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_batch_pdf_pages_look_like_the_rendered_card(tmp_path: Path, renderer, make_card) -> None:
    """Rasterised at 300 dpi every member-dependent area of a page matches the rendered face. Poppler
    resamples by a fraction of a pixel (the card is 637.56 px high), so some edge pixels differ; a
    missing or misplaced text or symbol differs in most of its ink, which the static layer shows."""
    card = make_card()
    path = tmp_path / "one.pdf"
    write_batch_pdf([card], renderer, path, workers=1)
    subprocess.run(["pdftoppm", "-r", "300", "-png", str(path), str(tmp_path / "p")], check=True)
    ox, oy = renderer.canvas.offset_px
    for number, side in ((1, "front"), (2, "back")):
        with Image.open(next(tmp_path.glob(f"p-*{number}.png"))) as page:
            page = page.convert("L")
        expected = renderer.render_face(card, side).convert("L")
        static = renderer.static_layer(side).convert("L")
        for patch in renderer.render_patches(card, side):
            width, height = patch.image.size if isinstance(patch, TextPatch) else patch.symbol.size_px
            box = (patch.left, patch.top, patch.left + width, patch.top + height)
            on_page = page.crop((box[0] - ox, box[1] - oy, box[2] - ox, box[3] - oy))
            wanted, blank = expected.crop(box), static.crop(box)
            assert _far_pixels(on_page, wanted) * 4 < _far_pixels(blank, wanted), (side, box)


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_batch_pdf_stores_repeated_texts_once(tmp_path: Path, make_card) -> None:
    """Organisation, region, given names and date repeat over a batch: their crops are written once
    and drawn by later pages, which must still look like the rendered card."""
    renderer = CardRenderer(load_named_template("union_default"))  # empty caches
    cards = [make_card() for _ in range(4)]
    path = tmp_path / "batch.pdf"
    write_batch_pdf(cards, renderer, path, workers=1)
    data = path.read_bytes()
    text_patches = sum(
        isinstance(patch, TextPatch)
        for card in cards
        for side in ("front", "back")
        for patch in renderer.render_patches(card, side)
    )
    rgb_images = data.count(b"/ColorSpace /DeviceRGB") - 2  # minus the two static layers
    assert rgb_images < text_patches - 4  # the third and fourth card reuse the repeated crops
    last = cards[-1]
    subprocess.run(["pdftoppm", "-r", "300", "-f", "7", "-png", str(path), str(tmp_path / "p")], check=True)
    ox, oy = renderer.canvas.offset_px
    for number, side in ((7, "front"), (8, "back")):
        with Image.open(next(tmp_path.glob(f"p-*{number}.png"))) as page:
            page = page.convert("L")
        expected = renderer.render_face(last, side).convert("L")
        static = renderer.static_layer(side).convert("L")
        for patch in renderer.render_patches(last, side):
            width, height = patch.image.size if isinstance(patch, TextPatch) else patch.symbol.size_px
            box = (patch.left, patch.top, patch.left + width, patch.top + height)
            on_page = page.crop((box[0] - ox, box[1] - oy, box[2] - ox, box[3] - oy))
            wanted, blank = expected.crop(box), static.crop(box)
            assert _far_pixels(on_page, wanted) * 4 < _far_pixels(blank, wanted), (side, box)


def test_card_pngs(tmp_path: Path, renderer, make_card) -> None:
    card = make_card()
    paths = write_card_pngs([card], renderer, tmp_path)
    assert [p.name for p in paths] == [f"{card.card_number}-front.png", f"{card.card_number}-back.png"]
    with Image.open(paths[1]) as back:
        assert back.size == (renderer.canvas.width_px, renderer.canvas.height_px)
        assert round(back.info["dpi"][0]) == 300


def test_preview_png(renderer, make_card) -> None:
    data = preview_png(make_card(), renderer)
    with Image.open(io.BytesIO(data)) as preview:
        assert preview.format == "PNG" and preview.mode == "RGBA"
        assert preview.width == round(1011 * 0.5)
        assert preview.getpixel((0, 0))[3] == 0  # rounded corner is transparent


ROWS = [
    PackingRow("Тверская областная", "4276000000000017", "Петров Пётр Петрович", "ППО школы № 1"),
    PackingRow("Алтайская краевая", "4276000000000025", "Иванова Мария", "ППО лицея № 2"),
    PackingRow("Тверская областная", "4276000000000033", "Сидоров Иван", "ППО школы № 1"),
]


def test_packing_list_csv() -> None:
    data = packing_list_csv(ROWS)
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:3] == ["Регион", "№ п/п", "Номер карты"]
    assert [(r[0], r[1]) for r in rows[1:]] == [
        ("Алтайская краевая", "1"),
        ("Тверская областная", "1"),
        ("Тверская областная", "2"),
    ]
