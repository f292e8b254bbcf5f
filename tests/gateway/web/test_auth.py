"""Login, throttling, CSRF, sessions and the audit log (Flask test client, rolled-back database)."""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.models import AuditEntry, LoginAttempt
from tests.gateway.web.conftest import PASSWORD, csrf_from, login, post_form


def test_login_good_and_bad(app: Any, world: dict[str, Any], db: Session) -> None:
    client = app.test_client()
    assert client.get("/dashboard").status_code == 302  # to the login page
    bad = login(client, "operator", "wrong password")
    assert bad.status_code == 401
    assert "Неверный логин или пароль" in bad.text
    ok = login(client, "operator")
    assert ok.status_code == 302
    cookie = ok.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie
    assert client.get("/dashboard").status_code == 200
    actions = [a for (a,) in db.execute(select(AuditEntry.action).order_by(AuditEntry.id))]
    assert actions == ["login_failed", "login"]
    # No password (nor the typed login) in the audit log.
    details = db.scalars(select(AuditEntry.details)).all()
    assert "wrong password" not in repr(details) and PASSWORD not in repr(details)


def test_unknown_login_is_refused_like_a_wrong_password(app: Any, world: dict[str, Any]) -> None:
    resp = login(app.test_client(), "nobody", "whatever-password")
    assert resp.status_code == 401 and "Неверный логин или пароль" in resp.text


def test_account_throttled_after_failures(
    app: Any, world: dict[str, Any], db: Session, settings: Any
) -> None:
    client = app.test_client()
    limit = settings.web.login_max_failures_per_account
    for _ in range(limit):
        assert login(client, "reg77", "wrong password").status_code == 401
    # Even the right password is refused now, with a clear message.
    resp = login(client, "reg77")
    assert resp.status_code == 429
    assert "Слишком много неудачных попыток" in resp.text
    assert db.scalar(select(func.count()).select_from(LoginAttempt)) == limit
    assert db.scalar(select(func.count()).where(AuditEntry.action == "login_throttled")) == 1
    # Another account from the same address still logs in (per-IP limit is higher).
    assert login(client, "reg50").status_code == 302


def test_ip_throttled_across_accounts(
    app: Any, world: dict[str, Any], settings: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr(settings.web, "login_max_failures_per_ip", 6)
    client = app.test_client()
    for i in range(settings.web.login_max_failures_per_ip):
        login(client, f"guess{i}", "wrong password")
    assert login(client, "operator").status_code == 429


def test_post_without_csrf_token_is_refused(login_as: Any) -> None:
    client = login_as("reg77")
    resp = client.post("/cards/handout", data={"numbers": "1", "status": "issued"})
    assert resp.status_code == 400
    assert "Форма устарела" in resp.text
    resp = client.post("/cards/handout", data={"numbers": "1", "status": "issued", "csrf_token": "forged"})
    assert resp.status_code == 400


def test_login_form_needs_csrf_too(app: Any, world: dict[str, Any]) -> None:
    resp = app.test_client().post("/login", data={"login": "operator", "password": PASSWORD})
    assert resp.status_code == 400


def test_logout_and_password_change_void_sessions(login_as: Any, app: Any) -> None:
    first = login_as("operator")
    second = login_as("operator")
    page = first.get("/password")
    weak = first.post(
        "/password",
        data={
            "current_password": PASSWORD,
            "new_password": "short",
            "new_password2": "short",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert weak.status_code == 422 and "не короче 10" in weak.text
    resp = first.post(
        "/password",
        data={
            "current_password": PASSWORD,
            "new_password": "a much better one",
            "new_password2": "a much better one",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert resp.status_code == 302
    assert first.get("/dashboard").status_code == 200  # this session was renewed
    assert second.get("/dashboard").status_code == 302  # the other one is void
    assert post_form(first, "/logout", {}).status_code == 302
    assert first.get("/dashboard").status_code == 302
    assert login(app.test_client(), "operator", "a much better one").status_code == 302


def test_open_redirect_is_refused(app: Any, world: dict[str, Any]) -> None:
    client = app.test_client()
    page = client.get("/login")
    resp = client.post(
        "/login?next=//evil.example/x",
        data={"login": "operator", "password": PASSWORD, "csrf_token": csrf_from(page.text)},
    )
    assert resp.headers["Location"] == "/"


def test_a_successful_login_forgives_earlier_failures(app: Any, world: dict[str, Any], settings: Any) -> None:
    client = app.test_client()
    limit = settings.web.login_max_failures_per_account
    for _ in range(limit - 1):
        login(client, "reg50", "wrong password")
    assert login(client, "reg50").status_code == 302
    for _ in range(limit - 1):
        assert login(app.test_client(), "reg50", "wrong password").status_code == 401
    assert login(app.test_client(), "reg50").status_code == 302
