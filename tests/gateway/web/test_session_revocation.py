"""Server-side revocation of web sessions, and pruning of old login attempts.

A session cookie carries the user's session epoch; logout, a password change, an admin's password
reset and deactivation bump the epoch in the database, so a cookie copied before then is refused.
The epoch is per user: logging out in one browser ends that user's sessions in every other browser
too. That is the chosen trade-off (one column, no session table) and is tested as such below.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.accounts.users import prune_login_attempts
from gateway.db.base import utcnow
from gateway.models import LoginAttempt, User
from gateway.settings import SettingsError
from tests.conftest import make_test_settings
from tests.gateway.web.conftest import PASSWORD, csrf_from, login, post_form

COOKIE = "gateway_session"
SESSION_ENDED = "Сеанс завершён. Войдите снова."


def copy_of(app: Any, client: Any) -> Any:
    """Another client carrying the same session cookie, as an attacker who copied it would."""
    cookie = client.get_cookie(COOKIE)
    assert cookie is not None
    thief = app.test_client()
    thief.set_cookie(COOKIE, cookie.value)
    return thief


def assert_refused(client: Any) -> None:
    resp = client.get("/dashboard")
    assert resp.status_code == 302
    assert resp.headers["Location"].startswith("/login")
    page = client.get(resp.headers["Location"])
    assert page.status_code == 200 and SESSION_ENDED in page.text


def test_cookie_copied_before_logout_is_refused_after_it(login_as: Any, app: Any) -> None:
    client = login_as("operator")
    thief = copy_of(app, client)
    assert thief.get("/dashboard").status_code == 200  # the copy works while the session lives
    assert post_form(client, "/logout", {}).status_code == 302
    assert_refused(thief)
    # The refusal does not stick to the account: logging in again gives a working session,
    # and the old cookie stays dead.
    again = app.test_client()
    assert login(again, "operator").status_code == 302
    assert again.get("/dashboard").status_code == 200
    assert client.get("/dashboard").status_code == 302  # the browser that logged out holds nothing
    assert thief.get("/dashboard").status_code == 302


def test_cookie_copied_before_password_change_is_refused(login_as: Any, app: Any) -> None:
    client = login_as("reg77")
    thief = copy_of(app, client)
    resp = post_form(
        client,
        "/password",
        {
            "current_password": PASSWORD,
            "new_password": "another long one",
            "new_password2": "another long one",
        },
    )
    assert resp.status_code == 302
    assert client.get("/orders").status_code == 200  # the session that changed it was renewed
    assert_refused(thief)


def test_admin_reset_and_deactivation_end_the_users_sessions(login_as: Any, app: Any, world: Any) -> None:
    admin = login_as("admin")
    target = world["auditor"]
    victim = login_as("auditor")
    assert victim.get("/dashboard").status_code == 200
    page = f"/admin/users/{target.id}"
    assert post_form(admin, f"{page}/reset-password", {}, page_url=page).status_code == 200
    assert_refused(victim)

    operator_session = login_as("operator")
    data = {"role": "operator", "region": "", "display_name": "Оператор"}  # no "active": deactivate
    assert post_form(admin, f"/admin/users/{world['operator'].id}", data, page_url=page).status_code == 302
    assert_refused(operator_session)


def test_logout_ends_every_session_of_that_user_only(login_as: Any, app: Any, db: Session) -> None:
    laptop = login_as("operator")
    phone = login_as("operator")
    colleague = login_as("auditor")
    epoch = db.scalar(select(User.session_epoch).where(User.login == "operator"))
    assert post_form(laptop, "/logout", {}).status_code == 302
    assert db.scalar(select(User.session_epoch).where(User.login == "operator")) == (epoch or 0) + 1
    assert_refused(phone)  # per-user epoch: the second concurrent login is logged out as well
    assert colleague.get("/dashboard").status_code == 200  # other users are untouched


def test_pruning_keeps_recent_attempts_and_throttling(
    app: Any, world: dict[str, Any], db: Session, settings: Any
) -> None:
    now = utcnow()
    keep = dt.timedelta(days=settings.web.login_attempts_keep_days)
    limit = settings.web.login_max_failures_per_account
    old = [
        LoginAttempt(login="reg77", ip="10.0.0.1", succeeded=s, created_at=now - keep - dt.timedelta(hours=h))
        for h, s in ((1, False), (24, True), (24 * 90, False))
    ]
    recent = [
        LoginAttempt(login="reg77", ip="10.0.0.2", succeeded=False, created_at=now - dt.timedelta(days=d))
        for d in (1, settings.web.login_attempts_keep_days - 1)
    ]
    in_window = [
        LoginAttempt(login="reg50", ip="10.0.0.3", succeeded=False, created_at=now - dt.timedelta(minutes=1))
        for _ in range(limit)
    ]
    db.add_all(old + recent + in_window)
    db.flush()

    assert prune_login_attempts(db, settings.web) == len(old)
    left = set(db.scalars(select(LoginAttempt.id)))
    assert left == {a.id for a in recent + in_window}
    assert prune_login_attempts(db, settings.web) == 0
    db.commit()  # a savepoint of the test's transaction: the requests below see it

    assert login(app.test_client(), "reg50").status_code == 429  # still throttled after pruning
    assert login(app.test_client(), "reg77").status_code == 302


def test_the_beat_job_prunes(app: Any, db: Session, settings: Any) -> None:
    celery = app.extensions["celery"]
    entry = next(
        e for e in celery.conf.beat_schedule.values() if e["task"].endswith("prune_login_attempts_task")
    )
    task = celery.tasks[entry["task"]]
    stale = utcnow() - dt.timedelta(days=settings.web.login_attempts_keep_days + 1)
    db.add(LoginAttempt(login="x", ip="10.0.0.9", succeeded=False, created_at=stale))
    db.add(LoginAttempt(login="x", ip="10.0.0.9", succeeded=False))
    db.commit()
    with app.app_context():
        assert task.run() == 1
    assert db.scalar(select(func.count()).select_from(LoginAttempt)) == 1


def test_retention_must_cover_the_throttling_window() -> None:
    with pytest.raises(SettingsError, match="LOGIN_ATTEMPTS_KEEP_DAYS|login_attempts_keep_days"):
        make_test_settings(web={"login_window_minutes": 120, "login_attempts_keep_days": 0.05})


def test_form_sent_from_an_ended_session_goes_to_the_login_page(login_as: Any, app: Any) -> None:
    """Not the «Форма устарела» page: the user must learn the session ended, and nothing is done."""
    client = login_as("operator")
    thief = copy_of(app, client)
    token = csrf_from(thief.get("/batches").text)
    assert post_form(client, "/logout", {}).status_code == 302
    resp = thief.post("/batches/form", data={"csrf_token": token})
    assert resp.status_code == 302 and resp.headers["Location"].startswith("/login")
    assert SESSION_ENDED in thief.get(resp.headers["Location"]).text
