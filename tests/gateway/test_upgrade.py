"""Upgrades without surprises: a database filled at the previous release keeps every row through
``gateway db upgrade``, and a database migrated by a newer gateway is refused untouched."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import make_url

from gateway.db.migrate import database_revisions, heads, model_drift, upgrade
from tests.conftest import TEST_DB_URL, make_test_settings

# The head revision of the previous release, and its data made by release_data/make_release_dump.py.
PREVIOUS_RELEASE = "0005"
RELEASE_DATA = Path(__file__).parent / "release_data" / f"release_{PREVIOUS_RELEASE}.sql"


@pytest.fixture()
def scratch_db(engine: object) -> Iterator[str]:
    """An empty database beside the test database (dropped afterwards)."""
    url = make_url(TEST_DB_URL)
    name = f"{url.database}_upgrade"
    admin = create_engine(
        url.set(drivername="postgresql+psycopg", database="postgres"), isolation_level="AUTOCOMMIT"
    )
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        conn.execute(text(f'CREATE DATABASE "{name}"'))
    yield make_test_settings(
        database_url=url.set(database=name).render_as_string(hide_password=False)
    ).database_url
    with admin.connect() as conn:
        conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def _psql(url: str, sql_file: Path) -> None:
    u = make_url(url)
    subprocess.run(
        ["psql", "-X", "-q", "-v", "ON_ERROR_STOP=1", "-h", u.host or "127.0.0.1", "-p", str(u.port or 5432),
         "-U", u.username or "postgres", "-d", u.database or "", "-f", str(sql_file)],
        check=True, capture_output=True, env={**os.environ, "PGPASSWORD": u.password or ""},
    )  # fmt: skip


def _fingerprint(url: str) -> dict[str, tuple[int, str]]:
    """Per table: row count and a digest of the primary keys (which rows, not just how many)."""
    eng = create_engine(url)
    out: dict[str, tuple[int, str]] = {}
    try:
        insp = inspect(eng)
        with eng.connect() as conn:
            for table in insp.get_table_names():
                if table == "alembic_version":
                    continue
                pk = insp.get_pk_constraint(table)["constrained_columns"]
                keys = ", ".join(f'"{c}"::text' for c in pk)
                count, digest = conn.execute(
                    text(
                        f"SELECT count(*), md5(coalesce(string_agg(concat_ws(',', {keys}), ';' ORDER BY {keys}), '')) FROM \"{table}\""
                    )
                ).one()
                out[table] = (count, digest)
    finally:
        eng.dispose()
    return out


def test_upgrade_from_the_previous_release_keeps_every_row(scratch_db: str) -> None:
    upgrade(scratch_db, PREVIOUS_RELEASE)
    dump = RELEASE_DATA.read_text(encoding="utf-8")
    eng = create_engine(scratch_db)
    with eng.begin() as conn:
        # Card number sequences are made on first use, not by migrations: the real database has them.
        for seq in re.findall(r"setval\('public\.(card_number_seq_\d+)'", dump):
            conn.execute(text(f"CREATE SEQUENCE IF NOT EXISTS {seq}"))
    _psql(scratch_db, RELEASE_DATA)
    before = _fingerprint(scratch_db)
    assert before["cards"][0] == 30 and before["events"][0] > 100 and before["outbox"][0] > 30

    upgrade(scratch_db)

    assert database_revisions(scratch_db) == heads(scratch_db)
    after = _fingerprint(scratch_db)
    assert {t: v for t, v in after.items() if t in before} == before
    assert model_drift(eng) == []
    with eng.connect() as conn:
        # Numbers keep counting after the release's last one: none is handed out twice.
        assert conn.scalar(text("SELECT nextval('card_number_seq_96430077')")) == 31
    eng.dispose()


def test_db_upgrade_refuses_a_database_migrated_by_a_newer_gateway(scratch_db: str) -> None:
    upgrade(scratch_db)
    eng = create_engine(scratch_db)
    with eng.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0999_from_the_future'"))
    before = _fingerprint(scratch_db)
    env = {
        **os.environ,
        "GATEWAY_DATABASE_URL": scratch_db,
        "GATEWAY_SECRET_KEY": "upgrade-test-secret-0123456789",
    }
    result = subprocess.run(
        [sys.executable, "-m", "gateway.cli", "db", "upgrade"],
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert "newer gateway" in result.stderr and "0999_from_the_future" in result.stderr
    assert "более новой версией" in result.stderr
    assert database_revisions(scratch_db) == ["0999_from_the_future"]
    assert _fingerprint(scratch_db) == before
    eng.dispose()
