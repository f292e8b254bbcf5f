"""Rendering the two faces of a card from a template and a ``CardData``.

The static part of each face (background, shapes, images, fixed texts) is drawn once per renderer
and copied for every card; only the member's texts, the barcode and the QR code are drawn per card.
Text fits and placements are cached too, because organisation and region names repeat across a
whole batch; a text seen twice is kept as an opaque crop of the static layer with the text drawn in
(pasting it is a copy, blending anti-aliased text is not), and barcode and QR are pasted as opaque
coloured pixels. All of it gives the same pixels as drawing every text and symbol afresh.

``render_patches`` gives only what differs from the static layer (small text crops and the symbols
at one pixel per module) without building the whole face: that is what the batch PDF stores.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import lru_cache
from typing import Literal

from PIL import Image, ImageDraw, ImageFont

from card_printing.abbreviations import shorten_organisation
from card_printing.card_data import CardData
from card_printing.symbols import SymbolModules, code128_symbol, qr_symbol
from card_printing.template import (
    BarcodeElement,
    Box,
    CardTemplate,
    Element,
    FaceTemplate,
    ImageElement,
    QrElement,
    RectElement,
    TextElement,
    load_named_template,
)
from card_printing.text_fit import HARD_FLOOR_PT, FittedText, TextDoesNotFitError, fit_text

Side = Literal["front", "back"]

# Opaque crops of repeated texts kept per renderer (~100-400 KB each) and texts remembered as seen.
COMPOSITE_CACHE_SIZE = 256
COMPOSITE_SEEN_LIMIT = 65536


@dataclass(frozen=True, slots=True)
class CardImages:
    front: Image.Image
    back: Image.Image


@dataclass(frozen=True, slots=True)
class TextPatch:
    """A crop of the face at (left, top) covering the ink of a member-dependent text, text drawn."""

    left: int
    top: int
    image: Image.Image
    # Set when the crop is a repeated text's shared one (same key, same pixels, in any process of
    # the same template): the batch PDF stores such a crop once and draws it on every page.
    shared_key: str | None = None


@dataclass(frozen=True, slots=True)
class SymbolPatch:
    """A barcode or QR code at (left, top): white under the whole symbol, modules in ``color``."""

    left: int
    top: int
    symbol: SymbolModules
    color: tuple[int, int, int]


Patch = TextPatch | SymbolPatch


@dataclass(frozen=True, slots=True)
class PlacedText:
    """Where a text element ended up: its lines, size and the ink bounding box on the canvas."""

    element: TextElement
    fitted: FittedText
    bbox_px: tuple[int, int, int, int]
    line_origins: tuple[tuple[int, int], ...]


class CardRenderer:
    """Renders cards of one template; reuse one instance for a whole batch (it caches layers)."""

    def __init__(self, template: CardTemplate) -> None:
        self.template = template
        self.canvas = template.canvas
        self._fit_cached = lru_cache(maxsize=4096)(self._fit)
        self._line_mask_cached = lru_cache(maxsize=8192)(self._line_mask)
        self._place_cached = lru_cache(maxsize=8192)(self._place)
        # Faces of repeated texts (organisation, region, given names) as opaque crops of the static
        # layer with the text drawn in: pasting one is a copy, blending the text is ~30 times slower.
        # A crop is made on a text's second sighting, so unique surnames do not flush the cache.
        self._composites: dict[str, Image.Image] = {}
        self._seen_once: set[str] = set()
        self._composites_lock = threading.Lock()
        # Position of each member-dependent element in its face: part of the stable composite key.
        self._position = {
            (side, id(e)): i
            for side, face in (("front", template.front), ("back", template.back))
            for i, e in enumerate(face.elements)
        }
        self._base = {"front": self._draw_static(template.front), "back": self._draw_static(template.back)}

    # -- geometry --------------------------------------------------------------------------------
    def box_px(self, box: Box) -> tuple[int, int, int, int]:
        """(left, top, right, bottom) on the canvas for a box in card millimetres."""
        ox, oy = self.canvas.offset_px
        mm = self.canvas.mm_to_px
        return ox + mm(box.x_mm), oy + mm(box.y_mm), ox + mm(box.right_mm), oy + mm(box.bottom_mm)

    # -- static layer ----------------------------------------------------------------------------
    def _draw_static(self, face: FaceTemplate) -> Image.Image:
        image = Image.new("RGB", (self.canvas.width_px, self.canvas.height_px), face.background)
        draw = ImageDraw.Draw(image)
        for element in face.static_elements:
            if isinstance(element, RectElement):
                left, top, right, bottom = self.box_px(element.box)
                radius = self.canvas.mm_to_px(element.radius_mm)
                draw.rounded_rectangle((left, top, right - 1, bottom - 1), radius=radius, fill=element.fill)
            elif isinstance(element, ImageElement):
                self._paste_image(image, element)
            elif isinstance(element, TextElement) and element.text is not None:
                self._draw_text(image, element, element.text)
        return image

    def _paste_image(self, canvas: Image.Image, element: ImageElement) -> None:
        left, top, right, bottom = self.box_px(element.box)
        with Image.open(element.path) as source:
            picture = source.convert("RGBA")
        picture.thumbnail((right - left, bottom - top), Image.Resampling.LANCZOS)
        x = left + (right - left - picture.width) // 2
        y = top + (bottom - top - picture.height) // 2
        canvas.paste(picture, (x, y), picture)

    # -- text --------------------------------------------------------------------------------------
    def _fit(self, element: TextElement, text: str) -> FittedText:
        left, top, right, bottom = self.box_px(element.box)

        def fit(value: str, floor_pt: float = HARD_FLOOR_PT) -> FittedText:
            return fit_text(
                value,
                self.template.fonts[element.font],
                right - left,
                bottom - top,
                element.size_pt,
                element.min_size_pt,
                element.max_lines,
                self.canvas.dpi,
                element.line_spacing,
                floor_pt=floor_pt,
            )

        if element.abbreviate:
            # Shorten by the documented rule before shrinking below the design's smallest size.
            try:
                return fit(text, floor_pt=element.min_size_pt)
            except TextDoesNotFitError:
                text = shorten_organisation(text)
        return fit(text)

    def place_text(self, element: TextElement, text: str) -> PlacedText:
        # Placement depends only on the element and the text; names and organisations repeat.
        return self._place_cached(element, text)

    def _place(self, element: TextElement, text: str) -> PlacedText:
        if element.uppercase:
            text = text.upper()
        fitted = self._fit_cached(element, text)
        left, top, right, bottom = self.box_px(element.box)
        free = (bottom - top) - fitted.height_px
        y = top + {"top": 0, "middle": free // 2, "bottom": free}[element.valign]
        origins = []
        ink = [right, bottom, left, top]
        for index, line in enumerate(fitted.lines):
            width = round(fitted.font.getlength(line))
            x = _aligned_x(element.align, left, right, width)
            line_y = y + index * fitted.line_pitch_px
            origins.append((x, line_y))
            if line:
                l0, t0, r0, b0 = _ink_box(fitted.font, line)
                ink = [
                    min(ink[0], x + l0),
                    min(ink[1], line_y + t0),
                    max(ink[2], x + r0),
                    max(ink[3], line_y + b0),
                ]
        return PlacedText(element, fitted, (ink[0], ink[1], ink[2], ink[3]), tuple(origins))

    def _draw_text(self, image: Image.Image, element: TextElement, text: str) -> PlacedText:
        placed = self.place_text(element, text)
        self._paste_lines(image, placed)
        return placed

    @staticmethod
    def _line_mask(font: ImageFont.FreeTypeFont, line: str) -> tuple[Image.Image, tuple[int, int]]:
        # Rasterising a line is the costliest part of a card; organisation and region lines repeat
        # across a batch, so their anti-aliased masks are cached and pasted in the element's colour.
        left, top, right, bottom = _ink_box(font, line)
        mask = Image.new("L", (max(1, right - left), max(1, bottom - top)), 0)
        ImageDraw.Draw(mask).text((-left, -top), line, font=font, fill=255, anchor="la")
        return mask, (left, top)

    def text_layout(self, card: CardData, side: Side) -> list[PlacedText]:
        """Placement of every member-dependent text on a face (used by tests and previews)."""
        face = self.template.front if side == "front" else self.template.back
        return [
            self.place_text(e, card.field_value(e.field))
            for e in face.variable_elements
            if isinstance(e, TextElement) and e.field is not None
        ]

    def variable_boxes_px(self, side: Side) -> list[tuple[int, int, int, int]]:
        """Canvas boxes of the member-dependent elements: all that differs between two cards."""
        face = self.template.front if side == "front" else self.template.back
        width, height = self.canvas.width_px, self.canvas.height_px
        boxes = []
        for element in face.variable_elements:
            left, top, right, bottom = self.box_px(element.box)
            boxes.append((max(0, left), max(0, top), min(width, right), min(height, bottom)))
        return boxes

    def static_layer(self, side: Side) -> Image.Image:
        """The face without any member data (do not modify: it is the cached layer itself)."""
        return self._base[side]

    # -- per card --------------------------------------------------------------------------------
    def render_face(self, card: CardData, side: Side) -> Image.Image:
        face = self.template.front if side == "front" else self.template.back
        image = self._base[side].copy()
        drawn: list[tuple[Element, PlacedText | SymbolPatch]] = []
        for element in face.variable_elements:
            if isinstance(element, TextElement) and element.field is not None:
                drawn.append((element, self.place_text(element, card.field_value(element.field))))
            elif isinstance(element, BarcodeElement):
                drawn.append((element, self._barcode_patch(element, card.field_value(element.field))))
            elif isinstance(element, QrElement):
                drawn.append((element, self._qr_patch(element, card.field_value(element.field))))
        boxes = [self._drawn_box(item) for _, item in drawn]
        for index, (element, item) in enumerate(drawn):
            if isinstance(item, SymbolPatch):
                self._draw_symbol(image, item)
                continue
            assert isinstance(element, TextElement)
            box = self._clip(boxes[index])
            if box is None:
                continue  # an empty field leaves the static layer as it is
            # A text whose ink touches nothing else drawn on this card may go in as an opaque crop;
            # one that overlaps a neighbour is blended in drawing order, as the design expects.
            alone = not any(i != index and _overlap(box, other) for i, other in enumerate(boxes))
            composite = self._composite(side, element, item, box) if alone else None
            if composite is not None:
                image.paste(composite[1], box[:2])
            else:
                self._paste_lines(image, item)
        return image

    @staticmethod
    def _drawn_box(item: PlacedText | SymbolPatch) -> tuple[int, int, int, int]:
        if isinstance(item, PlacedText):
            return item.bbox_px
        width, height = item.symbol.size_px
        return item.left, item.top, item.left + width, item.top + height

    def _clip(self, box: tuple[int, int, int, int]) -> tuple[int, int, int, int] | None:
        left, top = max(0, box[0]), max(0, box[1])
        right, bottom = min(self.canvas.width_px, box[2]), min(self.canvas.height_px, box[3])
        return (left, top, right, bottom) if left < right and top < bottom else None

    def _composite(
        self, side: Side, element: TextElement, placed: PlacedText, box: tuple[int, int, int, int]
    ) -> tuple[str, Image.Image] | None:
        """The key and cached opaque crop of a repeated text, None for a text seen the first time."""
        position = self._position[(side, id(element))]
        key = f"{side}/{position}/{placed.fitted.size_px}/" + "\n".join(placed.fitted.lines)
        composite = self._composites.get(key)
        if composite is not None:
            return key, composite
        if key not in self._seen_once:
            if len(self._seen_once) >= COMPOSITE_SEEN_LIMIT:
                self._seen_once.clear()
            self._seen_once.add(key)
            return None
        composite = self._base[side].crop(box)
        self._paste_lines(composite, placed, -box[0], -box[1])
        with self._composites_lock:  # web previews and a station may render from several threads
            if len(self._composites) >= COMPOSITE_CACHE_SIZE:
                self._composites.pop(next(iter(self._composites)))  # oldest first: a batch moves on
            self._composites[key] = composite
        return key, composite

    def render(self, card: CardData) -> CardImages:
        return CardImages(front=self.render_face(card, "front"), back=self.render_face(card, "back"))

    def _barcode_patch(self, element: BarcodeElement, data: str) -> SymbolPatch:
        left, top, right, bottom = self.box_px(element.box)
        symbol = code128_symbol(data, element.module_dots, bottom - top, right - left)
        return SymbolPatch(
            _aligned_x(element.align, left, right, symbol.size_px[0]), top, symbol, element.color
        )

    def _qr_patch(self, element: QrElement, data: str) -> SymbolPatch:
        left, top, right, bottom = self.box_px(element.box)
        symbol = qr_symbol(data, element.error_correction, min(right - left, bottom - top))
        width, height = symbol.size_px
        return SymbolPatch(
            left + (right - left - width) // 2, top + (bottom - top - height) // 2, symbol, element.color
        )

    @staticmethod
    def _draw_symbol(image: Image.Image, patch: SymbolPatch) -> None:
        # Opaque: white under the whole symbol including quiet zones, whatever the background.
        image.paste(patch.symbol.rgb(patch.color), (patch.left, patch.top))

    def _draw_barcode(self, image: Image.Image, element: BarcodeElement, data: str) -> None:
        self._draw_symbol(image, self._barcode_patch(element, data))

    def _draw_qr(self, image: Image.Image, element: QrElement, data: str) -> None:
        self._draw_symbol(image, self._qr_patch(element, data))

    def render_patches(self, card: CardData, side: Side) -> list[Patch]:
        """What this card adds to the static layer of a face, in drawing order; drawn over the static
        layer at their positions they give exactly ``render_face``. Symbols come last (a text crop
        would otherwise hide one), which is also their order in a design, where nothing overlaps them."""
        face = self.template.front if side == "front" else self.template.back
        width, height = self.canvas.width_px, self.canvas.height_px
        placed: list[PlacedText] = []
        symbols: list[Patch] = []
        for element in face.variable_elements:
            if isinstance(element, TextElement) and element.field is not None:
                placed.append(self.place_text(element, card.field_value(element.field)))
            elif isinstance(element, BarcodeElement):
                symbols.append(self._barcode_patch(element, card.field_value(element.field)))
            elif isinstance(element, QrElement):
                symbols.append(self._qr_patch(element, card.field_value(element.field)))
        patches: list[Patch] = []
        base = self._base[side]
        for text in placed:
            left, top, right, bottom = text.bbox_px
            left, top, right, bottom = max(0, left), max(0, top), min(width, right), min(height, bottom)
            if left >= right or top >= bottom:
                continue  # an empty field leaves the static layer as it is
            box = (left, top, right, bottom)
            neighbours = [other for other in placed if other is not text and _overlap(other.bbox_px, box)]
            if not neighbours and (composite := self._composite(side, text.element, text, box)):
                patches.append(TextPatch(left, top, composite[1], shared_key=composite[0]))
                continue
            crop = base.crop(box)
            # Ink of a neighbouring text (a descender) may reach into this crop: draw it there too.
            for other in placed:
                if _overlap(other.bbox_px, box):
                    self._paste_lines(crop, other, -left, -top)
            patches.append(TextPatch(left, top, crop))
        return patches + symbols

    def _paste_lines(
        self, image: Image.Image, placed: PlacedText, shift_x: int = 0, shift_y: int = 0
    ) -> None:
        color = placed.element.color
        for line, (x, y) in zip(placed.fitted.lines, placed.line_origins, strict=True):
            if not line:
                continue
            mask, (dx, dy) = self._line_mask_cached(placed.fitted.font, line)
            # Blending a solid image through the mask gives the same pixels as filling a colour
            # through it, and Pillow does it about twice as fast.
            ink = Image.new(image.mode, mask.size, color)
            image.paste(ink, (x + dx + shift_x, y + dy + shift_y), mask)


def _overlap(a: tuple[int, int, int, int], b: tuple[int, int, int, int]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _ink_box(font: ImageFont.FreeTypeFont, line: str) -> tuple[int, int, int, int]:
    """The line's ink box from its left baseline origin. FreeType answers in whole pixels (the
    stubs say float, the values are ints): kept as ints so boxes and origins stay on the pixel grid."""
    left, top, right, bottom = font.getbbox(line, anchor="la")
    return int(left), int(top), int(right), int(bottom)


def _aligned_x(align: str, left: int, right: int, width: int) -> int:
    if align == "center":
        return left + (right - left - width) // 2
    return right - width if align == "right" else left


@lru_cache(maxsize=8)
def renderer_for(template_name: str = "union_default") -> CardRenderer:
    """A process-wide renderer per named template in ``config/cards/``."""
    return CardRenderer(load_named_template(template_name))
