"""Every answer of /api/v1/ in the gateway's tests is checked against /api/v1/openapi.json.

A fixture for all of tests/gateway: the API's document is kept honest by the whole suite's real
requests, not only by the schema fuzzer's generated ones.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from flask import Response, request, request_finished

from tests.gateway.api.contract import check_response, openapi_path


@pytest.fixture(autouse=True)
def api_answers_match_the_document() -> Iterator[list[str]]:
    mismatches: list[str] = []

    def check(sender: Any, response: Response, **_: Any) -> None:
        from gateway.api.openapi import document

        if not request.path.startswith("/api/v1/") or request.method in ("HEAD", "OPTIONS"):
            return
        doc = document()
        rule = request.url_rule
        path = openapi_path(rule) if rule is not None else None
        if path is not None and path not in doc["paths"]:
            return  # a route a test adds for itself (the document's coverage is tested apart)
        if response.is_streamed:
            return
        mismatches.extend(
            check_response(
                doc,
                path,
                request.method.lower(),
                response.status_code,
                response.mimetype or "",
                response.get_data(),
            )
        )

    request_finished.connect(check, weak=False)
    try:
        yield mismatches
    finally:
        request_finished.disconnect(check)
    if mismatches:
        pytest.fail("answers that break /api/v1/openapi.json:\n" + "\n".join(mismatches), pytrace=False)
