"""Request and task ids that follow one piece of work through the logs.

Every web request gets an id (the proxy's ``X-Request-ID`` when it sent a sane one, else a new
one), returned in the ``X-Request-ID`` response header. A task sent while handling the request
carries the id in its message headers (Celery's ``before_task_publish`` signal), and the worker
puts it back into the log context with the task's own id (``task_prerun``), so one grep finds the
request and every task it caused.
"""

from __future__ import annotations

import inspect
import re
import uuid
from contextvars import ContextVar
from typing import Any

from celery.signals import before_task_publish, task_postrun, task_prerun
from flask import Flask, g, request

REQUEST_ID_HEADER = "X-Request-ID"
# The message header that carries the request id into a task (Celery copies custom message
# headers onto ``task.request``).
TASK_HEADER = "gateway_request_id"

request_id_var: ContextVar[str | None] = ContextVar("gateway_request_id", default=None)
task_id_var: ContextVar[str | None] = ContextVar("gateway_task_id", default=None)
# The running task's name and the ids among its arguments (tasks take ids, never objects or
# personal data), so every line a task logs says what it worked on.
task_context_var: ContextVar[dict[str, Any] | None] = ContextVar("gateway_task_context", default=None)

# An id from outside is taken only if it cannot smuggle anything into a log line or a header.
_SANE_ID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


def new_request_id() -> str:
    return uuid.uuid4().hex


def init_request_ids(app: Flask) -> None:
    @app.before_request
    def _assign() -> None:
        sent = request.headers.get(REQUEST_ID_HEADER, "")
        rid = sent if _SANE_ID.match(sent) else new_request_id()
        g.request_id = rid
        g.request_id_token = request_id_var.set(rid)

    @app.after_request
    def _echo(response: Any) -> Any:
        rid = g.get("request_id")
        if rid:
            response.headers[REQUEST_ID_HEADER] = rid
        return response

    @app.teardown_request
    def _forget(_exc: BaseException | None) -> None:
        token = g.pop("request_id_token", None)
        if token is not None:
            request_id_var.reset(token)

    _connect_celery_signals()


def _connect_celery_signals() -> None:
    before_task_publish.connect(_stamp, weak=False, dispatch_uid="gateway.correlation.stamp")
    task_prerun.connect(_enter_task, weak=False, dispatch_uid="gateway.correlation.enter")
    task_postrun.connect(_leave_task, weak=False, dispatch_uid="gateway.correlation.leave")


def _stamp(headers: dict[str, Any] | None = None, **_: Any) -> None:
    # A task sent by a task passes the original request's id on.
    rid = request_id_var.get()
    if rid and headers is not None:
        headers.setdefault(TASK_HEADER, rid)


def _enter_task(
    task_id: str | None = None,
    task: Any = None,
    args: Any = None,
    kwargs: dict[str, Any] | None = None,
    **_: Any,
) -> None:
    req = getattr(task, "request", None)
    rid = getattr(req, TASK_HEADER, None) if req is not None else None
    if rid is None and req is not None:
        rid = (getattr(req, "headers", None) or {}).get(TASK_HEADER)
    request_id_var.set(rid if isinstance(rid, str) and _SANE_ID.match(rid) else None)
    task_id_var.set(task_id)
    task_context_var.set(task_ids(task, args or (), kwargs or {}))


def _leave_task(**_: Any) -> None:
    request_id_var.set(None)
    task_id_var.set(None)
    task_context_var.set(None)


def _is_id(value: Any) -> bool:
    if isinstance(value, list | tuple):
        return all(_is_id(v) for v in value)
    return (
        isinstance(value, int) and not isinstance(value, bool) or isinstance(value, str) and len(value) <= 64
    )


def task_ids(task: Any, args: Any, kwargs: dict[str, Any]) -> dict[str, Any]:
    """``{"task": name, "<x>_id": …}``: the task's arguments named ``*_id`` / ``*_ids`` only."""
    out: dict[str, Any] = {"task": getattr(task, "name", None)}
    try:
        bound = inspect.signature(task.run).bind_partial(*args, **kwargs).arguments
    except (TypeError, ValueError, AttributeError):
        return out
    for name, value in bound.items():
        if name.endswith(("_id", "_ids")) and _is_id(value):
            out[name] = list(value) if isinstance(value, tuple) else value
    return out
