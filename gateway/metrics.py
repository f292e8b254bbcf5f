"""Prometheus metrics at ``GET /metrics`` (the ``prometheus-client`` library).

Two kinds of figures:

* **Counted in the processes** — HTTP request durations, 1C call latency and errors by kind, login
  failures. The web service runs several processes and the Celery workers fork children, so with
  ``PROMETHEUS_MULTIPROC_DIR`` set (the systemd units set it) every process writes its counters to
  files there and a scrape of any web process adds them all up (prometheus-client's multi-process
  mode). Without it (one process, development) the process's own registry is served.
* **Read from the database at scrape time** — orders by state, uploads in progress, cards per
  station in the last hour, station states, outbox pending / dead and the age of the oldest pending
  status, the last successful full and incremental sync and their lag. The database is the truth
  shared by every machine (a print station on a printer PC included), so these need no
  multi-process bookkeeping and never drift from what the pages show.

Access: with ``[ops] metrics_token`` set, only ``Authorization: Bearer <token>``; otherwise only
clients in ``metrics_networks`` (loopback by default). No figure carries personal data.
"""

from __future__ import annotations

import datetime as dt
import hmac
import ipaddress
import logging
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import requests
from flask import Blueprint, Flask, Response, current_app, g, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector
from sqlalchemy import Engine, and_, func, select

from gateway.db.base import utcnow

log = logging.getLogger(__name__)

