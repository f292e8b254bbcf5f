"""Print station throughput: one batch through real ``gateway station`` processes on a zero-time
spool printer, prints one JSON object per line.

For each back-end (PostgreSQL + RabbitMQ; the embedded default: SQLite + kombu's SQLAlchemy
transport) a batch of ``--cards`` cards runs on one station, then another batch on ``--stations``
stations at once. Stations 1 and 2 write every chip through pcscd + vpcd + the virtual card (the
machine has two virtual readers); stations 3 and more use the in-memory encoder (no third reader).

Figures: ``cards_per_hour`` for the whole run (first claim → last outcome), per station and in
total, and ``median_card_ms``: the median time from one card's claim to the next claim on the same
station (the station's cycle, what a printer would have to beat).

    .venv/bin/python bench/station.py [--cards 1000] [--stations 4] [--backend pg|sqlite|both]

Uses GATEWAY_BENCH_DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/wt_i14_bench, created
on first use; its schema is dropped) and GATEWAY_BENCH_BROKER_URL (default the ``wt_i14`` vhost).
Targets (issue 14): >= 10,000 cards/h per station on PostgreSQL + RabbitMQ, >= 3,000/h embedded.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sqlalchemy import create_engine, func, select, text  # noqa: E402

PG_URL = os.environ.get("GATEWAY_BENCH_DATABASE_URL", "postgresql://postgres@127.0.0.1:5432/wt_i14_bench")
PG_BROKER = os.environ.get("GATEWAY_BENCH_BROKER_URL", "amqp://guest:guest@127.0.0.1:5672/wt_i14")
PORTS = (35963, 35964)
READERS = {35963: "^Virtual PCD 00 00", 35964: "^Virtual PCD 00 01"}


def _fresh_postgres() -> None:
    admin = create_engine(PG_URL.rsplit("/", 1)[0] + "/postgres", isolation_level="AUTOCOMMIT")
    name = PG_URL.rsplit("/", 1)[1]
    with admin.connect() as conn:
        if not conn.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            conn.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()


def _cpu_seconds(pid: int) -> float:
    """User + system CPU of a station process so far (Linux /proc): is a station CPU-bound?"""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def _station_env(
    workdir: Path, db_url: str, broker: str, key: Path, names: list[str], stale: float, encoder: str
) -> dict[str, str]:
    env = {
        **os.environ,
        "GATEWAY_ENVIRONMENT": "test",
        "GATEWAY_DATABASE_URL": db_url,
        "GATEWAY_BROKER_URL": broker,
        "GATEWAY_SECRET_KEY": "bench-secret-key-not-for-production",
        "GATEWAY_DATA_DIR": str(workdir),
        "GATEWAY_PRINTING__SIGNING_KEY_PATH": str(key),
        "GATEWAY_PRINTING__HEARTBEAT_STALE_SECONDS": str(stale),
    }
    for i, name in enumerate(names):
        prefix = f"GATEWAY_PRINTING__STATIONS__{name.upper()}__"
        env[prefix + "PRINTER__KIND"] = "spool"
        env[prefix + "PRINTER__DIRECTORY"] = str(workdir / "spool" / name)
        if encoder == "pcsc" and i < len(PORTS):
            env[prefix + "PRINTER__VIRTUAL_CHIP"] = "mifare_classic_1k"
            env[prefix + "PRINTER__VIRTUAL_CHIP_PORT"] = str(PORTS[i])
            env[prefix + "ENCODER__KIND"] = "pcsc"
            env[prefix + "ENCODER__READER_PATTERN"] = READERS[PORTS[i]]
        else:
            env[prefix + "ENCODER__KIND"] = "memory"
    return env


def run(backend: str, cards: int, n_stations: int, workdir: Path, key: Path, encoder: str) -> dict[str, Any]:
    from gateway.app import create_app
    from gateway.db.migrate import upgrade
    from gateway.db.session import unit_of_work
    from gateway.models import BatchState, CardPrintAttempt, CardState, PrintBatch
    from gateway.printing.station import start_batch
    from gateway.settings import load_settings
    from tests.gateway.printing.conftest import make_batch

    names = [f"s{i + 1}" for i in range(n_stations)]
    if backend == "pg":
        from gateway.cards import numbering

        _fresh_postgres()
        numbering._known_sequences.clear()  # the schema with its number sequences was just dropped
        db_url, broker = PG_URL, PG_BROKER
    else:
        db_url = f"sqlite:///{workdir}/gateway.sqlite"
        broker = f"sqla+sqlite:///{workdir}/broker.sqlite"
    upgrade(db_url)
    env = _station_env(workdir, db_url, broker, key, names, 60.0, encoder)
    os.environ.update({k: v for k, v in env.items() if k.startswith("GATEWAY_PRINTING__STATIONS__")})
    settings = load_settings(
        environment="test",
        database_url=db_url,
        broker_url=broker,
        secret_key="bench-secret-key-not-for-production",
        data_dir=str(workdir),
        printing={"signing_key_path": str(key)},
    )
    app = create_app(settings)
    # make_batch gives each member of a region a different birth day: at most 25 a region.
    per_region = {f"{10 + i:02d}": min(25, cards - 25 * i) for i in range((cards + 24) // 25)}
    demo = make_batch(app, per_region)
    procs = []
    for name in names:
        log = (workdir / f"{name}.log").open("ab")
        procs.append(
            subprocess.Popen(
                [sys.executable, "-m", "gateway.cli", "station", "--name", name],
                cwd=ROOT,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        )
    factory = app.extensions["gateway.sessionmaker"]
    try:
        time.sleep(3.0)  # the workers connect to the broker
        with app.app_context(), unit_of_work(factory) as s:
            batch = s.get(PrintBatch, demo.batch_id)
            assert batch is not None
            start_batch(s, settings, batch, names, actor="bench")
        deadline = time.monotonic() + cards * 5 + 60
        while True:
            with factory() as s:
                batch = s.get(PrintBatch, demo.batch_id)
                assert batch is not None
                if batch.state is not BatchState.PRINTING:
                    break
            if time.monotonic() > deadline or any(p.poll() is not None for p in procs):
                raise RuntimeError(f"batch stuck; see {workdir}/*.log")
            time.sleep(0.5)
        with factory() as s:
            produced = s.scalar(
                select(func.count()).where(
                    CardPrintAttempt.batch_id == demo.batch_id, CardPrintAttempt.finished_at.is_not(None)
                )
            )
            rows = s.execute(
                select(CardPrintAttempt.station, CardPrintAttempt.started_at, CardPrintAttempt.finished_at)
                .where(CardPrintAttempt.batch_id == demo.batch_id)
                .order_by(CardPrintAttempt.id)
            ).all()
            states = dict(
                s.execute(
                    select(
                        text("state"),
                        func.count(),
                    )
                    .select_from(text("cards"))
                    .group_by(text("state"))
                ).all()
            )
        cpu_ms = {
            name: round(_cpu_seconds(p.pid) * 1000 / max(1, sum(r.station == name for r in rows)), 1)
            for name, p in zip(names, procs, strict=True)
        }
        start = min(r.started_at for r in rows)
        end = max(r.finished_at for r in rows)
        elapsed = (end - start).total_seconds()
        cycles, per_station = [], {}
        for name in names:
            starts = sorted(r.started_at for r in rows if r.station == name)
            mine = [(b - a).total_seconds() for a, b in zip(starts, starts[1:], strict=False)]
            cycles += mine
            per_station[name] = {
                "cards": len(starts),
                "cpu_ms_per_card": cpu_ms[name],
                "median_card_ms": round(statistics.median(mine) * 1000, 1) if mine else None,
            }
        total_per_hour = len(rows) / elapsed * 3600
        return {
            "bench": "station",
            "backend": "postgresql+rabbitmq" if backend == "pg" else "embedded sqlite",
            "stations": n_stations,
            "cards": cards,
            "attempts": len(rows),
            "finished": produced,
            "batch_state": batch.state.value,
            "card_states": {str(k): v for k, v in states.items()},
            "seconds": round(elapsed, 1),
            "cards_per_hour_total": round(total_per_hour),
            "cards_per_hour_per_station": round(total_per_hour / n_stations),
            "median_card_ms": round(statistics.median(cycles) * 1000, 1) if cycles else None,
            "per_station": per_station,
            "encoders": [
                "pcsc" if encoder == "pcsc" and i < len(PORTS) else "memory" for i in range(n_stations)
            ],
            "state_ok": batch.state is BatchState.PRODUCED
            and states.get(CardState.PRODUCED.value, 0) == cards,
        }
    finally:
        for p in procs:
            p.terminate()
        for p in procs:
            try:
                p.wait(timeout=20)
            except subprocess.TimeoutExpired:
                p.kill()
        app.extensions["gateway.engine"].dispose()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=1000)
    parser.add_argument("--stations", type=int, default=4)
    parser.add_argument("--backend", choices=["pg", "sqlite", "both"], default="both")
    parser.add_argument("--only", choices=["one", "many", "both"], default="both")
    # memory: no chip at all (what the gateway itself costs a card, without pcscd's polling)
    parser.add_argument("--encoder", choices=["pcsc", "memory"], default="pcsc")
    args = parser.parse_args()

    from adapters.pcsc.devstack import ensure_pcscd
    from card_printing.payload import generate_private_key, private_key_pem

    pcscd = ensure_pcscd() if args.encoder == "pcsc" else None
    try:
        with tempfile.TemporaryDirectory(prefix="bench-station-") as tmp:
            key = Path(tmp) / "key.pem"
            key.write_bytes(private_key_pem(generate_private_key()))
            backends = ["pg", "sqlite"] if args.backend == "both" else [args.backend]
            counts = {"one": [1], "many": [args.stations], "both": [1, args.stations]}[args.only]
            for backend in backends:
                for n in counts:
                    workdir = Path(tmp) / f"{backend}-{n}"
                    workdir.mkdir()
                    print(
                        json.dumps(
                            run(backend, args.cards, n, workdir, key, args.encoder), ensure_ascii=False
                        ),
                        flush=True,
                    )
    finally:
        if pcscd is not None:
            pcscd.stop()


if __name__ == "__main__":
    main()
