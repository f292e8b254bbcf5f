"""The benchmarks' database: settings pointing at it, created, migrated and filled on first use."""

from __future__ import annotations

import time
from typing import Any

from sqlalchemy import create_engine, func, select, text


def bench_settings(url: str) -> Any:
    from gateway.settings import load_settings

    return load_settings(database_url=url, secret_key="bench-secret-key-0123456789", broker_url="memory://")


def ensure_database(url: str, members: int, *, empty_first: str, **generate: Any) -> float | None:
    """Create the database at ``url`` if missing, migrate it, and (re)generate ``members`` members
    unless exactly that many are there: the tables in ``empty_first`` are truncated before.
    ``generate`` goes to ``generate_registry``. Returns the seconds the generation took, or None
    when the members were already there."""
    from gateway.db.migrate import upgrade
    from gateway.db.session import make_engine
    from gateway.devtools.demo_registry import generate_registry
    from gateway.models import Member

    server, name = url.rsplit("/", 1)
    admin = create_engine(server + "/postgres", isolation_level="AUTOCOMMIT")
    with admin.connect() as c:
        if not c.scalar(text("SELECT 1 FROM pg_database WHERE datname = :n"), {"n": name}):
            c.execute(text(f'CREATE DATABASE "{name}"'))
    admin.dispose()
    upgrade(url)
    engine = make_engine(url)
    try:
        with engine.connect() as c:
            if c.scalar(select(func.count(Member.id))) == members:
                return None
        with engine.begin() as c:
            c.execute(text(f"TRUNCATE {empty_first} CASCADE"))
        started = time.perf_counter()
        generate_registry(engine, regions=10, members=members, **generate)
        with engine.begin() as c:
            c.execute(text("ANALYZE"))
        return time.perf_counter() - started
    finally:
        engine.dispose()
