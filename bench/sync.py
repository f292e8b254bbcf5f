"""Benchmark of the 1C sync: full sync, incremental sync, status pushes — JSON lines.

    .venv/bin/python bench/sync.py --members 1000000 --members 200000 --pushes 100000

For each N: the emulator serves N members (its data file is kept in var/bench/ so reruns skip
generation); the gateway's full sync runs in a child process against the PostgreSQL database
``bench_sync`` (schema rebuilt by the migrations), which reports its wall time and peak RSS
(``ru_maxrss``); a plain ``requests`` client then reads the same member pages (the emulator alone)
so ``gateway_own_members_per_s`` = N / (sync seconds − plain-client seconds) shows the gateway's
own cost. For the full sync it also prints what 1C paid: HTTP requests and response bytes per
1,000 members, the ratio of those bytes to the JSON of the mapped fields alone, and the 1C sessions
opened (targets: ≤ 1 request per 1,000 members, ≤ 1.3×, 1 session). The database is
``$BENCH_SYNC_DATABASE_URL`` (default ``bench_sync``). On the largest N: 1,000 changes are made in 1C and an incremental sync is timed (child
process), then ``--pushes`` «Заказан» statuses are written to the outbox and delivered in parallel.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
import time
from pathlib import Path

import click

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DB_URL = os.environ.get("BENCH_SYNC_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/bench_sync")
DB_NAME = DB_URL.rsplit("/", 1)[1]


def _settings(base_url: str, password: str, **sync: object):  # type: ignore[no-untyped-def]
    from gateway.settings import load_settings

    return load_settings(
        database_url=DB_URL,
        secret_key="bench-secret-key-0123456789",
        onec={"base_url": base_url, "password": password, "page_size": 5000},
        sync={"page_size": 5000, **sync},
    )


def _child(kind: str, base_url: str, password: str) -> None:
    """Runs inside the child process: one sync, then its figures on stdout."""
    from gateway.db.session import make_engine, make_sessionmaker
    from gateway.sync.connect import open_registry
    from gateway.sync.full import run_full_sync
    from gateway.sync.incremental import run_incremental_sync

    settings = _settings(base_url, password)
    engine = make_engine(settings.database_url)
    registry = open_registry(settings)
    started = time.perf_counter()
    if kind == "full":
        result = run_full_sync(make_sessionmaker(engine), engine, settings, registry, resume=False)
    else:
        result = run_incremental_sync(make_sessionmaker(engine), engine, settings, registry)
    seconds = time.perf_counter() - started
    stats = registry.client.stats
    registry.close()  # ends the reused 1C session (IBSession: finish)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    rss_mb = usage.ru_maxrss / 1024
    cpu = usage.ru_utime + usage.ru_stime
    print(json.dumps({"seconds": seconds, "rss_mb": rss_mb, "cpu_s": cpu, "counts": result["counts"],
                      "requests": stats.requests, "response_bytes": stats.response_bytes}))  # fmt: skip


def _run_child(kind: str, base_url: str, password: str) -> dict:  # type: ignore[type-arg]
    out = subprocess.run(
        [sys.executable, __file__, "child", kind, base_url, password],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    if out.returncode != 0:
        raise SystemExit(out.stderr[-3000:])
    return json.loads(out.stdout.strip().splitlines()[-1])


def _mapped_json_bytes(emu) -> int:  # type: ignore[no-untyped-def]
    """Bytes of the JSON of the mapped fields alone (compact, one object per row, a comma between)
    of everything a full sync reads: organisations, members, posted card orders. The yardstick of
    the full sync's response bytes."""
    from adapters.onec import build_registry

    registry = build_registry(emu.settings(page_size=5000))
    total = 0
    try:
        for kind, entity_set, flt in (
            ("organisation", registry.mapping.organisations.entity_set, None),
            ("member", registry.mapping.members.entity_set, None),
            ("card_order", registry.mapping.card_orders.entity_set, "Posted eq true"),
        ):
            rows = registry.client.iter_keyset(
                entity_set, page_size=5000, filter=flt, select=registry._fields(kind), normalize=False
            )
            for row in rows:
                total += len(json.dumps(row, ensure_ascii=False, separators=(",", ":")).encode()) + 1
    finally:
        registry.close()
    return total


