"""The IPP printer adapter against CUPS's ippeveprinter (a real IPP Everywhere printer)."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from PIL import Image

from adapters.printers.base import PrinterOfflineError, PrinterState
from adapters.printers.ipp import IppPrinter, state_from_reasons

pytestmark = pytest.mark.ipp

FRONT = Image.new("RGB", (1011, 638), "navy")
BACK = Image.new("RGB", (1011, 638), "white")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _ensure_daemons() -> None:
    """ippeveprinter registers itself over DNS-SD: it needs the system bus and avahi running.
    The same script the test command runs starts them (it copes with a stale bus socket)."""
    script = Path(__file__).resolve().parents[3] / "scripts" / "start-dns-sd.sh"
    done = subprocess.run([str(script)], capture_output=True, text=True)
    if done.returncode != 0:
        pytest.fail(f"D-Bus/Avahi did not start ({script}): {done.stdout}{done.stderr}")


@pytest.fixture(scope="module")
def ippeve(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    if shutil.which("ippeveprinter") is None:
        pytest.fail("ippeveprinter missing: install the Debian package cups-ipp-utils")
    _ensure_daemons()
    spool = tmp_path_factory.mktemp("ippeve")
    port = _free_port()
    log = (spool / "ippeveprinter.log").open("wb")
    proc = subprocess.Popen(
        [
            "ippeveprinter",
            "-k",
            "-d",
            str(spool),
            "-p",
            str(port),
            "-f",
            "application/pdf,image/pwg-raster",
            "Card Printer",
        ],
        stdout=log,
        stderr=subprocess.STDOUT,
        env={**os.environ, "LANG": "C"},
    )
    uri = f"ipp://127.0.0.1:{port}/ipp/print"
    printer = IppPrinter(uri, timeout=2)
    deadline = time.monotonic() + 15
    while True:
        try:
            printer.status()
            break
        except PrinterOfflineError:
            if time.monotonic() > deadline or proc.poll() is not None:
                proc.kill()
                pytest.fail(f"ippeveprinter did not start: {(spool / 'ippeveprinter.log').read_text()}")
            time.sleep(0.1)
    yield uri, spool
    proc.terminate()
    proc.wait(timeout=10)
    log.close()


def test_prints_a_card_and_the_document_arrives(ippeve: tuple[str, Path]) -> None:
    uri, spool = ippeve
    printer = IppPrinter(uri, name="ipp-test")
    assert printer.status().state in (PrinterState.READY, PrinterState.BUSY)
    assert "application/pdf" in printer.attributes()["document-format-supported"]
    printer.feed()
    job_id = printer.print_card(FRONT, BACK, job_name="9643007700000018")
    printer.eject()
    kept = [p for p in spool.rglob("*") if p.is_file() and p.suffix == ".pdf"]
    assert kept, f"no job file kept in {spool}: {list(spool.rglob('*'))}"
    document = max(kept, key=lambda p: p.stat().st_mtime).read_bytes()
    assert (
        document.startswith(b"%PDF")
        and document.count(b"/Type /Page\n") + document.count(b"/Type /Page ") + document.count(b"/Type/Page")
        >= 1
    )
    assert int(job_id) >= 1


def test_unreachable_printer_is_offline() -> None:
    printer = IppPrinter(f"ipp://127.0.0.1:{_free_port()}/ipp/print", timeout=1)
    with pytest.raises(PrinterOfflineError) as info:
        printer.feed()
    assert info.value.pauses_station and "недоступен" in info.value.message_ru


@pytest.mark.parametrize(
    ("reasons", "state"),
    [
        (["media-empty-error"], PrinterState.OUT_OF_CARDS),
        (["marker-supply-empty-error"], PrinterState.OUT_OF_RIBBON),
        (["media-jam"], PrinterState.JAMMED),
        (["door-open-error"], PrinterState.COVER_OPEN),
        (["media-empty-warning"], PrinterState.READY),  # a warning does not stop the station
        ([], PrinterState.READY),
    ],
)
def test_state_reasons_map_to_typed_states(reasons: list[str], state: PrinterState) -> None:
    assert state_from_reasons(3, reasons).state is state


def _set_levels(uri: str, *, ribbon: int, cards: int) -> None:
    """Change what ippeveprinter reports, through its own web forms (/supplies, /media), as a printer
    whose ribbon is used up and whose hopper empties would."""
    import requests

    base = "http" + uri[3:].split("/ipp/")[0]
    assert requests.get(f"{base}/supplies", params={"supply0": 0, "supply1": ribbon}, timeout=5).ok
    assert requests.get(
        f"{base}/media",
        params={
            "size1": "na_letter_8.5x11in",
            "type1": "cardstock",
            "level1": cards,
            "size3": "",
            "type3": "",
            "level3": -2,
        },
        timeout=5,
    ).ok


def test_supply_levels_come_from_printer_supply_and_input_tray(ippeve: tuple[str, Path]) -> None:
    uri, _ = ippeve
    _set_levels(uri, ribbon=10, cards=25)
    supplies = IppPrinter(uri).supplies(ribbon_capacity_prints=200)
    # The toner of ippeveprinter stands for the card ribbon; its waste tank is not a supply left.
    assert supplies.ribbon_percent == 10 and supplies.ribbon_prints_left == 20
    assert supplies.cards_left == 25
    assert supplies.shortfalls(20) == []
    warnings = supplies.shortfalls(30)
    assert (
        len(warnings) == 2 and "Заготовок в лотке 25" in warnings[0] and "примерно на 20 карт" in warnings[1]
    )
    _set_levels(uri, ribbon=75, cards=250)
    assert IppPrinter(uri).supplies(200).shortfalls(30) == []
    assert IppPrinter(uri).supplies().ribbon_prints_left is None  # capacity unknown: percent only
