"""Schemathesis against /api/v1/openapi.json, for each kind of token: no input gives a 500, and no
answer breaks the document (status codes, content types, bodies).

Hypothesis generates the requests from the document itself; each example is sent with a region,
an operator and a 1C-sync token, through the WSGI app on real PostgreSQL (rolled back after each
operation). The number of examples is bounded so the suite stays minutes long.
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from gateway.models import TokenKind
from tests.factories import make_member, make_primary, make_region, make_token

CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
EXAMPLES = 20


@pytest.fixture()
def tokens(db: Any) -> dict[str, str]:
    r77 = make_region(db, "77")
    make_member(db, make_primary(db, r77, code="P77-1"))
    out = {
        "region": make_token(db, TokenKind.REGION, r77),
        "operator": make_token(db, TokenKind.OPERATOR),
        "onec_sync": make_token(db, TokenKind.ONEC_SYNC),
    }
    db.commit()
    return out


def test_no_input_gives_500_or_breaks_the_document(app: Any, tokens: dict[str, str]) -> None:
    # Built inside the test (not with ``schemathesis.pytest.from_fixture``, which does not run on
    # this pytest): every operation, each failure collected, all of them reported at the end.
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", app)
    failures: list[str] = []
    for result in schema.get_all_operations():
        operation = result.ok()

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,  # the same examples every run: a failure here is reproducible
            database=None,
        )
        def run(case: Any) -> None:
            for token in tokens.values():
                case.call_and_validate(headers={"Authorization": f"Bearer {token}"}, checks=CHECKS)

        try:
            run()
        except (Exception, BaseExceptionGroup) as exc:  # collected, reported below with the operation
            failures.append(f"{operation.label}: {exc}")
    assert not failures, "\n\n".join(failures)
