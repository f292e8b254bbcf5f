"""Login, logout, password change."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from flask import Blueprint, current_app, flash, redirect, render_template, request, session, url_for

from gateway.accounts.audit import audit
from gateway.accounts.users import (
    THROTTLED_MESSAGE,
    authenticate,
    change_password,
    normalise_login,
    revoke_sessions,
)
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.errors import DomainError
from gateway.metrics import count_login_failure
from gateway.models import User
from gateway.texts import ru
from gateway.web.security import actor, client_ip, current_user, require, start_session, user

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    """Only a path on this site; anything else goes to the start page.

    Browsers drop tabs and line breaks from URLs, so ``/\t/evil.example`` is ``//evil.example``
    (another host) to them; a CR/LF would end up in the ``Location`` header. Any control character,
    whitespace or backslash, a scheme or a host, or a path starting ``//`` is refused."""
    if (
        not target
        or "\\" in target
        or any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in target)
    ):
        return url_for("index")
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not parts.path.startswith("/") or parts.path.startswith("//"):
        return url_for("index")
    return target


def _record_failure(login: str, ip: str, user_id: int | None, throttled: bool) -> None:
    """In its own transaction: the failed request rolls back, the audit entry must stay (the
    attempt itself was recorded before the password was checked, see ``reserve_attempt``)."""
    with current_app.extensions["gateway.sessionmaker"]() as s:
        audit(
            s,
            "login_throttled" if throttled else "login_failed",
            actor=f"user:{user_id}" if user_id else "anonymous",
            user_id=user_id,
            details=None if user_id else {"unknown_login": True},
            ip=ip,
        )
        s.commit()


@bp.route("/login", methods=["GET", "POST"])
def login() -> Any:
    if request.method == "GET":
        if current_user() is not None:
            return redirect(url_for("index"))
        return render_template("login.html", title="Вход")
    db = get_session()
    rules = get_settings_from_app().web
    login_name = normalise_login(request.form.get("login", ""))[:100]
    ip = client_ip()
    factory = current_app.extensions["gateway.sessionmaker"]
    result = authenticate(factory, db, rules, login_name, request.form.get("password", ""), ip)
    if not result.ok:
        from sqlalchemy import select

        user_id = db.scalar(select(User.id).where(User.login == login_name))
        db.rollback()
        _record_failure(login_name, ip, user_id, result.throttled)
        count_login_failure()
        if result.throttled:
            message = THROTTLED_MESSAGE.format(minutes=f"{rules.login_window_minutes:g}")
            status = 429
        else:
            message = ru.FLASH["login_failed"]
            status = 401
        return render_template("login.html", title="Вход", error=message, login=login_name), status
    u = result.user
    assert u is not None
    audit(db, "login", actor=f"user:{u.id}", user_id=u.id, ip=ip)
    start_session(u)
    return redirect(_safe_next(request.args.get("next")))


@bp.post("/logout")
@require()
def logout() -> Any:
    u = user()
    # Clearing the cookie alone would leave a copied cookie valid until it expires: bump the epoch
    # so the server refuses it. The epoch is per user, so this ends the user's other sessions too
    # (other browsers, other devices) — accepted: one column instead of a session table.
    revoke_sessions(u)
    audit(get_session(), "logout", actor=actor(), user_id=u.id, ip=client_ip())
    session.clear()
    flash(ru.FLASH["logged_out"], "info")
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@require()
def password() -> Any:
    if request.method == "GET":
        return render_template("password.html", title="Смена пароля")
    u = user()
    new = request.form.get("new_password", "")
    try:
        if new != request.form.get("new_password2", ""):
            raise DomainError("password_mismatch", ru.FLASH["password_mismatch"], "new_password2")
        change_password(u, request.form.get("current_password", ""), new)
    except DomainError as exc:
        return render_template("password.html", title="Смена пароля", error=exc.message), 422
    audit(get_session(), "password_changed", actor=actor(), user_id=u.id, ip=client_ip())
    start_session(u)  # this session stays valid; every other one is voided by the new epoch
    flash(ru.FLASH["password_changed"], "ok")
    return redirect(url_for("index"))
