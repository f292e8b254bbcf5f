"""Card templates: the TOML design files in ``config/cards/`` loaded into frozen dataclasses.

Everything on the card is placed in millimetres from the top-left corner of the CR80 card; the
printer canvas (pixels and dpi) is separate so one design serves printers with and without bleed.
Loading validates the whole file up front, naming the file and key of any mistake, so a broken
design is caught when the station starts and not on card 5,000 of a batch.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TypeVar, get_args

from card_printing.card_data import CARD_FIELDS
from card_printing.text_fit import HARD_FLOOR_PT

CR80_WIDTH_MM = 85.60
CR80_HEIGHT_MM = 53.98
MIN_SAFE_MARGIN_MM = 3.0

FONTS_DIR = Path(__file__).resolve().parent / "fonts"
CARDS_CONFIG_DIR = Path(__file__).resolve().parent.parent / "config" / "cards"

Align = Literal["left", "center", "right"]
VAlign = Literal["top", "middle", "bottom"]
ALIGNS: tuple[Align, ...] = get_args(Align)
VALIGNS: tuple[VAlign, ...] = get_args(VAlign)
QrLevel = Literal["L", "M", "Q", "H"]
QR_LEVELS: tuple[QrLevel, ...] = get_args(QrLevel)
_Choice = TypeVar("_Choice", bound=str)
RGB = tuple[int, int, int]


class TemplateError(ValueError):
    """A card template file is missing, malformed or places something where it may not go."""


@dataclass(frozen=True, slots=True)
class Box:
    x_mm: float
    y_mm: float
    w_mm: float
    h_mm: float

    @property
    def right_mm(self) -> float:
        return self.x_mm + self.w_mm

    @property
    def bottom_mm(self) -> float:
        return self.y_mm + self.h_mm


@dataclass(frozen=True, slots=True)
class RectElement:
    box: Box
    fill: RGB
    radius_mm: float = 0.0


@dataclass(frozen=True, slots=True)
class ImageElement:
    box: Box
    path: Path


@dataclass(frozen=True, slots=True)
class TextElement:
    """Static ``text`` or the value of a card ``field``; shrinks then wraps to fit its box."""

    box: Box
    font: str
    size_pt: float
    min_size_pt: float
    max_lines: int
    color: RGB
    align: Align
    valign: VAlign
    uppercase: bool
    line_spacing: float
    text: str | None = None
    field: str | None = None
    # Shorten the standard long forms (card_printing.abbreviations) before going below min_size_pt.
    abbreviate: bool = False

    @property
    def is_static(self) -> bool:
        return self.field is None


@dataclass(frozen=True, slots=True)
class BarcodeElement:
    """Code 128 of a card field; module width is a whole number of printer dots."""

    box: Box
    field: str
    module_dots: int
    color: RGB
    align: Align


@dataclass(frozen=True, slots=True)
class QrElement:
    """QR code of a card field in a square box (quiet zone included), whole-dot modules."""

    box: Box
    field: str
    error_correction: QrLevel
    color: RGB


Element = RectElement | ImageElement | TextElement | BarcodeElement | QrElement


@dataclass(frozen=True, slots=True)
class FaceTemplate:
    background: RGB
    elements: tuple[Element, ...]

    @property
    def static_elements(self) -> tuple[Element, ...]:
        return tuple(e for e in self.elements if _is_static(e))

    @property
    def variable_elements(self) -> tuple[Element, ...]:
        return tuple(e for e in self.elements if not _is_static(e))


@dataclass(frozen=True, slots=True)
class Canvas:
    """The printer's image: its pixel size and resolution; the card is centred on it."""

    width_px: int
    height_px: int
    dpi: int

    def mm_to_px(self, mm: float) -> int:
        return round(mm * self.dpi / 25.4)

    @property
    def offset_px(self) -> tuple[int, int]:
        # A canvas with bleed is larger than the card: centre the card so bleed is even on all sides.
        card_w = self.mm_to_px(CR80_WIDTH_MM)
        card_h = self.mm_to_px(CR80_HEIGHT_MM)
        return (self.width_px - card_w) // 2, (self.height_px - card_h) // 2


@dataclass(frozen=True, slots=True)
class CardTemplate:
    name: str
    title: str
    source: Path
    canvas: Canvas
    safe_margin_mm: float
    corner_radius_mm: float
    fonts: dict[str, Path]
    front: FaceTemplate
    back: FaceTemplate

    def __hash__(self) -> int:  # dict field: hash by identity of the design file and name
        return hash((self.name, self.source))


def _is_static(element: Element) -> bool:
    if isinstance(element, RectElement | ImageElement):
        return True
    return isinstance(element, TextElement) and element.is_static


def load_template(path: str | Path) -> CardTemplate:
    """Load and validate one template file."""
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise TemplateError(f"{path}: card template file not found") from None
    except tomllib.TOMLDecodeError as exc:
        raise TemplateError(f"{path}: not valid TOML: {exc}") from None
    return _TemplateReader(path).read(raw)