HTTP_SECONDS = Histogram(
    "gateway_http_request_seconds",
    "Time to answer a web or API request",
    ["endpoint", "method", "status"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
ONEC_SECONDS = Histogram(
    "gateway_onec_request_seconds",
    "Duration of one HTTP call to 1C (OData or SOAP), every attempt",
    ["method"],
    buckets=(0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60),
)
ONEC_ERRORS = Counter(
    "gateway_onec_errors_total",
    "Failed HTTP calls to 1C by kind (every attempt, retried or not)",
    ["kind"],
)
LOGIN_FAILURES = Counter("gateway_login_failures_total", "Failed web logins")


# ---- 1C calls --------------------------------------------------------------------------------

_ONEC_STATUS_KINDS = {
    400: "bad_request",
    401: "auth",
    403: "auth",
    404: "not_found",
    406: "pool_exhausted",  # 1C's web server has no free session
    409: "conflict",
    412: "conflict",
    500: "application",
    502: "unavailable",
    503: "unavailable",
    504: "unavailable",
}


def onec_error_kind(status: int) -> str | None:
    if status < 400:
        return None
    return _ONEC_STATUS_KINDS.get(status, "other")


def instrument_onec_session(session: requests.Session) -> requests.Session:
    """Time every call the session's adapters send and count failures by kind. Wraps the
    transport adapters, so OData and SOAP (which share the session) and every retry are seen."""
    for adapter in set(session.adapters.values()):
        if getattr(adapter, "_gateway_metrics", False):
            continue
        original = adapter.send

        def send(req: Any, *args: Any, _send: Any = original, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                response = _send(req, *args, **kwargs)
            except requests.Timeout:
                ONEC_ERRORS.labels("timeout").inc()
                raise
            except requests.ConnectionError:
                ONEC_ERRORS.labels("connection").inc()
                raise
            ONEC_SECONDS.labels(req.method or "GET").observe(time.perf_counter() - started)
            kind = onec_error_kind(response.status_code)
            if kind:
                ONEC_ERRORS.labels(kind).inc()
            return response

        adapter.send = send  # type: ignore[method-assign]
        adapter._gateway_metrics = True  # type: ignore[attr-defined]
    return session


# ---- figures from the database -----------------------------------------------------------------


class DatabaseCollector(Collector):
    """Gauges computed from the database on each scrape (a handful of grouped counts on indexed
    columns; a scrape every 30-60 s costs the database next to nothing)."""

    def __init__(self, engine: Engine, now: dt.datetime | None = None) -> None:
        self.engine = engine
        self.now = now

    def collect(self) -> Iterator[GaugeMetricFamily]:
        up = GaugeMetricFamily("gateway_metrics_database_up", "1 when the database answered this scrape")
        try:
            families = list(self._families(self.now or utcnow()))
        except Exception:  # noqa: BLE001 - a scrape must answer even when the database does not
            log.warning("metrics: database figures unavailable", exc_info=True)
            up.add_metric([], 0)
            yield up
            return
        up.add_metric([], 1)
        yield up
        yield from families

    def _families(self, now: dt.datetime) -> Iterator[GaugeMetricFamily]:
        from gateway.models import (
            CardOrder,
            CardPrintAttempt,
            OutboxMessage,
            OutboxState,
            PrintStation,
            StationState,
            SyncRun,
            SyncState,
            Upload,
            UploadState,
        )

        def age(ts: dt.datetime | None) -> float | None:
            if ts is None:
                return None
            if ts.tzinfo is None:
                ts = ts.replace(tzinfo=dt.UTC)
            return max(0.0, (now - ts).total_seconds())

        with self.engine.connect() as conn:
            orders = GaugeMetricFamily("gateway_orders", "Card orders by state", labels=["state"])
            for state, n in conn.execute(select(CardOrder.state, func.count()).group_by(CardOrder.state)):
                orders.add_metric([str(getattr(state, "value", state))], n)
            yield orders

            uploads = GaugeMetricFamily("gateway_uploads_in_progress", "Uploads queued or being processed")
            uploads.add_metric(
                [],
                conn.scalar(
                    select(func.count())
                    .select_from(Upload)
                    .where(Upload.state.in_([UploadState.QUEUED, UploadState.PROCESSING]))
                )
                or 0,
            )
            yield uploads

            hour = GaugeMetricFamily(
                "gateway_station_cards_last_hour",
                "Cards finished on each print station in the last hour, by outcome (produced, spoiled, …)",
                labels=["station", "outcome"],
            )
            rows = conn.execute(
                select(CardPrintAttempt.station, CardPrintAttempt.outcome, func.count())
                .where(
                    and_(
                        CardPrintAttempt.finished_at >= now - dt.timedelta(hours=1),
                        CardPrintAttempt.outcome.is_not(None),
                    )
                )
                .group_by(CardPrintAttempt.station, CardPrintAttempt.outcome)
            )
            for station, outcome, n in rows:
                hour.add_metric([station, str(getattr(outcome, "value", outcome))], n)
            yield hour

            states = GaugeMetricFamily(
                "gateway_station_state", "1 for each station's current state", labels=["station", "state"]
            )
            beats = GaugeMetricFamily(
                "gateway_station_heartbeat_age_seconds",
                "Seconds since each station's worker last reported",
                labels=["station"],
            )
            for name, state, heartbeat in conn.execute(
                select(PrintStation.name, PrintStation.state, PrintStation.heartbeat_at)
            ):
                current = str(getattr(state, "value", state))
                for s in StationState:
                    states.add_metric([name, s.value], 1 if s.value == current else 0)
                a = age(heartbeat)
                if a is not None:
                    beats.add_metric([name], a)
            yield states
            yield beats

            outbox = GaugeMetricFamily(
                "gateway_outbox_messages", "1C status messages by state", labels=["state"]
            )
            for state in (OutboxState.PENDING, OutboxState.DEAD):
                n = conn.scalar(
                    select(func.count()).select_from(OutboxMessage).where(OutboxMessage.state == state)
                )
                outbox.add_metric([state.value], n or 0)
            yield outbox
            oldest = conn.scalar(
                select(func.min(OutboxMessage.created_at)).where(OutboxMessage.state == OutboxState.PENDING)
            )
            pending_age = GaugeMetricFamily(
                "gateway_outbox_oldest_pending_age_seconds",
                "Age of the oldest status not yet delivered to 1C (0 when none waits)",
            )
            pending_age.add_metric([], age(oldest) or 0.0)
            yield pending_age

            last = GaugeMetricFamily(
                "gateway_sync_last_success_timestamp_seconds",
                "When the last successful 1C sync of each kind finished (Unix time)",
                labels=["kind"],
            )
            lag = GaugeMetricFamily(
                "gateway_sync_lag_seconds",
                "How old the gateway's copy of 1C is: seconds since the last successful sync of each kind started",
                labels=["kind"],
            )
            for kind, started, finished in conn.execute(
                select(SyncRun.kind, func.max(SyncRun.started_at), func.max(SyncRun.finished_at))
                .where(SyncRun.state == SyncState.SUCCEEDED)
                .group_by(SyncRun.kind)
            ):
                label = str(getattr(kind, "value", kind))
                if finished is not None:
                    if finished.tzinfo is None:
                        finished = finished.replace(tzinfo=dt.UTC)
                    last.add_metric([label], finished.timestamp())
                a = age(started)
                if a is not None:
                    lag.add_metric([label], a)
            yield last
            yield lag


# ---- exposition ------------------------------------------------------------------------------


def process_metrics() -> bytes:
    """The counters of every process (multi-process mode) or of this one."""
    directory = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if directory:
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry, path=directory)
        return generate_latest(registry)
    return generate_latest(REGISTRY)


def fresh_multiproc_dir(directory: Path) -> Path:
    """An empty multi-process directory for a supervisor that starts every process itself (the
    embedded run): files of processes from an earlier run would be added to this run's counters."""
    directory.mkdir(parents=True, exist_ok=True)
    for old in directory.glob("*.db"):
        old.unlink()
    return directory


def render(engine: Engine) -> bytes:
    db_registry = CollectorRegistry(auto_describe=False)
    db_registry.register(DatabaseCollector(engine))
    return process_metrics() + generate_latest(db_registry)


def allowed(settings: Any) -> bool:
    token = settings.ops.metrics_token.get_secret_value()
    if token:
        sent = request.headers.get("Authorization", "")
        return hmac.compare_digest(sent.encode(), f"Bearer {token}".encode())
    try:
        addr = ipaddress.ip_address(request.remote_addr or "")
    except ValueError:
        return False
    return any(addr in ipaddress.ip_network(n, strict=False) for n in settings.ops.metrics_networks)


metrics_bp = Blueprint("metrics", __name__)


@metrics_bp.get("/metrics")
def metrics() -> Response:
    if not allowed(current_app.extensions["gateway.settings"]):
        return Response("forbidden\n", status=403, mimetype="text/plain")
    return Response(render(current_app.extensions["gateway.engine"]), mimetype=CONTENT_TYPE_LATEST)


def init_metrics(app: Flask) -> None:
    app.register_blueprint(metrics_bp)

    @app.before_request
    def _start_timer() -> None:
        g.metrics_started = time.perf_counter()

    @app.after_request
    def _observe(response: Any) -> Any:
        started = g.pop("metrics_started", None)
        if started is not None and request.endpoint not in ("metrics.metrics", "web.static"):
            HTTP_SECONDS.labels(
                request.endpoint or "unmatched", request.method, f"{response.status_code // 100}xx"
            ).observe(time.perf_counter() - started)
        return response


def count_login_failure() -> None:
    """A web login was refused (wrong password, unknown login, or throttled). Counted by the login
    view, not at the insert of the attempt row: every attempt is recorded as failed *before* its
    password is checked (so parallel guesses cannot pass the throttle), and a good one is then marked
    succeeded."""
    LOGIN_FAILURES.inc()
