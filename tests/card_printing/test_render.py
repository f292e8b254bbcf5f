"""Rendering: every field lands on the card, long names fit inside the safe margin, and the barcode and
QR code decode back (with zbar, an independent decoder) at the printer's resolution."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import ImageChops
from pyzbar import pyzbar

from card_printing import payload
from card_printing.abbreviations import shorten_organisation
from card_printing.card_data import CardData
from card_printing.render import CardRenderer, TextPatch
from card_printing.template import (
    CR80_HEIGHT_MM,
    CR80_WIDTH_MM,
    TemplateError,
    TextElement,
    load_named_template,
    load_template,
)
from card_printing.text_fit import TextDoesNotFitError

LONG = {
    "surname": "Константинопольская-Преображенская",
    "name": "Александра-Мария",
    "patronymic": "Вячеславовна-Оглы",
    "organisation_name": (
        "Первичная профсоюзная организация муниципального бюджетного общеобразовательного учреждения "
        "«Средняя общеобразовательная школа № 117 с углублённым изучением отдельных предметов имени "
        "Героя Советского Союза А. И. Покрышкина» городского округа"
    ),
    "region_name": "Межрегиональная организация Санкт-Петербурга и Ленинградской области Общероссийского "
    "Профсоюза образования",
}


def safe_area_px(renderer: CardRenderer) -> tuple[int, int, int, int]:
    canvas = renderer.canvas
    ox, oy = canvas.offset_px
    margin = canvas.mm_to_px(renderer.template.safe_margin_mm)
    return (
        ox + margin,
        oy + margin,
        ox + canvas.mm_to_px(CR80_WIDTH_MM) - margin,
        oy + canvas.mm_to_px(CR80_HEIGHT_MM) - margin,
    )


def test_faces_have_printer_canvas_size(renderer: CardRenderer, make_card) -> None:
    images = renderer.render(make_card())
    canvas = renderer.template.canvas
    assert images.front.size == images.back.size == (canvas.width_px, canvas.height_px)
    assert images.front.mode == "RGB"


def test_every_member_field_is_laid_out(renderer: CardRenderer, make_card) -> None:
    card = make_card()
    front = {p.element.field: " ".join(p.fitted.lines) for p in renderer.text_layout(card, "front")}
    assert front["surname"] == "ИВАНОВА"  # the design sets the surname in capitals
    assert front["given_names"] == "Мария Петровна"
    assert front["organisation_name"] == card.organisation_name
    assert front["region_name"] == card.region_name
    assert front["card_number_formatted"] == card.card_number_formatted
    assert front["issue_date"] == "01.09.2024"


def test_field_ink_is_drawn_where_laid_out(renderer: CardRenderer, make_card) -> None:
    card = make_card()
    blank = renderer.render(make_card(surname="", name="", patronymic="")).front
    image = renderer.render(card).front
    surname = next(p for p in renderer.text_layout(card, "front") if p.element.field == "surname")
    diff = ImageChops.difference(image.crop(surname.bbox_px), blank.crop(surname.bbox_px)).convert("L")
    inked = sum(diff.point(lambda v: 255 if v > 64 else 0).histogram()[255:])
    assert inked > 200  # the surname put real ink in its box


@pytest.mark.parametrize("side", ["front", "back"])
def test_long_names_shrink_and_wrap_inside_box_and_safe_margin(
    renderer: CardRenderer, make_card, side
) -> None:
    card = make_card(**LONG)
    safe = safe_area_px(renderer)
    for placed in renderer.text_layout(card, side):
        left, top, right, bottom = placed.bbox_px
        box = renderer.box_px(placed.element.box)
        assert box[0] <= left and right <= box[2] and box[1] <= top and bottom <= box[3], placed.element.field
        inside_safe = safe[0] <= left and right <= safe[2] and safe[1] <= top and bottom <= safe[3]
        assert inside_safe, placed.element.field
        # Nothing was dropped: the lines joined give back the (upper-cased) text.
        expected = card.field_value(placed.element.field)
        expected = expected.upper() if placed.element.uppercase else expected
        if placed.element.abbreviate:  # shortened by the documented rule, nothing else dropped
            expected = (
                shorten_organisation(expected) if placed.element.field == "organisation_name" else expected
            )
        assert "".join(placed.fitted.lines).replace(" ", "") == expected.replace(" ", "")
    layout = {p.element.field: p for p in renderer.text_layout(card, "front")}
    surname = layout["surname"]
    assert len(surname.fitted.lines) == 2  # too long for one line even at the smallest size
    assert surname.fitted.size_px < round(surname.element.size_pt * 300 / 72)
    assert len(layout["organisation_name"].fitted.lines) == 3


def test_short_name_keeps_full_size_on_one_line(renderer: CardRenderer, make_card) -> None:
    surname = next(
        p for p in renderer.text_layout(make_card(surname="Ли"), "front") if p.element.field == "surname"
    )
    assert surname.fitted.lines == ("ЛИ",)
    assert surname.fitted.size_px == round(surname.element.size_pt * 300 / 72)


def test_text_that_cannot_fit_fails_loudly(renderer: CardRenderer, make_card) -> None:
    with pytest.raises(TextDoesNotFitError):
        renderer.render(make_card(surname="Ы" * 400))


def test_barcode_decodes_to_card_number_at_printer_resolution(renderer: CardRenderer, make_card) -> None:
    card = make_card()
    back = renderer.render(card).back
    assert renderer.canvas.dpi == 300
    codes = [c for c in pyzbar.decode(back.convert("L")) if c.type == "CODE128"]
    assert [c.data.decode() for c in codes] == [card.card_number]


def test_barcode_modules_are_whole_dots(renderer: CardRenderer, make_card) -> None:
    card = make_card()
    back = renderer.render(card).back.convert("L")
    element = next(e for e in renderer.template.back.elements if e.__class__.__name__ == "BarcodeElement")
    left, top, right, bottom = renderer.box_px(element.box)
    row = [1 if v < 128 else 0 for v in back.crop((left, top + 5, right, top + 6)).tobytes()]
    runs, current, count = [], row[0], 0
    for value in row:
        if value == current:
            count += 1
        else:
            runs.append((current, count))
            current, count = value, 1
    runs.append((current, count))
    bar_runs = [n for v, n in runs[1:-1]]  # inner runs: bars and spaces between the quiet zones
    assert all(n % element.module_dots == 0 for n in bar_runs)
    assert runs[0][0] == 0 and runs[-1][0] == 0  # quiet zones are white
    assert sum(bar_runs) == 123 * element.module_dots  # 16 digits in code set C: 123 modules


def test_qr_decodes_to_verifiable_signed_payload(renderer: CardRenderer, make_card, signing_key) -> None:
    card = make_card()
    back = renderer.render(card).back
    codes = [c for c in pyzbar.decode(back.convert("L")) if c.type == "QRCODE"]
    assert len(codes) == 1
    text = codes[0].data.decode()
    assert text == card.payload
    verified = payload.verify_text(text, signing_key.public_key())
    assert verified.card_number == card.card_number
    assert verified.member_ref == card.member_ref


def test_codes_still_decode_for_long_names(renderer: CardRenderer, make_card) -> None:
    card = make_card(**LONG)
    types = sorted(c.type for c in pyzbar.decode(renderer.render(card).back.convert("L")))
    assert types == ["CODE128", "QRCODE"]


@pytest.mark.parametrize("fields", [{}, LONG, {"patronymic": ""}], ids=["usual", "long", "no-patronymic"])
def test_patches_over_static_layer_are_the_rendered_face(renderer: CardRenderer, make_card, fields) -> None:
    """The batch PDF stores only the patches: drawn over the static layer they must give the very
    pixels of the rendered face (text crops as they are, symbols as white box + mask)."""
    card = make_card(**fields)
    for side in ("front", "back"):
        rebuilt = renderer.static_layer(side).copy()
        for patch in renderer.render_patches(card, side):
            if isinstance(patch, TextPatch):
                rebuilt.paste(patch.image, (patch.left, patch.top))
            else:
                width, height = patch.symbol.size_px
                box = (patch.left, patch.top, patch.left + width, patch.top + height)
                rebuilt.paste((255, 255, 255), box)
                rebuilt.paste(patch.color, box, patch.symbol.mask())
        assert ImageChops.difference(rebuilt, renderer.render_face(card, side)).getbbox() is None, side


def test_repeated_texts_from_the_cache_give_the_same_pixels(make_card) -> None:
    """A text seen before is pasted as a cached crop of the static layer with the text drawn in:
    the face must be the very pixels of one whose texts were blended in (first sighting)."""
    card = make_card(**LONG)
    cached = CardRenderer(load_named_template("union_default"))
    for _ in range(3):  # first blends, second makes the crops, third uses them
        faces = cached.render(card)
    assert cached._composites  # the cached path really ran
    fresh = CardRenderer(load_named_template("union_default")).render(card)
    for got, want in ((faces.front, fresh.front), (faces.back, fresh.back)):
        assert ImageChops.difference(got, want).getbbox() is None
    shared = [p for p in cached.render_patches(card, "front") if isinstance(p, TextPatch) and p.shared_key]
    assert shared


def test_symbols_at_one_sample_per_module(renderer: CardRenderer, make_card) -> None:
    card = make_card()
    barcode, qr = [p for p in renderer.render_patches(card, "back") if not isinstance(p, TextPatch)]
    assert barcode.symbol.modules.size == (123 + 20, 1)  # 16 digits in code set C + two quiet zones
    assert qr.symbol.dots_x == qr.symbol.dots_y >= 3
    assert qr.symbol.modules.width == qr.symbol.modules.height


def _write_variant(tmp_path: Path, replace: tuple[str, str]) -> Path:
    source = Path(__file__).resolve().parents[2] / "config" / "cards" / "union_default.toml"
    text = source.read_text(encoding="utf-8")
    assert replace[0] in text
    target = tmp_path / "variant.toml"
    target.write_text(text.replace(replace[0], replace[1], 1), encoding="utf-8")
    for image in source.parent.glob("*.png"):  # images are found next to the design file
        (tmp_path / image.name).write_bytes(image.read_bytes())
    return target


def test_canvas_without_bleed(tmp_path: Path, make_card) -> None:
    path = _write_variant(tmp_path, ("width_px = 1016\nheight_px = 648", "width_px = 1011\nheight_px = 638"))
    renderer = CardRenderer(load_template(path))
    card = make_card()
    back = renderer.render(card).back
    assert back.size == (1011, 638)
    assert {c.data.decode() for c in pyzbar.decode(back.convert("L"))} == {card.card_number, card.payload}


@pytest.mark.parametrize(
    ("replace", "message"),
    [
        (("size_pt = 15.0", 'size_pt = "big"'), "front.elements[5].size_pt: expected a number"),
        (
            ('bold = "DejaVuSans-Bold.ttf"', 'bold = "NoSuchFont.ttf"'),
            "fonts.bold: font file 'NoSuchFont.ttf' not found",
        ),
        (
            ('field = "surname"', 'field = "shoe_size"'),
            "front.elements[5].field: unknown card field 'shoe_size'",
        ),
        (('field = "surname"\nx_mm = 4.0', 'field = "surname"\nx_mm = 1.0'), "front.elements[5]: box"),
        (("width_px = 1016", "width_px = 900"), "canvas: 900x648 px is smaller than a CR80 card"),
        (('fill = "#1D4F91"', 'fill = "blue"'), "front.elements[0].fill: colour must be #RRGGBB"),
    ],
)
def test_template_errors_name_file_and_key(tmp_path: Path, replace: tuple[str, str], message: str) -> None:
    path = _write_variant(tmp_path, replace)
    with pytest.raises(TemplateError) as error:
        load_template(path)
    assert str(path) in str(error.value)
    assert message in str(error.value)


def test_text_elements_of_default_design_are_inside_safe_margin(renderer: CardRenderer) -> None:
    margin = renderer.template.safe_margin_mm
    for face in (renderer.template.front, renderer.template.back):
        for element in face.elements:
            if isinstance(element, TextElement):
                assert element.box.x_mm >= margin and element.box.right_mm <= CR80_WIDTH_MM - margin


def test_card_data_rejects_bad_luhn(make_card) -> None:
    card: CardData = make_card()
    bad = card.card_number[:-1] + str((int(card.card_number[-1]) + 1) % 10)
    with pytest.raises(ValueError, match="Luhn"):
        make_card(card_number=bad)
