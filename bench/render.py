"""Card personalisation benchmarks; prints one JSON object per line.

- render: cards/s rendering front + back (with barcode and QR) on one core, median of several runs;
- pdf: seconds and peak RSS to build the PDF of a batch (10,000 cards by default);
- encode: per-card encode + read-back verify time through pcscd + vpcd + the virtual card.

    .venv/bin/python bench/render.py [--cards 10000] [--workers N] [--skip-pdf] [--skip-encode]

Targets (issue 4): >= 100 cards/s per core; 10,000-card PDF < 120 s and < 1 GB; encode < 200 ms.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import resource
import statistics
import sys
import tempfile
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey  # noqa: E402

from card_printing import payload  # noqa: E402
from card_printing.card_data import CardData, luhn_is_valid  # noqa: E402
from card_printing.printfiles import write_batch_pdf  # noqa: E402
from card_printing.render import CardRenderer, renderer_for  # noqa: E402

SURNAMES = [
    "Иванова",
    "Смирнов",
    "Кузнецова",
    "Попов",
    "Васильева",
    "Петров",
    "Соколова",
    "Михайлов",
    "Новикова-Заречная",
    "Фёдоров",
    "Морозова",
    "Волков",
    "Алексеева",
    "Лебедев",
    "Семёнова",
]
NAMES = [("Мария", "Петровна"), ("Иван", "Сергеевич"), ("Анна", "Викторовна"), ("Алексей", "Иванович")]
REGIONS = [
    "Тверская областная организация",
    "Алтайская краевая организация",
    "Межрегиональная организация Санкт-Петербурга и Ленинградской области",
]


def make_cards(count: int, key: Ed25519PrivateKey) -> Iterator[CardData]:
    """Realistic variety: every number, surname and payload differs; organisations repeat, as in a batch."""
    issue = dt.date(2024, 9, 1)
    for index in range(count):
        prefix = f"42760002{index:07d}"
        number = next(prefix + d for d in "0123456789" if luhn_is_valid(prefix + d))
        ref = uuid.uuid4()
        name, patronymic = NAMES[index % len(NAMES)]
        yield CardData(
            number,
            f"{SURNAMES[index % len(SURNAMES)]}{'-' + str(index) if index % 3 else ''}",
            name,
            patronymic,
            f"Первичная профсоюзная организация МБОУ «Средняя школа № {index % 60 + 1}»",
            REGIONS[index % len(REGIONS)],
            issue,
            ref,
            payload.sign(payload.CardPayload(number, ref, issue), key).text,
        )


def bench_render(renderer: CardRenderer, key: Ed25519PrivateKey, runs: int = 5, per_run: int = 300) -> dict:
    cards = list(make_cards(per_run, key))
    renderer.render(cards[0])  # warm the caches of the static layers and fonts
    rates = []
    cpu_rates = []
    for _ in range(runs):
        started, cpu_started = time.perf_counter(), time.process_time()
        for card in cards:
            renderer.render(card)
        rates.append(per_run / (time.perf_counter() - started))
        cpu_rates.append(per_run / (time.process_time() - cpu_started))
    return {
        "bench": "render",
        "cards_per_s_median": round(statistics.median(rates), 1),
        "runs": [round(r, 1) for r in rates],
        # Cards per second of this process's own CPU time: the per-core rate when other work shares
        # the machine (wall-clock rates then mostly measure the wait for a core).
        "cards_per_cpu_s_median": round(statistics.median(cpu_rates), 1),
        "cards_per_run": per_run,
        "target": ">= 100",
    }


def bench_pdf(renderer: CardRenderer, key: Ed25519PrivateKey, count: int, workers: int) -> dict:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "batch.pdf"
        started = time.perf_counter()
        written = write_batch_pdf(make_cards(count, key), renderer, path, workers=workers)
        seconds = time.perf_counter() - started
        size = path.stat().st_size
    self_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children_mb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    return {
        "bench": "pdf",
        "cards": written,
        "pages": 2 * written,
        "seconds": round(seconds, 1),
        "workers": workers,
        "peak_rss_main_mb": round(self_mb),
        "peak_rss_worker_mb": round(children_mb),
        "peak_rss_total_mb_upper_bound": round(self_mb + workers * children_mb),
        "pdf_mb": round(size / 2**20),
        "target": "< 120 s, < 1024 MB",
    }


def bench_encode(samples: int = 50) -> list[dict]:
    from adapters.pcsc.devstack import ensure_pcscd, wait_for_reader_state
    from adapters.pcsc.encoder import EncoderSettings, PcscEncoder
    from adapters.pcsc.virtual_card import VirtualCard

    handle = ensure_pcscd()
    results = []
    try:
        encoder = PcscEncoder(EncoderSettings(card_timeout_s=5))
        blob = os.urandom(payload.PAYLOAD_LENGTH)
        for card_type in ("mifare_classic_1k", "ntag213", "iso7816"):
            with VirtualCard(card_type):
                wait_for_reader_state("Virtual PCD 00 00", card_present=True, timeout=5)
                times = []
                for _ in range(samples):
                    result = encoder.encode(blob)
                    if not result.ok:
                        raise RuntimeError(f"encode failed: {result.status} {result.detail}")
                    times.append(result.elapsed_ms)
            wait_for_reader_state("Virtual PCD 00 00", card_present=False, timeout=5)
            results.append(
                {
                    "bench": "encode",
                    "card_type": card_type,
                    "samples": samples,
                    "ms_median": round(statistics.median(times), 2),
                    "ms_max": round(max(times), 2),
                    "target": "< 200 ms",
                }
            )
        encoder.close()
    finally:
        handle.stop()
    return results


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--cards", type=int, default=10_000)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--skip-pdf", action="store_true")
    parser.add_argument("--skip-encode", action="store_true")
    args = parser.parse_args()
    key = payload.generate_private_key()
    renderer = renderer_for()
    print(
        json.dumps({"bench": "machine", "cpus": os.cpu_count(), "load_avg_1m": round(os.getloadavg()[0], 2)}),
        flush=True,
    )
    print(json.dumps(bench_render(renderer, key)), flush=True)
    if not args.skip_encode:
        for line in bench_encode():
            print(json.dumps(line), flush=True)
    if not args.skip_pdf:
        print(json.dumps(bench_pdf(renderer, key, args.cards, args.workers)), flush=True)


if __name__ == "__main__":
    main()
