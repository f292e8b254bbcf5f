"""Code 128 and QR symbols drawn at whole printer dots.

A module of a fraction of a dot gets rounded differently from bar to bar by the printer driver and
the barcode stops scanning; so both symbols are built from their module patterns here (the pattern
from python-barcode, the matrix from segno) as one pixel per module, quiet zone included, and scaled
by whole dots with nearest-neighbour. The module images also go into the batch PDF as they are
(1-bit image masks scaled by the page), which keeps the symbols exact and the PDF small.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import segno
from barcode import Code128
from PIL import Image

CODE128_QUIET_ZONE_MODULES = 10
QR_QUIET_ZONE_MODULES = 4
# All eight QR masks are valid; letting the encoder score them costs ~4 times the symbol itself.
QR_FIXED_MASK = 2

_INK = bytes.maketrans(b"\x00\x01", b"\x00\xff")  # segno's 0/1 modules to mask values (255 = ink)


@lru_cache(maxsize=64)
def _ink_palette(color: tuple[int, int, int]) -> bytes:
    # Palette index = mask value: 0 (no ink) stays white, 255 (ink) becomes the colour.
    return bytes(255 + (c - 255) * v // 255 for v in range(256) for c in color)


class SymbolDoesNotFitError(ValueError):
    """The symbol needs more room than its box gives at one dot per module."""


@dataclass(frozen=True, slots=True)
class SymbolModules:
    """A symbol at one pixel per module (mode "L", 255 = ink, quiet zone included) and the whole
    number of printer dots each module takes horizontally and vertically."""

    modules: Image.Image
    dots_x: int
    dots_y: int

    @property
    def size_px(self) -> tuple[int, int]:
        return self.modules.width * self.dots_x, self.modules.height * self.dots_y

    def mask(self) -> Image.Image:
        """The symbol at printer resolution."""
        return self.modules.resize(self.size_px, Image.Resampling.NEAREST)

    def rgb(self, color: tuple[int, int, int]) -> Image.Image:
        """The symbol at printer resolution as opaque pixels: ``color`` modules on white.

        The same pixels as pasting ``color`` through ``mask()`` over white, but coloured at one
        pixel per module and then scaled, so drawing it is a plain copy instead of a masked blend
        over the whole symbol (the blend cost more than building the QR matrix)."""
        indexed = Image.frombytes("P", self.modules.size, self.modules.tobytes())
        indexed.putpalette(_ink_palette(color))
        return indexed.resize(self.size_px, Image.Resampling.NEAREST).convert("RGB")


def code128_modules(data: str) -> str:
    """The bar/space pattern ('1' = bar) without quiet zones; digits use code set C (123 modules
    for 16 digits)."""
    return "".join(Code128(data).build())


def code128_symbol(data: str, module_dots: int, height_px: int, max_width_px: int) -> SymbolModules:
    """One row of modules with the quiet zones, ``module_dots`` dots per module; the module width is
    reduced (whole dots) only if the box is too narrow. Rows repeat over ``height_px``."""
    modules = code128_modules(data)
    total_modules = len(modules) + 2 * CODE128_QUIET_ZONE_MODULES
    while module_dots > 1 and total_modules * module_dots > max_width_px:
        module_dots -= 1
    if total_modules * module_dots > max_width_px:
        raise SymbolDoesNotFitError(
            f"Code 128 of {data!r} needs {total_modules} px, box is {max_width_px} px"
        )
    quiet = "0" * CODE128_QUIET_ZONE_MODULES
    row = (quiet + modules + quiet).encode().translate(bytes.maketrans(b"01", b"\x00\xff"))
    return SymbolModules(Image.frombytes("L", (len(row), 1), row), module_dots, height_px)


def code128_mask(data: str, module_dots: int, height_px: int, max_width_px: int) -> Image.Image:
    """Mask (255 = ink) of the symbol with its quiet zones at printer resolution."""
    return code128_symbol(data, module_dots, height_px, max_width_px).mask()


def qr_matrix(data: str, level: str) -> list[bytes]:
    """Rows of the QR matrix without quiet zone, one byte per module (255 = dark)."""
    qr = segno.make_qr(data, error=level.lower(), mask=QR_FIXED_MASK, boost_error=False)
    return [bytes(row).translate(_INK) for row in qr.matrix]


def qr_symbol(data: str, level: str, box_px: int) -> SymbolModules:
    """The QR code with its 4-module quiet zone, the largest whole-dot module that fits the box."""
    matrix = qr_matrix(data, level)
    size = len(matrix) + 2 * QR_QUIET_ZONE_MODULES
    dots = box_px // size
    if dots < 1:
        raise SymbolDoesNotFitError(f"QR code of {len(data)} chars needs {size} px, box is {box_px} px")
    pad = b"\x00" * QR_QUIET_ZONE_MODULES
    blank = b"\x00" * size
    rows = [blank] * QR_QUIET_ZONE_MODULES + [pad + row + pad for row in matrix]
    rows += [blank] * QR_QUIET_ZONE_MODULES
    return SymbolModules(Image.frombytes("L", (size, size), b"".join(rows)), dots, dots)


def qr_mask(data: str, level: str, box_px: int) -> Image.Image:
    """Mask (255 = ink) of the QR code with its quiet zone at printer resolution."""
    return qr_symbol(data, level, box_px).mask()
