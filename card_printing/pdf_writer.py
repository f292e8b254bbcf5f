"""A minimal PDF writer that streams image pages to a file.

Pillow's PDF writer needs every page up front and reportlab keeps every page object until the end;
a 10,000-card batch is 20,000 pages, so this writer writes each page as soon as it is given and keeps
only the byte offsets (for the cross-reference table) in memory. Images are Flate-compressed RGB,
lossless so texts keep their exact anti-aliasing. Barcodes and QR codes are 1-bit image masks at one
sample per module, painted in their colour over a white box: the page scales them by whole printer
dots without interpolation, so module edges stay sharp at any zoom. An image can be registered once
(``add_shared_image``) and drawn on many pages, which is how the static card background is stored.
"""

from __future__ import annotations

import zlib
from dataclasses import dataclass
from typing import BinaryIO

from PIL import Image


@dataclass(frozen=True, slots=True)
class Placement:
    """An image object drawn at (x, y) with size (w, h), in points from the bottom-left corner."""

    object_id: int
    x: float
    y: float
    w: float
    h: float
    # Set for an image mask: the colour it paints; the box is filled white first (quiet zones).
    mask_color: tuple[int, int, int] | None = None


def compress_image(image: Image.Image, level: int = 1) -> tuple[int, int, bytes]:
    """(width, height, Flate data) of an RGB image: done in worker processes when building in parallel."""
    rgb = image if image.mode == "RGB" else image.convert("RGB")
    return rgb.width, rgb.height, zlib.compress(rgb.tobytes(), level)


def compress_mask(mask: Image.Image) -> tuple[int, int, bytes]:
    """(width, height, Flate data) of a mask (255 = ink) as packed 1-bit rows, 1 = ink."""
    bits = mask if mask.mode == "1" else mask.point(lambda v: 255 if v >= 128 else 0).convert("1")
    return bits.width, bits.height, zlib.compress(bits.tobytes(), 6)


def _draw(index: int, p: Placement) -> str:
    place = f"{p.w:.4f} 0 0 {p.h:.4f} {p.x:.4f} {p.y:.4f} cm /I{index} Do"
    if p.mask_color is None:
        return f"q {place} Q\n"
    r, g, b = (c / 255 for c in p.mask_color)
    return f"q 1 1 1 rg {p.x:.4f} {p.y:.4f} {p.w:.4f} {p.h:.4f} re f {r:.4f} {g:.4f} {b:.4f} rg {place} Q\n"


class StreamingPdfWriter:
    def __init__(self, stream: BinaryIO, page_width_pt: float, page_height_pt: float) -> None:
        self._out = stream
        self._width = page_width_pt
        self._height = page_height_pt
        self._offsets: list[int] = [0]  # object 0 is the free-list head
        self._pages: list[int] = []
        self._position = 0
        self._write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
        # Object ids 1 and 2 are reserved for the catalog and the page tree, written at the end.
        self._catalog_id = self._reserve()
        self._pages_id = self._reserve()

    @property
    def page_count(self) -> int:
        return len(self._pages)

    def _write(self, data: bytes) -> None:
        self._out.write(data)
        self._position += len(data)

    def _reserve(self) -> int:
        self._offsets.append(0)
        return len(self._offsets) - 1

    def _object(self, body: bytes, stream: bytes | None = None, object_id: int | None = None) -> int:
        if object_id is None:
            object_id = self._reserve()
        self._offsets[object_id] = self._position
        self._write(f"{object_id} 0 obj\n".encode())
        self._write(body)
        if stream is not None:
            self._write(b"\nstream\n")
            self._write(stream)
            self._write(b"\nendstream")
        self._write(b"\nendobj\n")
        return object_id

    def add_image(self, width: int, height: int, flate_rgb: bytes) -> int:
        body = (
            f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ColorSpace /DeviceRGB "
            f"/BitsPerComponent 8 /Filter /FlateDecode /Length {len(flate_rgb)} >>"
        ).encode()
        return self._object(body, flate_rgb)

    def add_image_mask(self, width: int, height: int, flate_bits: bytes) -> int:
        """A stencil of packed 1-bit rows (1 = paint, see ``compress_mask``)."""
        body = (
            f"<< /Type /XObject /Subtype /Image /Width {width} /Height {height} /ImageMask true "
            f"/BitsPerComponent 1 /Decode [1 0] /Filter /FlateDecode /Length {len(flate_bits)} >>"
        ).encode()
        return self._object(body, flate_bits)

    def add_shared_image(self, image: Image.Image) -> int:
        return self.add_image(*compress_image(image, level=6))

    def add_page(self, placements: list[Placement]) -> None:
        content = "".join(_draw(index, p) for index, p in enumerate(placements)).encode()
        content_id = self._object(f"<< /Length {len(content)} >>".encode(), content)
        xobjects = " ".join(f"/I{index} {p.object_id} 0 R" for index, p in enumerate(placements))
        page = (
            f"<< /Type /Page /Parent {self._pages_id} 0 R /MediaBox [0 0 {self._width:.4f} {self._height:.4f}] "
            f"/Resources << /XObject << {xobjects} >> >> /Contents {content_id} 0 R >>"
        ).encode()
        self._pages.append(self._object(page))

    def close(self) -> None:
        kids = " ".join(f"{page} 0 R" for page in self._pages)
        self._object(
            f"<< /Type /Pages /Kids [{kids}] /Count {len(self._pages)} >>".encode(), object_id=self._pages_id
        )
        self._object(f"<< /Type /Catalog /Pages {self._pages_id} 0 R >>".encode(), object_id=self._catalog_id)
        xref_at = self._position
        lines = [f"xref\n0 {len(self._offsets)}\n", "0000000000 65535 f \n"]
        lines += [f"{offset:010d} 00000 n \n" for offset in self._offsets[1:]]
        self._write("".join(lines).encode())
        self._write(
            f"trailer\n<< /Size {len(self._offsets)} /Root {self._catalog_id} 0 R >>\n"
            f"startxref\n{xref_at}\n%%EOF\n".encode()
        )
        self._out.flush()
