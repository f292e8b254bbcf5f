"""Fitting a text into its box: shrink first, then wrap, never clip.

Long Russian names ("Константинопольская-Преображенская Александра-Мария Вячеславовна") and
organisation names of three lines are normal, so every text element has a size range and a number
of lines; when even the last line count at the smallest designed size does not fit, the text keeps
shrinking down to a hard floor rather than being cut, and below that floor rendering fails loudly.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from PIL import ImageFont

# Below this size a card line is hard to read on a retransfer print: fail instead of printing it
# (a long organisation name is shortened by card_printing.abbreviations before it gets here).
HARD_FLOOR_PT = 6.0
SIZE_STEP_PT = 0.5

_BREAK_AFTER = re.compile(r"(?<=[ \-‐–])")


class TextDoesNotFitError(ValueError):
    """The text cannot be set in its box even at the hard floor size."""


@dataclass(frozen=True, slots=True)
class FittedText:
    lines: tuple[str, ...]
    size_px: int
    font: ImageFont.FreeTypeFont
    line_pitch_px: int
    ascent_px: int
    descent_px: int

    @property
    def height_px(self) -> int:
        return (len(self.lines) - 1) * self.line_pitch_px + self.ascent_px + self.descent_px


@lru_cache(maxsize=512)
def load_font(path: Path, size_px: int) -> ImageFont.FreeTypeFont:
    # Loading a TrueType face parses the whole file: cache per (file, size) for the whole process.
    return ImageFont.truetype(str(path), size_px, layout_engine=ImageFont.Layout.BASIC)


def _wrap(words: list[str], font: ImageFont.FreeTypeFont, width_px: int, max_lines: int) -> list[str] | None:
    """Greedy wrap of pre-split chunks (each keeps its trailing space/hyphen); None when it won't fit."""
    lines: list[str] = []
    current = ""
    for word in words:
        candidate = current + word
        if font.getlength(candidate.rstrip()) <= width_px:
            current = candidate
            continue
        if not current:  # a single chunk wider than the box: only a smaller size helps
            return None
        lines.append(current.rstrip())
        if len(lines) >= max_lines:
            return None
        current = word
        if font.getlength(current.rstrip()) > width_px:
            return None
    if current.strip():
        lines.append(current.rstrip())
    return lines if len(lines) <= max_lines else None


def _sizes(start_pt: float, stop_pt: float) -> list[float]:
    sizes = []
    size = start_pt
    while size >= stop_pt - 1e-9:
        sizes.append(size)
        size -= SIZE_STEP_PT
    return sizes


def fit_text(
    text: str,
    font_path: Path,
    box_w_px: int,
    box_h_px: int,
    size_pt: float,
    min_size_pt: float,
    max_lines: int,
    dpi: int,
    line_spacing: float = 1.15,
    floor_pt: float = HARD_FLOOR_PT,
) -> FittedText:
    """Largest size and fewest lines that fit: one line from ``size_pt`` down to ``min_size_pt``, then
    two lines over the same range, and so on; past ``max_lines`` keep shrinking to ``floor_pt``
    (never below the hard floor)."""
    floor_pt = max(floor_pt, HARD_FLOOR_PT)
    text = " ".join(text.split())
    words = [w for w in _BREAK_AFTER.split(text) if w]
    attempts: list[tuple[int, float]] = [
        (lines, size) for lines in range(1, max_lines + 1) for size in _sizes(size_pt, min_size_pt)
    ]
    attempts += [(max_lines, size) for size in _sizes(min_size_pt - SIZE_STEP_PT, floor_pt)]
    for line_count, size in attempts:
        size_px = max(1, round(size * dpi / 72))
        font = load_font(font_path, size_px)
        ascent, descent = font.getmetrics()
        pitch = round(size_px * line_spacing)
        if (line_count - 1) * pitch + ascent + descent > box_h_px:
            continue
        lines = _wrap(words, font, box_w_px, line_count) if words else [""]
        if lines is not None:
            return FittedText(tuple(lines), size_px, font, pitch, ascent, descent)
    raise TextDoesNotFitError(
        f"text {text!r} does not fit {box_w_px}x{box_h_px} px in {max_lines} line(s) even at {floor_pt} pt"
    )
