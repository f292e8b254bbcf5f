"""Print files of a batch: one PDF for desktop card-printer software, per-card PNGs, and a preview.

The batch PDF has two pages per card (front, back), each exactly the CR80 card size. The static
face is stored once and every page draws it, then only what the card adds on top: the ink boxes of its
texts (cut from the static layer with the text drawn in, so the page shows the rendered card's pixels)
and its barcode and QR code as 1-bit masks of one sample per module. That keeps a 10,000-card PDF
small and fast, with the symbols exactly as sharp as the printer's own dots. Cards are streamed in windows through a process pool (or in
process with ``workers=1``), so memory does not grow with the batch.
"""

from __future__ import annotations

import io
import os
import threading
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from itertools import islice
from pathlib import Path
from typing import BinaryIO, Literal
from weakref import WeakKeyDictionary

from PIL import Image, ImageDraw

from card_printing.card_data import CardData
from card_printing.pdf_writer import Placement, StreamingPdfWriter, compress_image, compress_mask
from card_printing.render import CardRenderer, Side, TextPatch
from card_printing.template import CR80_HEIGHT_MM, CR80_WIDTH_MM, load_template

MM_TO_PT = 72 / 25.4
CHUNK = 8  # cards per task sent to a worker process
IN_FLIGHT_PER_WORKER = 4  # chunks queued per worker: bounds memory whatever the batch size

# (left, top, width, height) on the canvas, (samples wide, high), Flate data, mask colour or None (RGB),
# and the shared key of a repeated text crop (stored once in the PDF) or None.
_Part = tuple[int, int, int, int, int, int, bytes, tuple[int, int, int] | None, str | None]
SHARED_CACHE_SIZE = 512  # compressed repeated text crops kept per process (a few KB each)
_FaceParts = list[_Part]

_worker_renderer: CardRenderer | None = None
# Per renderer: keys are only unique within one template.
_compressed_lock = threading.Lock()
_compressed_shared: WeakKeyDictionary[CardRenderer, dict[str, tuple[int, int, bytes]]] = WeakKeyDictionary()


def _init_worker(template_path: str) -> None:
    global _worker_renderer
    _worker_renderer = CardRenderer(load_template(template_path))


def _face_parts(renderer: CardRenderer, card: CardData, side: Side) -> _FaceParts:
    parts: _FaceParts = []
    for patch in renderer.render_patches(card, side):
        if isinstance(patch, TextPatch):
            width, height, data = _compress_text(renderer, patch)
            parts.append((patch.left, patch.top, width, height, width, height, data, None, patch.shared_key))
        else:
            samples_w, samples_h, data = compress_mask(patch.symbol.modules)
            width, height = patch.symbol.size_px
            parts.append(
                (patch.left, patch.top, width, height, samples_w, samples_h, data, patch.color, None)
            )
    return parts


def _compress_text(renderer: CardRenderer, patch: TextPatch) -> tuple[int, int, bytes]:
    # Organisation, region and given names repeat across a batch: compress their crop once.
    if patch.shared_key is None:
        return compress_image(patch.image)
    with _compressed_lock:  # batch files may be written from several threads of one process
        cache = _compressed_shared.setdefault(renderer, {})
        compressed = cache.get(patch.shared_key)
    if compressed is None:
        compressed = compress_image(patch.image)
        with _compressed_lock:
            if len(cache) >= SHARED_CACHE_SIZE:
                cache.pop(next(iter(cache)))
            cache[patch.shared_key] = compressed
    return compressed


def _card_parts(renderer: CardRenderer, card: CardData) -> tuple[_FaceParts, _FaceParts]:
    return _face_parts(renderer, card, "front"), _face_parts(renderer, card, "back")


def _worker_chunk(cards: list[CardData]) -> list[tuple[_FaceParts, _FaceParts]]:
    assert _worker_renderer is not None
    return [_card_parts(_worker_renderer, card) for card in cards]


def _parts_stream(
    cards: Iterable[CardData], renderer: CardRenderer, workers: int
) -> Iterator[tuple[_FaceParts, _FaceParts]]:
    iterator = iter(cards)
    if workers <= 1:
        for card in iterator:
            yield _card_parts(renderer, card)
        return
    # Executor.map would submit the whole batch at once; keep a bounded number of chunks in flight.
    pending: deque[Future[list[tuple[_FaceParts, _FaceParts]]]] = deque()
    with ProcessPoolExecutor(
        workers, initializer=_init_worker, initargs=(str(renderer.template.source),)
    ) as pool:
        while chunk := list(islice(iterator, CHUNK)):
            pending.append(pool.submit(_worker_chunk, chunk))
            if len(pending) >= IN_FLIGHT_PER_WORKER * workers:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()


