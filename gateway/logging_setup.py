"""Logging of every gateway process: the human text format, or one JSON object per line.

The JSON format (``[ops] log_format = "json"``) writes ``time``, ``level``, ``logger``, ``event``
(the message), ``request_id`` / ``task_id`` when the line belongs to a request or a task, in a task
its name and the arguments named ``*_id`` / ``*_ids`` (tasks take ids only), the ids a caller
passed with ``extra={"batch_id": …}``, and the exception's traceback. Messages hold ids, codes and counts only — never names or dates of birth —
so nothing here needs to scrub them; the formatter adds nothing but ids.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import sys
from typing import Any

from gateway.correlation import request_id_var, task_context_var, task_id_var
from gateway.settings import Settings

_HANDLER_NAME = "gateway"


class ContextFilter(logging.Filter):
    """Puts the current request id and task id on every record the JSON handler writes."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.request_id = request_id_var.get()
        record.task_id = task_id_var.get()
        record.task_context = task_context_var.get()
        return True


def _is_id_key(key: str) -> bool:
    return key.endswith(("_id", "_ids")) and key not in ("request_id", "task_id", "task_context")


class JsonFormatter(logging.Formatter):
    def format(self, record: logging.LogRecord) -> str:
        out: dict[str, Any] = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "event": record.getMessage(),
        }
        for key in ("request_id", "task_id"):
            value = getattr(record, key, None)
            if value:
                out[key] = value
        out.update(getattr(record, "task_context", None) or {})  # task name, ids among its arguments
        for key, value in record.__dict__.items():
            if _is_id_key(key) and isinstance(value, int | str | list | tuple):
                out[key] = value
        if record.exc_info:
            out["exc_info"] = self.formatException(record.exc_info)
        return json.dumps(out, ensure_ascii=False, default=str)


TEXT_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(settings: Settings) -> None:
    """Text: as before (``basicConfig``, which leaves a process's existing handlers alone). JSON:
    one handler of ours on the root logger, replaced (not added to) when called again."""
    if settings.ops.log_format != "json":
        logging.basicConfig(level=settings.log_level, format=TEXT_FORMAT)
        return
    root = logging.getLogger()
    for handler in list(root.handlers):
        if handler.get_name() == _HANDLER_NAME or isinstance(handler.formatter, JsonFormatter):
            root.removeHandler(handler)
    handler = logging.StreamHandler(sys.stderr)
    handler.set_name(_HANDLER_NAME)
    handler.addFilter(ContextFilter())
    handler.setFormatter(JsonFormatter())
    root.addHandler(handler)
    root.setLevel(settings.log_level)
