"""Virtual ЭПБ benchmark: prints JSON lines with medians.

1. issue: virtual-only issuance per second — API-style calls of ``--batch`` orders each, through the
   real intake (member look-up and rules, order → number → card «virtual» → events → «Выдан» in the
   1C outbox), one transaction per call. Target ≥ 500/s.
2. pass: wallet passes per second — ``pass_for_card`` for issued cards (database read, payload
   signature, pass.json, manifest, detached PKCS #7 signature, ZIP). Target ≥ 100/s.

Usage: .venv/bin/python bench/virtual.py [--members 20000] [--batch 100] [--runs 5] [--passes 200]
Uses GATEWAY_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/wt12_bench), created
and filled on first use.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

URL = os.environ.get("GATEWAY_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/wt12_bench")


def _settings():  # type: ignore[no-untyped-def]
    from gateway.settings import load_settings

    return load_settings(database_url=URL, secret_key="bench-secret-key-0123456789", broker_url="memory://")


def ensure_database(members: int) -> None:
    from gateway.db.migrate import upgrade
    from gateway.db.session import make_engine
    from gateway.devtools.demo_registry import generate_registry
    from gateway.models import Member

    name = URL.rsplit("/", 1)[1]
    admin = create_engine(URL.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        if not c.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    settings = _settings()
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    with engine.connect() as c:
        have = c.scalar(select(func.count(Member.id)))
    if have != members:
        with engine.begin() as c:
            c.execute(text("TRUNCATE organisations, members CASCADE"))
        generate_registry(engine, regions=10, members=members, primaries_per_region=50)
        with engine.begin() as c:
            c.execute(text("ANALYZE"))
    engine.dispose()


def reset_cards(engine) -> None:  # type: ignore[no-untyped-def]
    with engine.begin() as c:
        c.execute(
            text(
                "TRUNCATE partner_webhooks, wallet_registrations, card_orders, cards, events, outbox CASCADE"
            )
        )
        for (seq,) in c.execute(
            text("SELECT sequencename FROM pg_sequences WHERE sequencename LIKE 'card_number_seq_%'")
        ):
            c.execute(text(f"ALTER SEQUENCE {seq} RESTART"))  # bench only: the product never reuses numbers


def bench_issue(batch: int, runs: int, calls: int) -> tuple[float, list[str]]:
    from gateway.db.session import make_engine, make_sessionmaker
    from gateway.models import CardForm, Member, OrderReason, OrderSource, OutboxMessage
    from gateway.orders.intake import OrderRequest, Submitter, submit_orders

    settings = _settings()
    engine = make_engine(settings.database_url)
    factory = make_sessionmaker(engine)
    reset_cards(engine)
    with factory() as s:
        refs = list(
            s.scalars(
                select(Member.onec_ref)
                .where(Member.consent.is_(True), Member.left_on.is_(None), Member.deletion_mark.is_(False))
                .order_by(Member.id)
            )
        )
    needed = batch * calls * runs
    if len(refs) < needed:
        raise SystemExit(f"need {needed} eligible members, have {len(refs)}: raise --members")
    submitter = Submitter("bench", OrderSource.API, None)
    rates = []
    pos = 0
    for _run in range(runs):
        t0 = time.perf_counter()
        for _call in range(calls):
            chunk = refs[pos : pos + batch]
            pos += batch
            with factory() as s:
                items = submit_orders(
                    s, settings, submitter,
                    [OrderRequest(OrderReason.FIRST, member_ref=r, form=CardForm.VIRTUAL) for r in chunk],
                )  # fmt: skip
                s.commit()
            assert all(it.accepted for it in items)
        rates.append(batch * calls / (time.perf_counter() - t0))
    with factory() as s:
        issued = s.scalar(
            select(func.count()).select_from(OutboxMessage).where(OutboxMessage.status == "issued")
        )
        numbers = [n for (n,) in s.execute(text("SELECT number FROM cards ORDER BY id LIMIT 500"))]
    assert issued == pos, (issued, pos)
    engine.dispose()
    return statistics.median(rates), numbers


def bench_passes(numbers: list[str], runs: int) -> float:
    from gateway.db.session import make_engine, make_sessionmaker
    from gateway.virtual.passes import pass_for_number
    from gateway.virtual.wallet import pass_identity

    settings = _settings()
    engine = make_engine(settings.database_url)
    factory = make_sessionmaker(engine)
    pass_identity(settings)  # the development certificate is made once per process, not per pass
    rates = []
    for _run in range(runs):
        with factory() as s:
            t0 = time.perf_counter()
            for number in numbers:
                found = pass_for_number(s, settings, number, "https://cards.example.ru/")
                assert found is not None and found[0][:2] == b"PK"
            rates.append(len(numbers) / (time.perf_counter() - t0))
    engine.dispose()
    return statistics.median(rates)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--members", type=int, default=20_000)
    ap.add_argument("--batch", type=int, default=100, help="orders per API call (one transaction)")
    ap.add_argument("--calls", type=int, default=10, help="calls per run")
    ap.add_argument("--runs", type=int, default=5)
    ap.add_argument("--passes", type=int, default=200)
    args = ap.parse_args()
    ensure_database(args.members)
    issue, numbers = bench_issue(args.batch, args.runs, args.calls)
    print(json.dumps({"bench": "virtual_issue", "batch": args.batch, "runs": args.runs,
                      "median_per_second": round(issue), "target": 500}), flush=True)  # fmt: skip
    passes = bench_passes(numbers[: args.passes], args.runs)
    print(json.dumps({"bench": "wallet_pass", "passes": min(args.passes, len(numbers)), "runs": args.runs,
                      "median_per_second": round(passes), "target": 100}), flush=True)  # fmt: skip


if __name__ == "__main__":
    main()
