"""Make ``release_<rev>.sql``: the data of a database filled through the gateway's own flows at a
release, for ``tests/gateway/test_upgrade.py`` (which loads it at that release's revision and
upgrades to head). Run it at the release's commit, on a scratch database:

    .venv/bin/python tests/gateway/release_data/make_release_dump.py postgresql://postgres@127.0.0.1:5432/scratch 0005

The registry is the demo generator's (invented names); no real person's data is in the file.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from sqlalchemy import select, text
from sqlalchemy.engine import make_url

from gateway.app import create_app
from gateway.db.migrate import upgrade
from gateway.db.session import make_engine, make_sessionmaker, unit_of_work
from gateway.devtools.demo_registry import generate_registry
from gateway.lifecycle import transition
from gateway.models import Card, CardState, Member, Organisation, OrgKind, PrintBatch, TokenKind
from gateway.settings import load_settings


def main(url: str, release: str) -> Path:
    settings = load_settings(
        database_url=url, secret_key="release-dump-secret-0123456789", environment="test"
    )
    engine = make_engine(settings.database_url)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    upgrade(settings.database_url, release)  # the release's schema, today's code's flows
    generate_registry(engine, regions=2, members=120, seed=7)
    factory = make_sessionmaker(engine)
    from gateway.accounts.api_tokens import create_token
    from gateway.accounts.users import create_demo_users

    with unit_of_work(factory) as s:
        region = s.scalars(
            select(Organisation).where(Organisation.kind == OrgKind.REGION).order_by(Organisation.id)
        ).first()
        assert region is not None
        _t, region_token = create_token(s, name="release region", kind=TokenKind.REGION, region_id=region.id)
        _t, operator_token = create_token(s, name="release operator", kind=TokenKind.OPERATOR)
        create_demo_users(s, region)
        refs = [
            str(r)
            for r in s.scalars(
                select(Member.onec_ref)
                .where(Member.region_id == region.id, Member.consent)
                .order_by(Member.id)
                .limit(30)
            )
        ]
    app = create_app(settings)
    client = app.test_client()
    region_h = {"Authorization": f"Bearer {region_token}"}
    op_h = {"Authorization": f"Bearer {operator_token}"}
    r = client.post(
        "/api/v1/orders/bulk", json={"orders": [{"member_ref": ref} for ref in refs]}, headers=region_h
    )
    assert r.status_code in (200, 201, 207), r.json
    r = client.post("/api/v1/batches", json={"force": True}, headers=op_h)
    assert r.status_code == 201, r.json
    with unit_of_work(factory) as s:
        batch = s.scalars(select(PrintBatch)).first()
        assert batch is not None
        cards = list(s.scalars(select(Card).where(Card.batch_id == batch.id).order_by(Card.id)))
        for card in cards[:-3]:
            transition(s, card, CardState.PRINTING, actor="release")
            transition(s, card, CardState.PRODUCED, actor="release")
    with unit_of_work(factory) as s:
        batch = s.scalars(select(PrintBatch)).first()
        assert batch is not None
        cards = list(s.scalars(select(Card).where(Card.batch_id == batch.id).order_by(Card.id)))
    print(f"batch {batch.id}: {len(cards)} cards", file=sys.stderr)
    app.extensions["gateway.engine"].dispose()
    engine.dispose()
    out = Path(__file__).with_name(f"release_{release}.sql")
    pg = make_url(url)
    dump = subprocess.run(
        [
            "pg_dump",
            "--data-only",
            "--disable-triggers",
            "--column-inserts",
            "--no-owner",
            "--exclude-table=alembic_version",
            "-h",
            pg.host or "127.0.0.1",
            "-p",
            str(pg.port or 5432),
            "-U",
            pg.username or "postgres",
            pg.database or "",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    # pg_dump 17.6+ wraps the script in \restrict … \unrestrict, which older psql cannot read.
    lines = [x for x in dump.splitlines(keepends=True) if not x.startswith(("\\restrict", "\\unrestrict"))]
    out.write_text("".join(lines), encoding="utf-8")
    return out


if __name__ == "__main__":
    print(main(sys.argv[1], sys.argv[2] if len(sys.argv) > 2 else "head"))
