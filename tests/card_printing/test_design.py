"""The card design's rules: no text below 6 pt (long organisation names are shortened by the
documented rule first), the footer band below the number and the issue date, an emblem slot."""

from __future__ import annotations

from pathlib import Path

import pytest
from PIL import ImageChops

from card_printing.abbreviations import shorten_organisation
from card_printing.render import CardRenderer
from card_printing.template import ImageElement, RectElement, TemplateError, TextElement, load_template
from card_printing.text_fit import HARD_FLOOR_PT

LONG_ORG = (
    "Первичная профсоюзная организация муниципального бюджетного общеобразовательного учреждения "
    "«Средняя общеобразовательная школа № 117 с углублённым изучением отдельных предметов имени "
    "Героя Советского Союза А. И. Покрышкина» городского округа"
)


def test_the_abbreviation_rule() -> None:
    assert shorten_organisation(LONG_ORG) == (
        "ППО МБОУ «СОШ № 117 с углублённым изучением отдельных предметов им. Героя Советского Союза "
        "А. И. Покрышкина» городского округа"
    )
    assert shorten_organisation("муниципальное казенное общеобразовательное учреждение") == "МКОУ"
    assert shorten_organisation("Школа имеет имение") == "Школа имеет имение"  # whole words only


def test_no_text_on_the_card_is_below_6_pt(renderer: CardRenderer, make_card) -> None:
    card = make_card(
        surname="Константинопольская-Преображенская", name="Александра-Мария", organisation_name=LONG_ORG
    )
    floor_px = round(HARD_FLOOR_PT * renderer.canvas.dpi / 72)
    for side in ("front", "back"):
        for placed in renderer.text_layout(card, side):
            assert placed.fitted.size_px >= floor_px, (placed.element.field, placed.element.text)
    static = [
        e
        for e in (*renderer.template.front.elements, *renderer.template.back.elements)
        if isinstance(e, TextElement)
    ]
    assert all(e.min_size_pt >= HARD_FLOOR_PT for e in static)
    org = next(p for p in renderer.text_layout(card, "front") if p.element.field == "organisation_name")
    assert " ".join(org.fitted.lines).startswith("ППО МБОУ «СОШ № 117")


def test_short_organisation_names_are_not_abbreviated(renderer: CardRenderer, make_card) -> None:
    card = make_card(organisation_name="Первичная профсоюзная организация школы № 5")
    org = next(p for p in renderer.text_layout(card, "front") if p.element.field == "organisation_name")
    assert " ".join(org.fitted.lines) == "Первичная профсоюзная организация школы № 5"


def test_footer_band_starts_below_the_number_and_the_issue_date(renderer: CardRenderer) -> None:
    front = renderer.template.front.elements
    footer = max((e for e in front if isinstance(e, RectElement)), key=lambda e: e.box.y_mm)
    bottom_texts = [
        e
        for e in front
        if isinstance(e, TextElement)
        and (e.field in ("card_number_formatted", "issue_date") or e.text == "Дата выдачи")
    ]
    assert len(bottom_texts) == 3
    assert all(footer.box.y_mm >= e.box.bottom_mm for e in bottom_texts)


def test_emblem_slot_draws_the_shipped_placeholder(renderer: CardRenderer, make_card) -> None:
    (emblem,) = [e for e in renderer.template.front.elements if isinstance(e, ImageElement)]
    assert emblem.path.name == "emblem_placeholder.png" and emblem.path.is_file()
    front = renderer.render(make_card()).front
    box = renderer.box_px(emblem.box)
    band = front.crop((box[2] + 5, box[1], box[2] + 25, box[3])).convert("RGB")
    area = front.crop(box).convert("RGB")
    diff = ImageChops.difference(area, band.resize(area.size)).convert("L")
    assert diff.getextrema()[1] > 128  # the emblem put ink on the header band


def test_a_design_with_text_below_6_pt_is_refused(tmp_path: Path) -> None:
    source = Path(__file__).resolve().parents[2] / "config" / "cards" / "union_default.toml"
    text = source.read_text(encoding="utf-8").replace(
        "size_pt = 6.0\nmin_size_pt = 6.0\nmax_lines = 3", "size_pt = 6.0\nmin_size_pt = 5.0\nmax_lines = 3"
    )
    (tmp_path / "emblem_placeholder.png").write_bytes((source.parent / "emblem_placeholder.png").read_bytes())
    bad = tmp_path / "small.toml"
    bad.write_text(text, encoding="utf-8")
    with pytest.raises(TemplateError, match="at least 6.0 pt"):
        load_template(bad)
