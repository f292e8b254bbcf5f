"""``Idempotency-Key``: a retried request gets the stored answer of the first one.

The record is inserted in the same transaction as the work it guards, so a concurrent retry waits
on the unique index until the first request commits, then finds the stored answer.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any

from flask import jsonify, request
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from gateway.api.auth import current_client
from gateway.db.request_session import get_session
from gateway.errors import DomainError
from gateway.models import IdempotencyRecord


def idempotent(handler: Callable[[], tuple[dict[str, Any], int]]) -> Any:
    key = request.headers.get("Idempotency-Key", "").strip()
    if not key:
        body, status = handler()
        return jsonify(body), status
    if len(key) > 200:
        raise DomainError(
            "invalid_idempotency_key", "Idempotency-Key длиннее 200 символов.", "Idempotency-Key", 400
        )
    session = get_session()
    client = current_client().actor
    fingerprint = hashlib.sha256(request.get_data()).hexdigest()
    stored = session.scalar(
        select(IdempotencyRecord).where(IdempotencyRecord.client == client, IdempotencyRecord.key == key)
    )
    if stored is None:
        record = IdempotencyRecord(
            client=client, key=key, request_hash=fingerprint, status_code=0, response={}
        )
        try:
            with session.begin_nested():
                session.add(record)
                session.flush()
        except IntegrityError:
            # A concurrent request with this key committed first.
            stored = session.scalar(
                select(IdempotencyRecord).where(
                    IdempotencyRecord.client == client, IdempotencyRecord.key == key
                )
            )
        else:
            body, status = handler()
            if status >= 400:
                # Errors are not remembered: the caller may fix the request and retry with the key.
                session.rollback()
                return jsonify(body), status
            record.status_code = status
            record.response = body
            return jsonify(body), status
    assert stored is not None
    if stored.request_hash != fingerprint:
        raise DomainError(
            "idempotency_key_reused",
            "Этот Idempotency-Key уже использован для другого запроса.",
            "Idempotency-Key",
            422,
        )
    response = jsonify(stored.response)
    response.headers["Idempotent-Replayed"] = "true"
    return response, stored.status_code
