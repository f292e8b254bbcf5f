"""Checks a real answer of /api/ against /api/v1/openapi.json: status, media type and JSON body.

Used by the autouse fixture of ``tests/gateway/conftest.py`` (every answer of the test suite) and
by ``test_contract.py``.
"""

from __future__ import annotations

import functools
import json
from typing import Any

import jsonschema_rs
from werkzeug.routing import Rule


def openapi_path(rule: Rule) -> str:
    """``/api/v1/batches/<int:batch_id>`` -> ``/api/v1/batches/{batch_id}``."""
    path = rule.rule
    for arg in rule.arguments:
        for form in (f"<int:{arg}>", f"<{arg}>", f"<path:{arg}>", f"<string:{arg}>"):
            path = path.replace(form, "{" + arg + "}")
    return path


@functools.lru_cache(maxsize=256)
def _validator(doc_json: str, pointer: str) -> Any:
    doc = json.loads(doc_json)
    schema = {"$ref": pointer, "components": doc["components"]}
    return jsonschema_rs.Draft202012Validator(schema, validate_formats=True)


def check_response(
    doc: dict[str, Any], path: str | None, method: str, status: int, mimetype: str, body: bytes
) -> list[str]:
    """What in this answer the document does not allow ([] when it conforms).

    ``path`` is the document's path of the matched route, ``None`` when no route matched (then only
    the error shape is checked).
    """
    where = f"{method.upper()} {path} -> {status}"
    if path is None:
        return (
            _check_json(doc, "#/components/schemas/Error", body, where)
            if mimetype == "application/json"
            else []
        )
    operation = doc["paths"].get(path, {}).get(method)
    if operation is None:
        return [f"{where}: the route is not in the document"]
    response = operation["responses"].get(str(status))
    if response is None:
        return [f"{where}: status not documented (documented: {sorted(operation['responses'])})"]
    content = response.get("content", {})
    if not content:
        return [] if not body else [f"{where}: a body where the document has none"]
    if mimetype not in content:
        return [f"{where}: media type {mimetype} not documented (documented: {sorted(content)})"]
    if mimetype != "application/json":
        return []
    schema = content[mimetype]["schema"]
    if "$ref" in schema:
        return _check_json(doc, schema["$ref"], body, where)
    # An inline schema: validate it with the components beside it.
    validator = jsonschema_rs.Draft202012Validator(
        {**schema, "components": doc["components"]}, validate_formats=True
    )
    return [
        f"{where}: {e.message} at {list(e.instance_path)}" for e in validator.iter_errors(json.loads(body))
    ]


def _check_json(doc: dict[str, Any], ref: str, body: bytes, where: str) -> list[str]:
    try:
        instance = json.loads(body)
    except ValueError:
        return [f"{where}: the body is not JSON"]
    validator = _validator(json.dumps({"components": doc["components"]}, sort_keys=True), ref)
    return [f"{where}: {e.message} at {list(e.instance_path)}" for e in validator.iter_errors(instance)]
