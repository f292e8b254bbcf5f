"""Everything the people who run the gateway need from the web process, wired in one place:
request ids (and JSON logs carrying them), ``/healthz`` and ``/readyz``, ``/metrics``, and the
operators' queues page."""

from __future__ import annotations

from flask import Flask


def init_operations(app: Flask) -> None:
    from gateway.correlation import init_request_ids
    from gateway.health import health_bp
    from gateway.metrics import init_metrics
    from gateway.web.queues import bp as queues_bp

    init_request_ids(app)
    init_metrics(app)
    app.register_blueprint(health_bp)
    app.register_blueprint(queues_bp)
