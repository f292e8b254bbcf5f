"""Cost of the lock fencing check that every unit of work under a named lock runs
(:meth:`gateway.db.locks.Lease.check`: the lease row read ``FOR SHARE`` plus a ``pg_locks`` look-up).

Prints one JSON line: the median time of a small writing transaction (one row inserted, as every
unit of work writes) with and without the check. A check in a read-only transaction costs more: the
``FOR SHARE`` row lock makes it a writing transaction, so its commit waits for the WAL flush.

    python bench/lock_check.py --database-url postgresql://postgres@127.0.0.1:5432/bench --rounds 2000
"""

from __future__ import annotations

import json
import statistics
import sys
import time
from pathlib import Path

import click
from sqlalchemy import text

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from gateway.db.locks import exclusive  # noqa: E402
from gateway.db.migrate import upgrade  # noqa: E402
from gateway.db.session import make_engine, make_sessionmaker  # noqa: E402


@click.command()
@click.option("--database-url", required=True)
@click.option("--rounds", default=2000, show_default=True)
def main(database_url: str, rounds: int) -> None:
    upgrade(database_url)
    engine = make_engine(database_url)
    factory = make_sessionmaker(engine)
    plain, checked = [], []
    with engine.begin() as conn:
        conn.execute(
            text("CREATE TABLE IF NOT EXISTS bench_lock_check (id serial PRIMARY KEY, at timestamptz)")
        )
    insert = text("INSERT INTO bench_lock_check (at) VALUES (now())")
    with exclusive(engine, "bench-lock") as lease:
        for _ in range(rounds):
            with factory() as s:
                started = time.perf_counter()
                s.execute(insert)
                s.commit()
                plain.append(time.perf_counter() - started)
            with factory() as s:
                started = time.perf_counter()
                s.execute(insert)
                lease.check(s)
                s.commit()
                checked.append(time.perf_counter() - started)
    engine.dispose()
    print(
        json.dumps(
            {
                "bench": "lock_check",
                "rounds": rounds,
                "median_plain_ms": round(statistics.median(plain) * 1000, 3),
                "median_checked_ms": round(statistics.median(checked) * 1000, 3),
                "median_check_cost_ms": round(
                    (statistics.median(checked) - statistics.median(plain)) * 1000, 3
                ),
            }
        )
    )


if __name__ == "__main__":
    main()
