"""Liveness and readiness: ``GET /healthz``, ``GET /readyz`` and ``gateway check``.

``/healthz`` says only that the process answers. ``/readyz`` (and ``gateway check``, for scripts)
checks what the gateway needs to do its work: the database reachable and migrated to this code's
head revision, the broker reachable, and Celery beat seen recently. Both answer JSON without a
login and carry no personal data — check names, states, revision ids and ages only; the reason of
a failure is the exception's class name (details, which may name hosts, go to the log).
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from flask import Blueprint, current_app, jsonify
from sqlalchemy import Engine, func, inspect, select, text

from gateway.db.base import utcnow
from gateway.settings import Settings

log = logging.getLogger(__name__)


@dataclass
class Check:
    name: str
    ok: bool
    details: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, **self.details}


def _failure(name: str, exc: BaseException) -> Check:
    log.warning("readiness check %s failed: %s", name, exc)
    return Check(name, False, {"error": type(exc).__name__})


@lru_cache(maxsize=1)
def code_heads() -> frozenset[str]:
    """The head revisions of the migrations this code carries (read once per process)."""
    from alembic.script import ScriptDirectory

    from gateway.db.migrate import alembic_config

    return frozenset(ScriptDirectory.from_config(alembic_config("sqlite://")).get_heads())


def check_database(engine: Engine) -> Check:
    """Reachable, and at the head revision of the migrations this code carries."""
    try:
        with engine.connect() as conn:
            conn.execute(text("SELECT 1"))
            # Read directly rather than through Alembic's MigrationContext, which logs at INFO on
            # every call — once per probe, every few seconds, for ever.
            has_table = inspect(conn).has_table("alembic_version")
            current = (
                set(conn.scalars(text("SELECT version_num FROM alembic_version"))) if has_table else set()
            )
    except Exception as exc:  # noqa: BLE001 - any failure means "not ready"; the class is reported
        return _failure("database", exc)
    heads = set(code_heads())
    details: dict[str, Any] = {"revision": sorted(current), "head": sorted(heads)}
    if current != heads:
        details["error"] = "not_at_head"
    return Check("database", current == heads, details)


def check_broker(settings: Settings) -> Check:
    from kombu import Connection

    try:
        with Connection(settings.broker_url, connect_timeout=settings.ops.probe_timeout_seconds) as conn:
            conn.ensure_connection(max_retries=1, timeout=settings.ops.probe_timeout_seconds)
    except Exception as exc:  # noqa: BLE001
        return _failure("broker", exc)
    return Check("broker", True, {"transport": settings.broker_url.split(":", 1)[0]})


def beat_stale_after(settings: Settings, celery: Any | None) -> float:
    """The setting, but never under twice beat's shortest interval (a slow schedule is not a dead beat)."""
    from gateway.beat_jobs import shortest_interval_seconds

    shortest = shortest_interval_seconds(celery) if celery is not None else None
    return max(settings.ops.beat_stale_seconds, 2 * shortest if shortest else 0.0)


def check_beat(
    engine: Engine, settings: Settings, celery: Any | None, now: dt.datetime | None = None
) -> Check:
    from gateway.models.operations import BeatJob

    now = now or utcnow()
    try:
        with engine.connect() as conn:
            last = conn.scalar(select(func.max(BeatJob.last_sent_at)))
    except Exception as exc:  # noqa: BLE001
        return _failure("beat", exc)
    stale_after = beat_stale_after(settings, celery)
    if last is None:
        return Check("beat", False, {"error": "never_seen", "stale_after_seconds": stale_after})
    if last.tzinfo is None:  # SQLite keeps no zone; the gateway writes UTC
        last = last.replace(tzinfo=dt.UTC)
    age = max(0.0, (now - last).total_seconds())
    details: dict[str, Any] = {"last_seen_seconds_ago": round(age, 1), "stale_after_seconds": stale_after}
    if age > stale_after:
        details["error"] = "stale"
    return Check("beat", age <= stale_after, details)


def readiness(settings: Settings, engine: Engine, celery: Any | None = None) -> tuple[bool, dict[str, Any]]:
    checks = [check_database(engine), check_broker(settings), check_beat(engine, settings, celery)]
    ok = all(c.ok for c in checks)
    return ok, {"status": "ready" if ok else "not_ready", "checks": {c.name: c.as_dict() for c in checks}}


health_bp = Blueprint("health", __name__)


@health_bp.get("/healthz")
def healthz() -> Any:
    return jsonify({"status": "ok"})


@health_bp.get("/readyz")
def readyz() -> Any:
    ext = current_app.extensions
    ok, body = readiness(ext["gateway.settings"], ext["gateway.engine"], ext.get("celery"))
    response = jsonify(body)
    response.status_code = 200 if ok else 503
    response.headers["Cache-Control"] = "no-store"
    return response
