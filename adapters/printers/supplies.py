"""Ribbon and blank cards left in a printer, where the printer reports them, and whether a batch fits.

Sources:

- IPP: ``printer-supply`` (PWG 5100.13: ``type=…;unit=percent;maxcapacity=100;level=75;class=…``),
  ``marker-levels`` with ``marker-names`` / ``marker-types`` (RFC 3805 style, 0..100 %, negative =
  unknown), and ``printer-input-tray`` (PWG 5100.13: ``maxcapacity=250;level=100;…``: the level of a
  tray is in sheets — for a card printer, blank cards in the hopper);
- the Evolis SDK's ribbon information (``remaining`` prints of ``capacity``);
- the spool printer's fault switches (``cards_in_hopper``, ``ribbon_prints_left``).

A ribbon reported only in percent is turned into prints left with the ribbon's capacity in prints
from the station's settings (``ribbon_capacity_prints``, e.g. 200 for a YMCKO ribbon); without it
only the percentage is shown and no fit is judged on the ribbon.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

_CONSUMED = "supplyThatIsConsumed"
_WASTE_TYPES = ("waste", "receptacle")


@dataclass(frozen=True, slots=True)
class SupplyLevel:
    name: str
    percent: int | None  # 0..100, None = unknown
    remaining: int | None = None  # in prints, when the printer counts them


@dataclass(frozen=True, slots=True)
class Supplies:
    cards_left: int | None = None  # blank cards in the input hopper(s)
    ribbon_percent: int | None = None
    ribbon_prints_left: int | None = None
    levels: tuple[SupplyLevel, ...] = field(default=())

    def shortfalls(self, cards_needed: int) -> list[str]:
        """Russian warnings when ``cards_needed`` cards will not fit in what is left."""
        out: list[str] = []
        if cards_needed <= 0:
            return out
        if self.cards_left is not None and self.cards_left < cards_needed:
            out.append(
                f"Заготовок в лотке {self.cards_left}, а партии нужно ещё {cards_needed}: доложите карты."
            )
        if self.ribbon_prints_left is not None and self.ribbon_prints_left < cards_needed:
            out.append(
                f"Ленты осталось примерно на {self.ribbon_prints_left} карт, а партии нужно ещё "
                f"{cards_needed}: подготовьте новую ленту."
            )
        return out


def parse_keyvalues(raw: bytes | str) -> dict[str, str]:
    text = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else raw
    pairs = (part.split("=", 1) for part in text.split(";") if "=" in part)
    return {k.strip(): v.strip() for k, v in pairs}


def _int(value: str | None) -> int | None:
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def _ribbon_prints(percent: int | None, capacity: int | None) -> int | None:
    return percent * capacity // 100 if percent is not None and capacity else None


def from_ipp(attrs: dict[str, list[object]], ribbon_capacity_prints: int | None = None) -> Supplies:
    levels: list[SupplyLevel] = []
    descriptions = [str(d) for d in attrs.get("printer-supply-description", [])]
    prints_left: list[int] = []
    for index, raw in enumerate(attrs.get("printer-supply", [])):
        fields = parse_keyvalues(raw if isinstance(raw, bytes | str) else b"")
        if fields.get("class") != _CONSUMED or any(w in fields.get("type", "").lower() for w in _WASTE_TYPES):
            continue
        level, capacity = _int(fields.get("level")), _int(fields.get("maxcapacity"))
        name = descriptions[index] if index < len(descriptions) else fields.get("type", "supply")
        if level is None or level < 0:
            levels.append(SupplyLevel(name, None))
        elif fields.get("unit") == "percent" or not capacity or capacity <= 0:
            levels.append(SupplyLevel(name, min(level, 100)))
        else:  # counted in impressions: capacity and level are prints
            levels.append(SupplyLevel(name, level * 100 // capacity, level))
            prints_left.append(level)
    if not levels:
        names = [str(n) for n in attrs.get("marker-names", [])]
        types = [str(t) for t in attrs.get("marker-types", [])]
        for index, value in enumerate(attrs.get("marker-levels", [])):
            kind = types[index] if index < len(types) else ""
            if any(w in kind for w in _WASTE_TYPES):
                continue
            level = value if isinstance(value, int) and value >= 0 else None
            levels.append(
                SupplyLevel(
                    names[index] if index < len(names) else f"marker {index + 1}",
                    min(level, 100) if level is not None else None,
                )
            )
    known = [lv.percent for lv in levels if lv.percent is not None]
    percent = min(known) if known else None
    ribbon_prints = min(prints_left) if prints_left else _ribbon_prints(percent, ribbon_capacity_prints)
    return Supplies(
        _cards_in_trays(attrs.get("printer-input-tray", [])), percent, ribbon_prints, tuple(levels)
    )


def _cards_in_trays(trays: Iterable[object]) -> int | None:
    total, known = 0, False
    for raw in trays:
        fields = parse_keyvalues(raw if isinstance(raw, bytes | str) else b"")
        level, capacity = _int(fields.get("level")), _int(fields.get("maxcapacity"))
        if level is not None and level >= 0 and capacity is not None and capacity > 0:
            total, known = total + level, True
    return total if known else None
