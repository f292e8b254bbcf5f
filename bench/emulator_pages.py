"""Baseline for the sync benchmark: a plain HTTP client reading every member from the 1C emulator.

Prints one JSON line per page size: how long a bare ``requests`` + ``json`` loop takes to read N
members in keyset pages (``$orderby=Ref_Key`` + ``Ref_Key gt guid'…'`` + ``$top``). The gateway's
own sync benchmark divides its time by this figure to show its overhead.

    python bench/emulator_pages.py --members 1000000 --page-size 5000 --page-size 10000

The emulator's data file is kept (default var/bench/emulator-<N>.sqlite) so reruns skip generation;
``--url`` reads from an emulator that is already running instead.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import click
import requests

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from adapters.onec.auth import Utf8BasicAuth  # noqa: E402
from adapters.onec.emulator.process import DEFAULT_PASSWORD, DEFAULT_USER, EmulatorProcess  # noqa: E402
from adapters.onec.mapping import OneCMapping  # noqa: E402


def read_all(odata_root: str, entity_set: str, page_size: int) -> tuple[int, int, float]:
    """(rows, bytes, seconds) for one full keyset scan with a plain client."""
    session = requests.Session()
    session.auth = Utf8BasicAuth(DEFAULT_USER, DEFAULT_PASSWORD)
    rows = size = 0
    last: str | None = None
    started = time.perf_counter()
    while True:
        flt = f"&$filter=Ref_Key gt guid'{last}'" if last else ""
        url = f"{odata_root}{entity_set}?$format=json&$orderby=Ref_Key&$top={page_size}{flt}"
        response = session.get(url, timeout=120)
        response.raise_for_status()
        size += len(response.content)
        page = json.loads(response.content)["value"]
        rows += len(page)
        if len(page) < page_size:
            break
        last = page[-1]["Ref_Key"]
    return rows, size, time.perf_counter() - started


@click.command()
@click.option("--members", default=1_000_000, show_default=True)
@click.option("--page-size", "page_sizes", multiple=True, type=int, default=(5000, 10000), show_default=True)
@click.option("--data-file", type=click.Path(dir_okay=False), default=None)
@click.option(
    "--url", default=None, help="Base URL of a running emulator, e.g. http://127.0.0.1:8081/registry"
)
def main(members: int, page_sizes: tuple[int, ...], data_file: str | None, url: str | None) -> None:
    entity_set = OneCMapping().members.entity_set
    emulator = None
    startup = 0.0
    if url is None:
        path = Path(data_file or f"var/bench/emulator-{members}.sqlite")
        path.parent.mkdir(parents=True, exist_ok=True)
        started = time.perf_counter()
        emulator = EmulatorProcess(data_file=path, members=members, seed=1, sessions=8).start(timeout=600)
        startup = time.perf_counter() - started
        odata_root = emulator.odata_root
    else:
        odata_root = url.rstrip("/") + "/odata/standard.odata/"
    try:
        for page_size in page_sizes:
            rows, size, seconds = read_all(odata_root, entity_set, page_size)
            print(json.dumps({
                "bench": "emulator_pages", "members": rows, "page_size": page_size,
                "seconds": round(seconds, 3), "members_per_s": round(rows / seconds),
                "mb": round(size / 2**20, 1), "emulator_startup_s": round(startup, 1),
            }), flush=True)  # fmt: skip
    finally:
        if emulator is not None:
            emulator.stop()


if __name__ == "__main__":
    main()
