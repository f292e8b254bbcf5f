"""Order intake benchmark: prints JSON lines.

1. ingest: a 100,000-row CSV (Windows-1251, ``;``) through the real upload path (parse, validate
   against 1,000,000 members in PostgreSQL, store orders + cards + events + outbox), in a child
   process so its peak RSS is its own.
2. allocate: card numbers per second with 2 concurrent worker processes, one transaction per
   allocation of 1 number (an API call) and of 100 numbers (a chunk of a file).

Usage: .venv/bin/python bench/orders.py [--members 1000000] [--rows 100000] [--runs 3]
Uses the database in GATEWAY_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/bench),
which it creates and fills on first use.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing as mp
import os
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

URL = os.environ.get("GATEWAY_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench")


def _settings():  # type: ignore[no-untyped-def]
    from gateway.settings import load_settings

    return load_settings(database_url=URL, secret_key="bench-secret-key-0123456789", broker_url="memory://")


def ensure_database(members: int) -> None:
    from gateway.db.migrate import upgrade
    from gateway.db.session import make_engine
    from gateway.devtools.demo_registry import generate_registry
    from gateway.models import Member

    admin = create_engine(URL.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        if not c.scalar(text("SELECT 1 FROM pg_database WHERE datname = 'bench'")):
            c.execute(text("CREATE DATABASE bench"))
    admin.dispose()
    settings = _settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    with engine.connect() as c:
        have = c.scalar(select(func.count(Member.id)))
    if have != members:
        with engine.begin() as c:
            c.execute(
                text(
                    "TRUNCATE organisations, members, card_orders, cards, events, outbox, uploads, upload_rows, "
                    "card_number_counters, print_batches, batch_region_counts CASCADE"
                )
            )
        t0 = time.perf_counter()
        generate_registry(engine, regions=10, members=members, primaries_per_region=200, chunk=20_000)
        with engine.begin() as c:
            c.execute(text("ANALYZE"))
        print(
            json.dumps(
                {
                    "setup": "generated members",
                    "members": members,
                    "seconds": round(time.perf_counter() - t0, 1),
                }
            ),
            flush=True,
        )
    engine.dispose()


def reset_orders() -> None:
    from gateway.db.session import make_engine

    engine = make_engine(_settings().database_url)
    with engine.begin() as c:
        c.execute(
            text(
                "TRUNCATE card_orders, cards, events, outbox, uploads, upload_rows, card_number_counters, "
                "print_batches, batch_region_counts CASCADE"
            )
        )
        # Bench only: the card-number sequences start again (the product never reuses a number, so
        # runs would otherwise use up a region's 10 million numbers).
        for (name,) in c.execute(
            text("SELECT sequencename FROM pg_sequences WHERE sequencename LIKE 'card_number_seq_%'")
        ):
            c.execute(text(f"ALTER SEQUENCE {name} RESTART"))
    engine.dispose()


def build_csv(rows: int) -> bytes:
    """Half the rows name the member by 1C reference, half by ФИО + birth date + organisation."""
    from gateway.db.session import make_engine
    from gateway.models import Member, Organisation

    engine = make_engine(_settings().database_url)
    with engine.connect() as c:
        region_id = c.scalar(select(Organisation.id).where(Organisation.region_code == "77"))
        q = (
            select(
                Member.onec_ref,
                Member.surname,
                Member.name,
                Member.patronymic,
                Member.birth_date,
                Organisation.code,
            )
            .join(Organisation, Organisation.id == Member.organisation_id)
            .where(Member.region_id == region_id, Member.consent.is_(True), Member.left_on.is_(None))
            .order_by(Member.id)
            .limit(rows)
        )
        members = c.execute(q).all()
    engine.dispose()
    lines = ["Код 1С;Фамилия;Имя;Отчество;Дата рождения;Организация;Причина"]
    for i, m in enumerate(members):
        if i % 2:
            lines.append(f"{m.onec_ref};;;;;;первичный")
        else:
            lines.append(f";{m.surname};{m.name};{m.patronymic};{m.birth_date:%d.%m.%Y};{m.code};первичный")
    return ("\r\n".join(lines) + "\r\n").encode("cp1251")


def _ingest_child(path: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    from gateway.db.session import make_engine, make_sessionmaker, unit_of_work
    from gateway.models import Organisation, Upload
    from gateway.orders.uploads import create_upload, process_upload

    settings = _settings()
    factory = make_sessionmaker(make_engine(settings.database_url))
    content = Path(path).read_bytes()
    t0 = time.perf_counter()
    with unit_of_work(factory) as s:
        region_id = s.scalar(select(Organisation.id).where(Organisation.region_code == "77"))
        upload = create_upload(
            s,
            settings,
            region_id=region_id,
            submitted_by="bench",
            filename="bench.csv",
            content=content,
            all_or_nothing=False,
        )
        upload_id = upload.id
    process_upload(factory, settings, upload_id)
    elapsed = time.perf_counter() - t0
    with factory() as s:
        up = s.get(Upload, upload_id)
        result = {"accepted": up.accepted_rows, "rejected": up.rejected_rows, "seconds": elapsed}
    result["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    queue.put(result)


def bench_ingest(rows: int, runs: int) -> None:
    csv_path = Path("/tmp/bench-orders.csv")
    csv_path.write_bytes(build_csv(rows))
    timings, peaks = [], []
    for _ in range(runs):
        reset_orders()
        q: mp.Queue = mp.get_context("spawn").Queue()  # type: ignore[type-arg]
        p = mp.get_context("spawn").Process(target=_ingest_child, args=(str(csv_path), q))
        p.start()
        r = q.get()
        p.join()
        assert r["rejected"] == 0, r
        rows = r["accepted"]
        timings.append(r["seconds"])
        peaks.append(r["peak_rss_mb"])
    med = statistics.median(timings)
    print(
        json.dumps(
            {
                "bench": "ingest_csv",
                "rows": rows,
                "runs": runs,
                "median_seconds": round(med, 2),
                "rows_per_second": round(rows / med),
                "peak_rss_mb_max": round(max(peaks)),
                "target_rows_per_second": 10_000,
                "target_peak_mb": 500,
            }
        ),
        flush=True,
    )


def _alloc_child(per_tx: int, seconds: float, region: str, queue: mp.Queue) -> None:  # type: ignore[type-arg]
    from gateway.cards.numbering import allocate_numbers
    from gateway.db.session import make_engine, make_sessionmaker, unit_of_work

    settings = _settings()
    factory = make_sessionmaker(make_engine(settings.database_url))
    got: list[str] = []
    deadline = time.perf_counter() + seconds
    while time.perf_counter() < deadline:
        with unit_of_work(factory) as s:
            got += allocate_numbers(s, settings.numbers, region, per_tx)
    queue.put(got)


def bench_allocate(seconds: float, runs: int) -> None:
    ctx = mp.get_context("spawn")
    for per_tx in (1, 100):
        rates = []
        for _ in range(runs):
            reset_orders()
            q = ctx.Queue()
            procs = [ctx.Process(target=_alloc_child, args=(per_tx, seconds, "77", q)) for _ in range(2)]
            for p in procs:
                p.start()
            results = [q.get() for _ in procs]
            for p in procs:
                p.join()
            flat = [n for r in results for n in r]
            assert len(flat) == len(set(flat)), "duplicate card number allocated"
            rates.append(len(flat) / seconds)
        print(
            json.dumps(
                {
                    "bench": "allocate_numbers",
                    "workers": 2,
                    "numbers_per_transaction": per_tx,
                    "runs": runs,
                    "median_numbers_per_second": round(statistics.median(rates)),
                    "duplicates": 0,
                    "target_numbers_per_second": 2_000,
                }
            ),
            flush=True,
        )


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=1_000_000)
    ap.add_argument("--rows", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--alloc-seconds", type=float, default=5.0)
    ap.add_argument("--only-allocate", action="store_true")
    args = ap.parse_args()
    ensure_database(args.members)
    if not args.only_allocate:
        bench_ingest(args.rows, args.runs)
    bench_allocate(args.alloc_seconds, args.runs)


if __name__ == "__main__":
    main()