def write_batch_pdf(
    cards: Iterable[CardData],
    renderer: CardRenderer,
    output: str | Path | BinaryIO,
    workers: int | None = None,
) -> int:
    """Write the batch PDF (front page, back page per card); returns the number of cards.

    ``workers`` defaults to the number of CPUs; the renderer's template file is reloaded in each
    worker process, so pass a renderer built from a template file.
    """
    workers = workers if workers is not None else (os.cpu_count() or 1)
    if isinstance(output, str | Path):
        with open(output, "wb") as stream:
            return write_batch_pdf(cards, renderer, stream, workers)
    canvas = renderer.canvas
    scale = 72 / canvas.dpi
    ox, oy = canvas.offset_px
    page_w, page_h = CR80_WIDTH_MM * MM_TO_PT, CR80_HEIGHT_MM * MM_TO_PT
    writer = StreamingPdfWriter(output, page_w, page_h)

    def place(left: int, top: int, width: int, height: int) -> tuple[float, float, float, float]:
        # Canvas pixels (top-left origin, card offset by the bleed) to page points (bottom-left).
        x = (left - ox) * scale
        y = page_h - (top - oy + height) * scale
        return x, y, width * scale, height * scale

    backgrounds = {side: writer.add_shared_image(renderer.static_layer(side)) for side in ("front", "back")}
    full = place(0, 0, canvas.width_px, canvas.height_px)
    # Repeated text crops written once and drawn by every page that shows them; bounded, because a
    # batch is sorted by organisation and an old one rarely comes back (then it is written again).
    shared_ids: dict[str, int] = {}
    count = 0
    for front, back in _parts_stream(cards, renderer, workers):
        for side, parts in (("front", front), ("back", back)):
            placements = [Placement(backgrounds[side], *full)]
            for left, top, width, height, samples_w, samples_h, data, color, key in parts:
                if key is not None and key in shared_ids:
                    image_id = shared_ids[key]
                elif color is None:
                    image_id = writer.add_image(samples_w, samples_h, data)
                    if key is not None:
                        if len(shared_ids) >= SHARED_CACHE_SIZE * 8:
                            shared_ids.pop(next(iter(shared_ids)))
                        shared_ids[key] = image_id
                else:
                    image_id = writer.add_image_mask(samples_w, samples_h, data)
                placements.append(Placement(image_id, *place(left, top, width, height), mask_color=color))
            writer.add_page(placements)
        count += 1
    writer.close()
    return count


def write_card_pngs(cards: Iterable[CardData], renderer: CardRenderer, directory: str | Path) -> list[Path]:
    """``<card number>-front.png`` and ``-back.png`` per card, at the printer's resolution."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for card in cards:
        images = renderer.render(card)
        for side, image in (("front", images.front), ("back", images.back)):
            path = directory / f"{card.card_number}-{side}.png"
            image.save(path, format="PNG", dpi=(renderer.canvas.dpi, renderer.canvas.dpi), compress_level=3)
            written.append(path)
    return written


def preview_png(
    card: CardData,
    renderer: CardRenderer,
    sides: Literal["front", "back", "both"] = "both",
    scale: float = 0.5,
) -> bytes:
    """A PNG preview for the API: the card faces as a person sees them (rounded corners, no bleed)."""
    chosen: list[Side] = ["front", "back"] if sides == "both" else [sides]
    canvas = renderer.canvas
    ox, oy = canvas.offset_px
    card_w, card_h = canvas.mm_to_px(CR80_WIDTH_MM), canvas.mm_to_px(CR80_HEIGHT_MM)
    width, height = max(1, round(card_w * scale)), max(1, round(card_h * scale))
    radius = round(canvas.mm_to_px(renderer.template.corner_radius_mm) * scale)
    mask = Image.new("L", (width, height), 0)
    ImageDraw.Draw(mask).rounded_rectangle((0, 0, width - 1, height - 1), radius=radius, fill=255)
    gap = round(40 * scale)
    sheet = Image.new("RGBA", (width, height * len(chosen) + gap * (len(chosen) - 1)), (0, 0, 0, 0))
    for index, side in enumerate(chosen):
        face = renderer.render_face(card, side).crop((ox, oy, ox + card_w, oy + card_h))
        face = face.resize((width, height), Image.Resampling.LANCZOS)
        sheet.paste(face, (0, index * (height + gap)), mask)
    buffer = io.BytesIO()
    sheet.save(buffer, format="PNG", optimize=False)
    return buffer.getvalue()
