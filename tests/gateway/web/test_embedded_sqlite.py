"""The embedded default (SQLite): demo users of every role are created and every page works."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from celery._state import get_current_app
from sqlalchemy import select

from gateway.app import create_app
from gateway.devtools.embedded_run import DEMO_MARKER, prepare
from gateway.models import Member, User
from gateway.settings import load_settings
from tests.gateway.web.conftest import csrf_from, login


def test_demo_users_log_in_and_pages_render_on_sqlite(tmp_path: Path) -> None:
    settings = load_settings(
        environment="development",
        database_url=f"sqlite:///{tmp_path}/gateway.sqlite",
        broker_url="memory://",
        secret_key="embedded-test-secret-key",
        data_dir=tmp_path,
        onec={"emulator": False},
    )
    demo = prepare(settings, members=300, regions=3)
    users: dict[str, str] = demo["users"]  # type: ignore[assignment]
    assert json.loads((tmp_path / DEMO_MARKER).read_text(encoding="utf-8"))["users"] == users
    assert {"admin", "operator", "auditor"} <= set(users)
    regional = next(name for name in users if name.startswith("region"))
    previous_celery = get_current_app()
    app = create_app(settings)  # makes its own Celery app (memory broker) the current one
    try:
        for name, pages in {
            "operator": [
                "/dashboard",
                "/batches",
                "/stations",
                "/search?q=Иванова",
                "/reports",
                "/reports/costs",
                "/onec",
                "/orders",
                "/cards",
                "/uploads",
                "/reports/regions.xlsx",
            ],
            "admin": ["/admin/users", "/admin/tokens", "/admin/audit"],
            regional: [
                "/orders",
                "/orders/new?q=ив",
                "/cards",
                "/uploads",
                "/uploads/new",
                "/cards/handout",
                "/reports",
            ],
        }.items():
            client: Any = app.test_client()
            assert login(client, name, users[name]).status_code == 302, name
            for url in pages:
                assert client.get(url).status_code == 200, (name, url)
        # The regional user orders a member of their region through the form, on SQLite.
        client = app.test_client()
        login(client, regional, users[regional])
        with app.extensions["gateway.sessionmaker"]() as s:
            region_id = s.scalar(select(User.region_id).where(User.login == regional))
            member = s.scalars(
                select(Member).where(Member.region_id == region_id, Member.consent.is_(True))
            ).first()
            assert member is not None
        page = client.get(f"/orders/new?q={member.surname[:3]}")
        assert str(member.onec_ref) in page.text
        resp = client.post(
            "/orders/new",
            data={
                "q": member.surname[:3],
                "reason": "first",
                "member_ref": str(member.onec_ref),
                "csrf_token": csrf_from(page.text),
            },
        )
        assert resp.status_code == 200 and ("принят" in resp.text or "отклонён" in resp.text)
    finally:
        app.extensions["gateway.engine"].dispose()
        # Later tests send their tasks through the current Celery app: give them theirs back.
        previous_celery.set_current()
        previous_celery.set_default()
