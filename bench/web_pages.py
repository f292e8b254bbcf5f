"""Web page timings on a large registry: prints JSON lines (median of --runs per page).

Fills the database once (1,000,000 members in 80 regions by default, 100,000 accepted orders in
batches), then requests the main pages through the Flask app as an operator and as a regional
user, and reports the median time per page. Nothing is mocked: real PostgreSQL, real queries.

Usage: .venv/bin/python bench/web_pages.py --url postgresql://postgres@127.0.0.1:5432/<db>
       [--members 1000000] [--orders 100000] [--runs 5]
The database's tables are emptied and refilled when their member count differs.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select, text  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--url", required=True)
    ap.add_argument("--members", type=int, default=1_000_000)
    ap.add_argument("--regions", type=int, default=80)
    ap.add_argument("--orders", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()

    from gateway.accounts.users import create_user
    from gateway.app import create_app
    from gateway.batching.service import form_batches
    from gateway.db.migrate import upgrade
    from gateway.db.session import make_engine, make_sessionmaker, unit_of_work
    from gateway.devtools.demo_registry import generate_registry
    from gateway.models import Member, OrderReason, OrderSource, Organisation, OrgKind, Role, User
    from gateway.orders.intake import OrderRequest, Submitter, submit_orders
    from gateway.settings import load_settings

    settings = load_settings(
        database_url=args.url, secret_key="bench-secret-key-0123456789", broker_url="memory://"
    )
    upgrade(settings.database_url)
    engine = make_engine(settings.database_url)
    factory = make_sessionmaker(engine)
    with engine.connect() as c:
        have = c.scalar(select(func.count(Member.id)))
    if have != args.members:
        with engine.begin() as c:
            tables = [
                r[0]
                for r in c.execute(
                    text(
                        "SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'alembic_version'"
                    )
                )
            ]
            c.execute(text(f"TRUNCATE {', '.join(tables)} RESTART IDENTITY CASCADE"))
        t0 = time.perf_counter()
        generate_registry(engine, regions=args.regions, members=args.members, primaries_per_region=50)
        print(
            json.dumps(
                {
                    "step": "generate_registry",
                    "members": args.members,
                    "seconds": round(time.perf_counter() - t0, 1),
                }
            )
        )
        t0 = time.perf_counter()
        with factory() as s:
            regions = list(s.scalars(select(Organisation).where(Organisation.kind == OrgKind.REGION)))
            per_region = max(1, args.orders // len(regions))
            for r in regions:
                refs = list(
                    s.scalars(
                        select(Member.onec_ref)
                        .where(Member.region_id == r.id, Member.consent.is_(True))
                        .order_by(Member.id)
                        .limit(per_region)
                    )
                )
                submit_orders(
                    s,
                    settings,
                    Submitter(actor="bench", source=OrderSource.API, region_id=r.id),
                    [OrderRequest(reason=OrderReason.FIRST, member_ref=ref) for ref in refs],
                )
                s.commit()
            form_batches(s, settings.batching, actor="bench", force=True)
            s.commit()
        print(
            json.dumps(
                {
                    "step": "orders_and_batches",
                    "orders": args.orders,
                    "seconds": round(time.perf_counter() - t0, 1),
                }
            )
        )
        with engine.begin() as c:
            c.execute(text("ANALYZE"))
    with unit_of_work(factory) as s:
        region = s.scalars(
            select(Organisation).where(Organisation.kind == OrgKind.REGION).order_by(Organisation.id)
        ).first()
        assert region is not None
        for login, role, rid in (("bench-op", Role.OPERATOR, None), ("bench-reg", Role.REGIONAL, region.id)):
            if s.scalar(select(User.id).where(User.login == login)) is None:
                create_user(s, login=login, password="bench password 1", role=role, region_id=rid)
        surname = s.scalar(select(Member.surname).where(Member.region_id == region.id).limit(1))
        code = region.region_code

    app = create_app(settings)
    pages = {
        "bench-op": [
            "/dashboard",
            "/batches",
            "/orders",
            "/orders?state=batched",
            f"/orders?region={code}",
            f"/cards?region={code}",
            "/cards?state=queued",
            f"/search?q={surname}",
            "/reports",
            "/reports/costs",
            "/reports/regions.xlsx",
            "/reports/costs.xlsx",
            "/onec",
            "/onec/order-lines",
            "/onec/reconcile",
            "/stations",
            "/batches/1",
            "/packing-lists",
        ],
        "bench-reg": [
            "/orders",
            "/cards",
            f"/orders/new?q={surname[:3]}",
            "/reports",
            "/reports/costs",
            "/uploads",
            "/packing-lists",
            "/cards/handout",
        ],
    }
    for login, urls in pages.items():
        client = app.test_client()
        form = client.get("/login").text
        token = form.split('name="csrf_token" value="')[1].split('"')[0]
        assert (
            client.post(
                "/login", data={"login": login, "password": "bench password 1", "csrf_token": token}
            ).status_code
            == 302
        )
        for url in urls:
            times = []
            for _ in range(args.runs):
                t0 = time.perf_counter()
                resp = client.get(url)
                times.append(time.perf_counter() - t0)
                assert resp.status_code == 200, (url, resp.status_code)
            print(
                json.dumps(
                    {
                        "page": url,
                        "as": login,
                        "members": args.members,
                        "median_ms": round(statistics.median(times) * 1000, 1),
                        "max_ms": round(max(times) * 1000, 1),
                    },
                    ensure_ascii=False,
                )
            )
    engine.dispose()


if __name__ == "__main__":
    main()