def _cpu_seconds(pid: int) -> float:
    """CPU time (user + system) a process has used so far: who is the bottleneck, gateway or 1C."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _reset_db() -> None:
    from sqlalchemy import create_engine, text

    from gateway.db.migrate import upgrade
    from gateway.db.session import make_engine

    admin = create_engine(DB_URL.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:  # a fresh machine has no bench database yet
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": DB_NAME}):
            conn.execute(text(f'CREATE DATABASE "{DB_NAME}"'))
    admin.dispose()
    engine = make_engine(_settings("http://x", "").database_url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    upgrade(_settings("http://x", "").database_url)


def _pushes(emu, n: int, concurrency: int) -> dict:  # type: ignore[no-untyped-def,type-arg]
    """Write n «Заказан» messages (orders + cards straight into the tables) and deliver them."""
    import uuid

    from sqlalchemy import select, text

    from adapters.onec import build_registry
    from gateway.db.base import utcnow
    from gateway.db.bulk import insert_rows, insert_rows_returning_ids
    from gateway.db.session import make_engine, make_sessionmaker
    from gateway.models import Card, CardOrder, Member, OutboxMessage
    from gateway.sync.outbox import deliver_outbox

    settings = _settings(emu.base_url, emu.password, outbox_concurrency=concurrency, outbox_batch=5000)
    engine = make_engine(settings.database_url)
    factory = make_sessionmaker(engine)
    now = utcnow()
    with factory() as s:
        s.execute(text("DELETE FROM outbox"))
        # A rerun (--skip-full) numbers its cards after those of the previous runs.
        base = s.scalar(text("SELECT count(*) FROM card_orders WHERE submitted_by = 'bench'")) or 0
        members = s.execute(
            select(Member.id, Member.region_id)
            .where(~Member.id.in_(select(CardOrder.member_id)), Member.region_id.is_not(None))
            .limit(n)
        ).all()
        orders = insert_rows_returning_ids(s, CardOrder.__table__, [
            {"public_id": uuid.uuid4(), "member_id": m, "region_id": r, "reason": "first", "source": "api",
             "submitted_by": "bench", "state": "accepted", "created_at": now, "updated_at": now}
            for m, r in members])  # fmt: skip
        cards = insert_rows_returning_ids(s, Card.__table__, [
            {"number": f"9{base + i:015d}", "order_id": o, "member_id": m, "region_id": r, "state": "allocated",
             "allocated_at": now} for i, (o, (m, r)) in enumerate(zip(orders, members, strict=True))])  # fmt: skip
        insert_rows(s, OutboxMessage.__table__, [
            {"card_id": c, "status": "ordered", "payload": {"card_number": f"9{base + i:015d}",
             "status": "ordered", "status_at": now.isoformat(), "idempotency_key": f"9{base + i:015d}:ordered"}, "state": "pending",
             "attempts": 0, "next_attempt_at": now, "created_at": now} for i, c in enumerate(cards)])  # fmt: skip
        s.commit()
    emu_cpu, own_cpu = _cpu_seconds(emu.proc.pid), time.process_time()
    started = time.perf_counter()
    report = deliver_outbox(
        factory,
        engine,
        settings.sync,
        lambda: build_registry(emu.settings(page_size=5000, max_concurrent_calls=concurrency)),
        max_seconds=3600,
    )
    seconds = time.perf_counter() - started
    emu_cpu, own_cpu = _cpu_seconds(emu.proc.pid) - emu_cpu, time.process_time() - own_cpu
    engine.dispose()
    return {"bench": "status_push", "pushes": report.delivered, "failed": report.failed,
            "concurrency": concurrency, "seconds": round(seconds, 2),
            "statuses_per_s": round(report.delivered / seconds),
            "emulator_cpu_s": round(emu_cpu, 1), "gateway_cpu_s": round(own_cpu, 1)}  # fmt: skip


@click.group(invoke_without_command=True)
@click.option("--members", "sizes", multiple=True, type=int, default=(1_000_000, 200_000), show_default=True)
@click.option("--pushes", default=100_000, show_default=True)
@click.option("--concurrency", default=8, show_default=True)
@click.option("--skip-full", is_flag=True, help="Keep bench_sync as the last run left it; time only the rest")
@click.pass_context
def main(ctx: click.Context, sizes: tuple[int, ...], pushes: int, concurrency: int, skip_full: bool) -> None:
    if ctx.invoked_subcommand is not None:
        return
    sys.path.insert(0, str(ROOT / "bench"))
    from emulator_pages import read_all  # type: ignore[import-not-found]

    from adapters.onec.emulator.process import EmulatorProcess
    from adapters.onec.mapping import OneCMapping

    largest = max(sizes)
    for n in sorted(sizes):
        if skip_full and n != largest:
            continue
        path = ROOT / f"var/bench/sync-emulator-{n}.sqlite"
        path.parent.mkdir(parents=True, exist_ok=True)
        with EmulatorProcess(data_file=path, members=n, seed=1, sessions=concurrency).start(
            timeout=900
        ) as emu:
            if not skip_full:
                _reset_db()
                emu_cpu = _cpu_seconds(emu.proc.pid)
                before = emu.counters()
                full = _run_child("full", emu.base_url, emu.password)
                after = emu.counters()
                emu_cpu = _cpu_seconds(emu.proc.pid) - emu_cpu
                mapped = _mapped_json_bytes(emu)
                _rows, whole_rows_bytes, plain = read_all(
                    emu.odata_root, OneCMapping().members.entity_set, 5000
                )
                own = full["seconds"] - plain
                print(json.dumps({
                    "bench": "full_sync", "members": n, "seconds": round(full["seconds"], 2),
                    "members_per_s": round(n / full["seconds"]), "peak_rss_mb": round(full["rss_mb"], 1),
                    "gateway_cpu_s": round(full["cpu_s"], 1), "emulator_cpu_s": round(emu_cpu, 1),
                    "load_average": os.getloadavg()[0],
                    "emulator_alone_member_pages_s": round(plain, 2),
                    "ratio_sync_to_emulator_alone": round(full["seconds"] / plain, 2),
                    "gateway_own_members_per_s": round(n / own) if own > 0 else None,
                    # What the sync cost 1C: requests its web server answered, bytes it sent (as the
                    # client read them), 1C sessions opened (log-ins), against the targets ≤ 1
                    # request per 1,000 members, ≤ 1.3 × the JSON of the mapped fields, 1 session.
                    "requests": after["requests"] - before["requests"],
                    "requests_per_1000_members": round((after["requests"] - before["requests"]) / (n / 1000), 3),
                    "response_bytes_per_1000_members": round(full["response_bytes"] / (n / 1000)),
                    "bytes_to_mapped_json": round(full["response_bytes"] / mapped, 3),
                    # For comparison: whole member rows, $format=json, no $select (members only).
                    "whole_rows_json_bytes_per_1000_members": round(whole_rows_bytes / (n / 1000)),
                    "onec_sessions_opened": after["sessions_opened"] - before["sessions_opened"],
                    "counts": {k: v for k, v in full["counts"].items()
                               if k.startswith(("members", "organisations_seen", "order"))},
                }), flush=True)  # fmt: skip
            if n != largest:
                continue
            _run_child("incremental", emu.base_url, emu.password)  # drain changes made by earlier runs
            # 1,000 changes; small admin calls (the emulator's mutations scan its tables).
            for action in ("member_renamed", "member_moved", "member_left", "member_marked_deleted"):
                for _ in range(10):
                    emu.mutate(action, count=25)
            inc = _run_child("incremental", emu.base_url, emu.password)
            print(json.dumps({"bench": "incremental_sync", "members": n, "changes": inc["counts"].get("changes"),
                              "seconds": round(inc["seconds"], 2), "peak_rss_mb": round(inc["rss_mb"], 1)}),
                  flush=True)  # fmt: skip
            if pushes:
                print(json.dumps(_pushes(emu, pushes, concurrency)), flush=True)


@main.command("child", hidden=True)
@click.argument("kind")
@click.argument("base_url")
@click.argument("password")
def child(kind: str, base_url: str, password: str) -> None:
    _child(kind, base_url, password)


if __name__ == "__main__":
    main()