def load_named_template(name: str, directory: Path = CARDS_CONFIG_DIR) -> CardTemplate:
    """Load ``config/cards/<name>.toml`` (the default design is ``union_default``)."""
    if not name.replace("_", "").replace("-", "").isalnum():
        raise TemplateError(f"invalid card template name {name!r}")
    return load_template(directory / f"{name}.toml")


class _TemplateReader:
    def __init__(self, path: Path) -> None:
        self.path = path

    def fail(self, key: str, problem: str) -> TemplateError:
        return TemplateError(f"{self.path}: {key}: {problem}")

    # -- typed getters -------------------------------------------------------------------------
    def table(self, raw: dict[str, Any], key: str, where: str) -> dict[str, Any]:
        value = raw.get(key)
        if not isinstance(value, dict):
            raise self.fail(f"{where}{key}", "missing table" if value is None else "must be a table")
        return value

    def number(self, raw: dict[str, Any], key: str, where: str, default: float | None = None) -> float:
        value = raw.get(key, default)
        if value is None:
            raise self.fail(f"{where}{key}", "missing number")
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise self.fail(f"{where}{key}", f"expected a number, got {value!r}")
        return float(value)

    def integer(self, raw: dict[str, Any], key: str, where: str, default: int | None = None) -> int:
        value = raw.get(key, default)
        if isinstance(value, bool) or not isinstance(value, int):
            raise self.fail(f"{where}{key}", f"expected an integer, got {value!r}")
        return value

    def string(self, raw: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
        value = raw.get(key, default)
        if not isinstance(value, str):
            problem = "missing text" if value is None else f"expected text, got {value!r}"
            raise self.fail(f"{where}{key}", problem)
        return value

    def choice(
        self, raw: dict[str, Any], key: str, where: str, options: tuple[_Choice, ...], default: _Choice
    ) -> _Choice:
        value = self.string(raw, key, where, default)
        for option in options:
            if value == option:
                return option
        raise self.fail(f"{where}{key}", f"must be one of {', '.join(options)}, got {value!r}")

    def color(self, raw: dict[str, Any], key: str, where: str, default: str | None = None) -> RGB:
        value = self.string(raw, key, where, default)
        digits = value.removeprefix("#")
        if len(digits) != 6:
            raise self.fail(f"{where}{key}", f"colour must be #RRGGBB, got {value!r}")
        try:
            return (int(digits[0:2], 16), int(digits[2:4], 16), int(digits[4:6], 16))
        except ValueError:
            raise self.fail(f"{where}{key}", f"colour must be #RRGGBB, got {value!r}") from None

    def box(self, raw: dict[str, Any], where: str) -> Box:
        box = Box(
            self.number(raw, "x_mm", where),
            self.number(raw, "y_mm", where),
            self.number(raw, "w_mm", where),
            self.number(raw, "h_mm", where),
        )
        if box.w_mm <= 0 or box.h_mm <= 0:
            raise self.fail(f"{where}w_mm/h_mm", "must be positive")
        return box

    def field(self, raw: dict[str, Any], where: str) -> str:
        field = self.string(raw, "field", where)
        if field not in CARD_FIELDS:
            known = ", ".join(sorted(CARD_FIELDS))
            raise self.fail(f"{where}field", f"unknown card field {field!r}; known: {known}")
        return field

    # -- structure -----------------------------------------------------------------------------
    def read(self, raw: dict[str, Any]) -> CardTemplate:
        card = self.table(raw, "card", "")
        canvas_raw = self.table(raw, "canvas", "")
        canvas = Canvas(
            width_px=self.integer(canvas_raw, "width_px", "canvas."),
            height_px=self.integer(canvas_raw, "height_px", "canvas."),
            dpi=self.integer(canvas_raw, "dpi", "canvas.", 300),
        )
        if canvas.offset_px[0] < 0 or canvas.offset_px[1] < 0:
            raise self.fail(
                "canvas",
                f"{canvas.width_px}x{canvas.height_px} px is smaller than a CR80 card at {canvas.dpi} dpi",
            )
        safe_margin = self.number(card, "safe_margin_mm", "card.", MIN_SAFE_MARGIN_MM)
        if safe_margin < MIN_SAFE_MARGIN_MM:
            raise self.fail("card.safe_margin_mm", f"must be at least {MIN_SAFE_MARGIN_MM} mm")
        fonts = self.fonts(self.table(raw, "fonts", ""))
        return CardTemplate(
            name=self.string(card, "name", "card."),
            title=self.string(card, "title", "card.", ""),
            source=self.path,
            canvas=canvas,
            safe_margin_mm=safe_margin,
            corner_radius_mm=self.number(card, "corner_radius_mm", "card.", 3.18),
            fonts=fonts,
            front=self.face(self.table(raw, "front", ""), "front", fonts, safe_margin),
            back=self.face(self.table(raw, "back", ""), "back", fonts, safe_margin),
        )

    def fonts(self, raw: dict[str, Any]) -> dict[str, Path]:
        fonts: dict[str, Path] = {}
        for key in raw:
            name = self.string(raw, key, "fonts.")
            candidates = (
                [Path(name)] if Path(name).is_absolute() else [FONTS_DIR / name, self.path.parent / name]
            )
            found = next((c for c in candidates if c.is_file()), None)
            if found is None:
                raise self.fail(
                    f"fonts.{key}",
                    f"font file {name!r} not found (looked in "
                    f"{', '.join(str(c.parent) for c in candidates)})",
                )
            fonts[key] = found
        if not fonts:
            raise self.fail("fonts", "at least one font is needed")
        return fonts

    def face(self, raw: dict[str, Any], side: str, fonts: dict[str, Path], margin: float) -> FaceTemplate:
        elements_raw = raw.get("elements", [])
        if not isinstance(elements_raw, list):
            raise self.fail(f"{side}.elements", "must be an array of tables ([[{side}.elements]])")
        elements = tuple(
            self.element(item, f"{side}.elements[{index}].", fonts, margin)
            for index, item in enumerate(elements_raw)
        )
        background = self.color(raw, "background", f"{side}.", "#FFFFFF")
        return FaceTemplate(background=background, elements=elements)

    def element(self, raw: Any, where: str, fonts: dict[str, Path], margin: float) -> Element:
        if not isinstance(raw, dict):
            raise self.fail(where.rstrip("."), "must be a table")
        kind = self.choice(raw, "type", where, ("rect", "image", "text", "barcode", "qr"), "text")
        box = self.box(raw, where)
        if kind == "rect":
            return RectElement(box, self.color(raw, "fill", where), self.number(raw, "radius_mm", where, 0.0))
        if kind == "image":
            image_path = self.path.parent / self.string(raw, "path", where)
            if not image_path.is_file():
                raise self.fail(f"{where}path", f"image {image_path} not found")
            return ImageElement(box, image_path)
        # Everything that carries information must stay inside the safe margin: printers shift the
        # image by up to a millimetre or two and the card edge is rounded.
        self.inside_safe_margin(box, where, margin)
        if kind == "barcode":
            symbology = self.choice(raw, "symbology", where, ("code128",), "code128")
            assert symbology == "code128"  # EAN-13 would silently truncate a 16-digit number
            dots = self.integer(raw, "module_dots", where, 3)
            if dots < 1:
                raise self.fail(f"{where}module_dots", "must be at least 1")
            return BarcodeElement(
                box,
                self.field(raw, where),
                dots,
                self.color(raw, "color", where, "#000000"),
                self.choice(raw, "align", where, ALIGNS, "center"),
            )
        if kind == "qr":
            if abs(box.w_mm - box.h_mm) > 1e-6:
                raise self.fail(f"{where}w_mm/h_mm", "a QR code box must be square")
            level = self.choice(raw, "error_correction", where, QR_LEVELS, "M")
            return QrElement(
                box,
                self.field(raw, where),
                level,
                self.color(raw, "color", where, "#000000"),
            )
        text = raw.get("text")
        has_field = "field" in raw
        if (text is None) == (not has_field):
            raise self.fail(where.rstrip("."), "a text element needs exactly one of 'text' or 'field'")
        font = self.string(raw, "font", where)
        if font not in fonts:
            raise self.fail(f"{where}font", f"font {font!r} is not declared in [fonts]")
        size = self.number(raw, "size_pt", where)
        min_size = self.number(raw, "min_size_pt", where, size)
        if not HARD_FLOOR_PT <= min_size <= size:
            raise self.fail(
                f"{where}min_size_pt",
                f"must be at least {HARD_FLOOR_PT} pt (no smaller text on a card) and not above size_pt",
            )
        max_lines = self.integer(raw, "max_lines", where, 1)
        if max_lines < 1:
            raise self.fail(f"{where}max_lines", "must be at least 1")
        return TextElement(
            box=box,
            font=font,
            size_pt=size,
            min_size_pt=min_size,
            max_lines=max_lines,
            color=self.color(raw, "color", where, "#000000"),
            align=self.choice(raw, "align", where, ALIGNS, "left"),
            valign=self.choice(raw, "valign", where, VALIGNS, "top"),
            uppercase=bool(raw.get("uppercase", False)),
            line_spacing=self.number(raw, "line_spacing", where, 1.15),
            text=self.string(raw, "text", where) if text is not None else None,
            field=self.field(raw, where) if has_field else None,
            abbreviate=bool(raw.get("abbreviate", False)),
        )

    def inside_safe_margin(self, box: Box, where: str, margin: float) -> None:
        tolerance = 1e-6
        if (
            box.x_mm < margin - tolerance
            or box.y_mm < margin - tolerance
            or box.right_mm > CR80_WIDTH_MM - margin + tolerance
            or box.bottom_mm > CR80_HEIGHT_MM - margin + tolerance
        ):
            raise self.fail(
                where.rstrip("."),
                f"box {box} reaches into the {margin} mm safe margin "
                f"of the {CR80_WIDTH_MM} x {CR80_HEIGHT_MM} mm card",
            )
