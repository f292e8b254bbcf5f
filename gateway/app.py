"""Flask application factory."""

from __future__ import annotations

from flask import Flask

from gateway.db.request_session import init_request_session
from gateway.db.session import make_engine, make_sessionmaker
from gateway.http_guards import init_http_guards
from gateway.settings import Settings, get_settings


def create_app(settings: Settings | None = None) -> Flask:
    settings = settings or get_settings()
    from gateway.logging_setup import configure_logging

    configure_logging(settings)  # text, or JSON lines by [ops] log_format
    app = Flask(__name__)
    app.config["SECRET_KEY"] = settings.secret_key.get_secret_value()
    app.config["MAX_CONTENT_LENGTH"] = int(settings.uploads.max_file_mb * 1024 * 1024) + 64 * 1024
    app.json.ensure_ascii = False  # type: ignore[attr-defined]
    app.json.sort_keys = False  # type: ignore[attr-defined]
    app.extensions["gateway.settings"] = settings
    # Before any route is added: the bounded ``int`` converter must be the one routes are built with.
    init_http_guards(app, production=settings.environment == "production")
    engine = make_engine(settings.database_url)
    app.extensions["gateway.engine"] = engine
    app.extensions["gateway.sessionmaker"] = make_sessionmaker(engine)
    init_request_session(app)
    from gateway.operations import init_operations

    init_operations(app)  # request ids, /healthz, /readyz, /metrics (before the web's hooks)

    from gateway.celery_app import celery_init_app

    celery_init_app(app)
    from gateway.beat_jobs import register_worker_hooks

    register_worker_hooks(app.extensions["celery"], engine)  # last run of each beat job

    from gateway.api import api_v1

    app.register_blueprint(api_v1)

    from gateway.virtual.wallet_service import init_wallet

    init_wallet(app)  # Apple's pass web service (/wallet/v1/…) and the pass push adapter

    from gateway.web import init_web

    init_web(app)
    return app
