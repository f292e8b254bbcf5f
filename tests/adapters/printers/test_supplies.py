"""Supply levels parsed from what printers report, and the warning that a batch will not fit."""

from __future__ import annotations

from pathlib import Path

from adapters.printers.devspool import DevSpoolPrinter
from adapters.printers.supplies import Supplies, from_ipp


def test_marker_levels_are_used_when_printer_supply_is_absent() -> None:
    attrs = {
        "marker-names": ["Ribbon YMCKO", "Waste"],
        "marker-levels": [40, 90],
        "marker-types": ["ink-ribbon", "waste-ink"],
    }
    supplies = from_ipp(attrs, ribbon_capacity_prints=250)
    assert (supplies.ribbon_percent, supplies.ribbon_prints_left, supplies.cards_left) == (40, 100, None)


def test_supply_counted_in_impressions_and_unknown_levels() -> None:
    attrs = {
        "printer-supply": [
            b"type=ribbonWax;class=supplyThatIsConsumed;unit=impressions;maxcapacity=500;level=120;"
        ],
        "printer-input-tray": [b"type=sheetFeedAutoRemovableTray;maxcapacity=100;level=-3;name=main"],
    }
    supplies = from_ipp(attrs)
    assert (supplies.ribbon_percent, supplies.ribbon_prints_left, supplies.cards_left) == (24, 120, None)
    assert from_ipp({"marker-levels": [-1]}).ribbon_percent is None


def test_shortfalls_name_what_is_missing() -> None:
    assert Supplies(cards_left=10, ribbon_prints_left=None).shortfalls(10) == []
    [cards] = Supplies(cards_left=9).shortfalls(10)
    assert "Заготовок в лотке 9, а партии нужно ещё 10" in cards
    assert Supplies().shortfalls(1000) == []  # nothing reported: nothing judged


def test_spool_printer_reports_what_its_control_file_loaded(tmp_path: Path) -> None:
    control = tmp_path / "control.json"
    control.write_text('{"cards_in_hopper": 12, "ribbon_prints_left": 50}', encoding="utf-8")
    printer = DevSpoolPrinter(tmp_path / "spool", control_file=control)
    supplies = printer.supplies(ribbon_capacity_prints=200)
    assert (supplies.cards_left, supplies.ribbon_prints_left, supplies.ribbon_percent) == (12, 50, 25)
