"""The web pages (Russian, server-rendered): regional staff, central-office operators, admins.

Blueprints per area; every view goes through :func:`gateway.web.security.require` and filters by
:func:`gateway.web.security.region_scope`, so a regional user only ever reaches their own region.
Business rules live in the services (intake, uploads, handout, batching, lifecycle): the views
only collect input, call them and show the outcome.
"""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from flask import Blueprint, Flask, jsonify, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from gateway.errors import DomainError
from gateway.texts import ru
from gateway.web import security
from gateway.web.formatting import FILTERS

log = logging.getLogger(__name__)


def _user_names_of_request(actors: list[str]) -> dict[int, str]:
    """For templates: display names of ``user:N`` actors (the «Кто» of a panel)."""
    from gateway.db.request_session import get_session
    from gateway.web.lookups import user_names

    return user_names(get_session(), actors)


def init_web(app: Flask) -> None:
    settings = app.extensions["gateway.settings"]
    app.config.update(
        SESSION_COOKIE_NAME="gateway_session",
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        # Plain http only on a developer's or test machine; production is served over https.
        SESSION_COOKIE_SECURE=settings.environment == "production",
        PERMANENT_SESSION_LIFETIME=dt.timedelta(hours=settings.web.session_hours),
    )
    app.jinja_env.filters.update(FILTERS)
    app.jinja_env.globals.update(
        csrf_token=security.csrf_token, can_act=security.can_act, user_names=_user_names_of_request
    )
    app.before_request(security.load_user)
    app.before_request(security.check_csrf)

    @app.after_request
    def _security_headers(response: Any) -> Any:
        if not request.path.startswith("/api/"):
            # Scripts and styles only from this site (inline style attributes are allowed for
            # progress bars); no framing, no leaking URLs with ids to other sites.
            response.headers.setdefault(
                "Content-Security-Policy",
                "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                "script-src 'self'; frame-ancestors 'none'; form-action 'self'; base-uri 'none'",
            )
            response.headers.setdefault("X-Content-Type-Options", "nosniff")
            response.headers.setdefault("X-Frame-Options", "DENY")
            response.headers.setdefault("Referrer-Policy", "same-origin")
        return response

    @app.context_processor
    def _globals() -> dict[str, Any]:
        from gateway.models import Role

        return {"current_user": security.current_user(), "Role": Role}

    @app.errorhandler(DomainError)
    def _domain_error(exc: DomainError) -> Any:
        return render_template("error.html", title="Ошибка", message=exc.message), exc.status

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException) -> Any:
        code = exc.code or 500
        message = ru.CSRF_MESSAGE if exc.description == "csrf" else ru.HTTP_MESSAGES.get(code, exc.name)
        allow = {k: v for k, v in exc.get_headers() if k.lower() == "allow"}  # a 405 keeps its Allow
        if request.path.startswith("/api/"):
            return (
                jsonify(
                    {"error": {"code": (exc.name or "error").lower().replace(" ", "_"), "message": message}}
                ),
                code,
                allow,
            )
        return render_template("error.html", title=f"Ошибка {code}", message=message), code, allow

    from gateway.web import (
        admin,
        auth,
        batches,
        cards,
        dashboard,
        onec,
        orders,
        reports,
        search,
        stations,
        uploads,
        verify,
    )

    # Templates and the stylesheet/script of every web blueprint.
    app.register_blueprint(
        Blueprint(
            "web", __name__, template_folder="templates", static_folder="static", static_url_path="/assets"
        )
    )
    for module in (auth, orders, uploads, cards, dashboard, batches, search, reports, admin, stations, onec):
        app.register_blueprint(module.bp)
    app.register_blueprint(verify.bp)  # public, no login: the card verification pages (/verify, /v)
    from gateway.web.production import init_production

    init_production(app)  # the batch page's sections on blank stock and outside bureaus

    @app.get("/favicon.ico")
    def favicon() -> Any:
        # Browsers ask for /favicon.ico whatever the page says: answer with the SVG icon.
        return redirect(url_for("web.static", filename="favicon.svg"), 301)

    @app.get("/")
    def index() -> Any:
        u = security.current_user()
        if u is None:
            return redirect(url_for("auth.login"))
        from gateway.models import Role

        return redirect(url_for("orders.list_orders" if u.role is Role.REGIONAL else "dashboard.show"))
