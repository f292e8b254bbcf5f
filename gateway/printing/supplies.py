"""Supply levels of each station's printer for the stations page, and the warning that a batch will
not fit in what is left.

The web process asks the printer itself (IPP Get-Printer-Attributes, the Evolis SDK, the spool
printer's control file) with the station's settings, at most once every ``CACHE_SECONDS`` per
station, so a page refresh never queues behind a slow printer twice. A printer that cannot be asked
(offline, another host's USB) shows no levels, never an error page. For the development spool printer
this is what its control file says was loaded, not the station's running count.
"""

from __future__ import annotations

import logging
import time
from dataclasses import dataclass

from adapters.printers.supplies import Supplies
from gateway.printing.devices import build_printer, station_settings
from gateway.settings import Settings

log = logging.getLogger(__name__)

CACHE_SECONDS = 15.0
_cache: dict[str, tuple[float, Supplies | None]] = {}


@dataclass(frozen=True)
class SupplyView:
    supplies: Supplies | None
    cards_needed: int
    warnings: tuple[str, ...]


def station_supplies(settings: Settings, name: str, *, now: float | None = None) -> Supplies | None:
    now = time.monotonic() if now is None else now
    cached = _cache.get(name)
    if cached is not None and now - cached[0] < CACHE_SECONDS:
        return cached[1]
    result: Supplies | None = None
    try:
        printer = build_printer(settings, name)
        try:
            ask = getattr(printer, "supplies", None)
            capacity = station_settings(settings, name).printer.ribbon_capacity_prints
            result = ask(capacity) if ask is not None else None
        finally:
            close = getattr(printer, "close", None)
            if close is not None:
                close()
    except Exception as exc:  # an unreachable printer shows no levels; the page must still render
        log.warning("station %s: supply levels unavailable: %s", name, exc.__class__.__name__)
    _cache[name] = (now, result)
    return result


def supply_view(settings: Settings, name: str, cards_needed: int) -> SupplyView:
    supplies = station_supplies(settings, name)
    warnings = tuple(supplies.shortfalls(cards_needed)) if supplies is not None else ()
    return SupplyView(supplies, cards_needed, warnings)


def clear_cache() -> None:
    _cache.clear()
