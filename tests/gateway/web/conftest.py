"""Fixtures of the web tests: users of each role and a logged-in test client."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from gateway.models import Role
from tests.factories import make_member, make_primary, make_region
from tests.gateway.web.support import PASSWORD, csrf_from, login, make_user  # noqa: F401


@pytest.fixture()
def world(db: Session) -> dict[str, Any]:
    """Two regions with a member each, and a user of every role."""
    r77 = make_region(db, "77", "Московская городская организация")
    r50 = make_region(db, "50", "Московская областная организация")
    p77 = make_primary(db, r77)
    p50 = make_primary(db, r50)
    return {
        "r77": r77,
        "r50": r50,
        "p77": p77,
        "p50": p50,
        "m77": make_member(db, p77, surname="Иванова"),
        "m50": make_member(db, p50, surname="Петрова"),
        "admin": make_user(db, "admin", Role.ADMIN),
        "operator": make_user(db, "operator", Role.OPERATOR),
        "auditor": make_user(db, "auditor", Role.AUDITOR),
        "reg77": make_user(db, "reg77", Role.REGIONAL, r77),
        "reg50": make_user(db, "reg50", Role.REGIONAL, r50),
    }


@pytest.fixture()
def login_as(app: Any, world: dict[str, Any]) -> Callable[[str], Any]:
    def _login(name: str) -> Any:
        client = app.test_client()
        resp = login(client, name)
        assert resp.status_code == 302, resp.text
        return client

    return _login


def post_form(client: Any, url: str, data: dict[str, Any], page_url: str | None = None, **kw: Any) -> Any:
    """POST a form with the CSRF token taken from a page the client can see."""
    form = client.get(page_url or "/password")
    return client.post(url, data={**data, "csrf_token": csrf_from(form.text)}, **kw)


# Browser-test fixtures (Chromium, the app on waitress): see browser.py.
from tests.gateway.web.browser import browser, page, site  # noqa: E402,F401
