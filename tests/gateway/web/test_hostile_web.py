"""Web pages under hostile input: another region's member looks unknown, login redirects stay on
the site, throttling holds under parallel attempts, numbers out of range are a 404."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func, select

from gateway.db.session import unit_of_work
from gateway.models import LoginAttempt, Role
from tests.gateway.web.conftest import post_form
from tests.gateway.web.support import PASSWORD, csrf_from, login, make_user


def _order_form(client: Any, ref: str) -> str:
    resp = post_form(client, "/orders/new", {"member_ref": ref, "reason": "first"}, page_url="/orders/new")
    assert resp.status_code == 200, resp.text
    return resp.text


def test_another_regions_member_looks_exactly_like_an_unknown_one_on_the_order_form(
    login_as: Callable[[str], Any], world: dict[str, Any]
) -> None:
    client = login_as("reg77")
    foreign = _order_form(client, str(world["m50"].onec_ref))
    unknown = _order_form(client, str(uuid.uuid4()))
    assert world["m50"].surname not in foreign
    # Same page but for the CSRF token in the form.
    strip = lambda html: html.replace(csrf_from(html), "")  # noqa: E731
    assert strip(foreign) == strip(unknown)


@pytest.mark.parametrize(
    "next_url",
    ["/%09/evil.example/x", "/%0d%0a/x", "/%0d%0aLocation:%20http://evil.example/", "//evil.example/x",
     "https://evil.example/", "/\\evil.example", "/%20/evil.example"],
)  # fmt: skip
def test_login_redirects_only_to_same_site_paths(app: Any, world: dict[str, Any], next_url: str) -> None:
    client = app.test_client()
    form = client.get("/login")
    resp = client.post(
        f"/login?next={next_url}",
        data={"login": "reg77", "password": PASSWORD, "csrf_token": csrf_from(form.text)},
    )
    assert resp.status_code == 302
    assert resp.headers["Location"] == "/"


def test_login_keeps_a_same_site_next_path(app: Any, world: dict[str, Any]) -> None:
    client = app.test_client()
    form = client.get("/login")
    resp = client.post(
        "/login?next=/orders%3Fstate%3Daccepted",
        data={"login": "reg77", "password": PASSWORD, "csrf_token": csrf_from(form.text)},
    )
    assert resp.status_code == 302 and resp.headers["Location"] == "/orders?state=accepted"


def test_ids_out_of_range_in_page_urls_are_a_404(login_as: Callable[[str], Any]) -> None:
    client = login_as("operator")
    for url in ("/members/99999999999", "/batches/99999999999"):
        assert client.get(url).status_code == 404, url
    assert client.get("/orders?page=99999999999999999999").status_code == 200


def test_24_parallel_bad_logins_check_the_password_no_more_than_the_limit(
    committed_app: Any, settings: Any
) -> None:
    """Real PostgreSQL, real threads: the count-and-check of throttling is one step."""
    factory = committed_app.extensions["gateway.sessionmaker"]
    with unit_of_work(factory) as s:
        make_user(s, "target", Role.OPERATOR)
    clients = []
    for _ in range(24):
        client = committed_app.test_client()
        clients.append((client, csrf_from(client.get("/login").text)))
    barrier = threading.Barrier(len(clients))
    statuses: list[int] = []

    def attempt(client: Any, token: str) -> None:
        barrier.wait()
        resp = client.post(
            "/login", data={"login": "target", "password": "wrong password", "csrf_token": token}
        )
        statuses.append(resp.status_code)

    threads = [threading.Thread(target=attempt, args=pair) for pair in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    limit = settings.web.login_max_failures_per_account
    assert sorted(statuses) == [401] * limit + [429] * (24 - limit)
    with unit_of_work(factory) as s:
        # Each attempt row is one password check: the limit, not more.
        assert s.scalar(select(func.count(LoginAttempt.id)).where(LoginAttempt.login == "target")) == limit
    # The owner is throttled too until the window passes: the account is protected, not just slowed.
    assert login(committed_app.test_client(), "target").status_code == 429
