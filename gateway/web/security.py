"""Who is asking: the logged-in user from the session cookie, CSRF tokens, roles, region scope.

The session cookie (signed by Flask) carries only the user id, the user's session epoch and the
login time; logout, a password change or reset and deactivation bump the epoch in the database and
void every older session of that user. A per-user epoch rather than a server-side table of session
ids: the signed cookies stay as they are, the check is the user row that every request loads anyway,
and nothing grows or needs cleaning up; the price is that a logout ends the user's other sessions too.
"""

from __future__ import annotations

import functools
import hmac
import secrets
import time
from collections.abc import Callable
from typing import Any, TypeVar

from flask import abort, flash, g, redirect, request, session, url_for

from gateway.db.request_session import get_session, get_settings_from_app
from gateway.models import Role, User
from gateway.texts import ru

F = TypeVar("F", bound=Callable[..., Any])

SESSION_ENDED_MESSAGE = ru.FLASH["session_ended"]

# Who may change things (auditors only read; regional users change only their own region).
ACTING_ROLES = (Role.ADMIN, Role.OPERATOR, Role.REGIONAL)
CENTRAL_ROLES = (Role.ADMIN, Role.OPERATOR, Role.AUDITOR)
CENTRAL_ACTORS = (Role.ADMIN, Role.OPERATOR)


def current_user() -> User | None:
    return g.get("user")


def user() -> User:
    u = current_user()
    assert u is not None, "view not protected by require()"
    return u


def actor() -> str:
    return f"user:{user().id}"


def client_ip() -> str:
    # Behind a reverse proxy, configure it to set REMOTE_ADDR (e.g. werkzeug's ProxyFix).
    return (request.remote_addr or "unknown")[:64]


def start_session(u: User) -> None:
    """A fresh session on login: nothing from the anonymous one survives (no fixation)."""
    session.clear()
    session.permanent = True
    session["uid"] = u.id
    session["epoch"] = u.session_epoch
    session["since"] = int(time.time())
    session["csrf"] = secrets.token_urlsafe(32)


def load_user() -> None:
    g.user = None
    uid = session.get("uid")
    if uid is None or request.blueprint == "api_v1" or request.endpoint == "web.static":
        return
    u = get_session().get(User, uid)
    hours = get_settings_from_app().web.session_hours
    if (
        u is None
        or not u.active
        or u.session_epoch != session.get("epoch")
        or session.get("since", 0) + hours * 3600 < time.time()
    ):
        session.clear()
        # Shown on the login page the protected page redirects to.
        flash(SESSION_ENDED_MESSAGE, "info")
        g.session_ended = True
        return
    g.user = u


def csrf_token() -> str:
    token = session.get("csrf")
    if not token:
        token = secrets.token_urlsafe(32)
        session["csrf"] = token
    return token


UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}


def check_csrf() -> Any:
    # The JSON API authenticates with bearer tokens, which a browser never sends on its own. By
    # path too: a request no API route matched (a 405, a 404) has no blueprint, and must get the
    # API's answer, not a CSRF refusal.
    if (
        request.method not in UNSAFE_METHODS
        or request.blueprint == "api_v1"
        or request.path.startswith("/api/")
    ):
        return
    if g.get("session_ended"):
        # A form sent from a session that has just been ended (logout elsewhere, password
        # changed): its token went with the session. Say so on the login page, not as a stale form.
        return redirect(url_for("auth.login"))
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get("csrf") or ""
    if not expected or not hmac.compare_digest(sent.encode(), expected.encode()):
        abort(400, description="csrf")


def require(*roles: Role) -> Callable[[F], F]:
    """Logged in (and, when roles are given, in one of them); otherwise to the login page or 403."""

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            u = current_user()
            if u is None:
                return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
            if roles and u.role not in roles:
                abort(403)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def region_scope() -> int | None:
    """The only region this user may see, or None for central-office roles (every region)."""
    u = user()
    return u.region_id if u.role is Role.REGIONAL else None


def ensure_region(region_id: int | None) -> None:
    """404, not 403: a region must not learn what exists in another region."""
    scope = region_scope()
    if scope is not None and region_id != scope:
        abort(404)


def can_act() -> bool:
    u = current_user()
    return u is not None and u.role in ACTING_ROLES
