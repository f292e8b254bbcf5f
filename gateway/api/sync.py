"""Operators' view of the link to 1C: undelivered statuses (the outbox) and reconciliation."""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy import func, select

from gateway.api import api_v1
from gateway.api.auth import current_client, require_token
from gateway.api.params import MAX_OFFSET, query_int
from gateway.db.request_session import get_session
from gateway.errors import DomainError
from gateway.models import Card, OutboxMessage, OutboxState, TokenKind


def outbox_json(msg: OutboxMessage, card_number: str | None) -> dict[str, Any]:
    return {
        "id": msg.id,
        "card_id": msg.card_id,
        "card_number": card_number,
        "status": msg.status.value,
        "state": msg.state.value,
        "attempts": msg.attempts,
        "next_attempt_at": msg.next_attempt_at.isoformat(),
        "last_error": msg.last_error,
        "created_at": msg.created_at.isoformat(),
        "delivered_at": msg.delivered_at.isoformat() if msg.delivered_at else None,
    }


@api_v1.get("/outbox")
@require_token(TokenKind.OPERATOR)
def list_outbox() -> Any:
    raw = request.args.get("state", "dead")
    try:
        state = OutboxState(raw)
    except ValueError:
        raise DomainError(
            "invalid_state",
            "Состояние должно быть одним из: pending, delivered, dead.",
            field="state",
            status=400,
        ) from None
    limit = query_int("limit", 100, minimum=1, maximum=1000)
    offset = query_int("offset", 0, minimum=0, maximum=MAX_OFFSET)
    session = get_session()
    rows = session.execute(
        select(OutboxMessage, Card.number)
        .join(Card, Card.id == OutboxMessage.card_id)
        .where(OutboxMessage.state == state)
        .order_by(OutboxMessage.id)
        .limit(limit)
        .offset(offset)
    ).all()
    total = session.scalar(select(func.count(OutboxMessage.id)).where(OutboxMessage.state == state))
    return {"total": total, "items": [outbox_json(m, n) for m, n in rows]}


@api_v1.post("/outbox/<int:message_id>/retry")
@require_token(TokenKind.OPERATOR)
def retry_outbox(message_id: int) -> Any:
    from gateway.celery_app import send_after_commit
    from gateway.sync.outbox import retry_dead
    from gateway.sync.tasks import deliver_outbox_task

    session = get_session()
    msg = session.get(OutboxMessage, message_id)
    if msg is None:
        raise DomainError("outbox_message_not_found", "Сообщение для 1С не найдено.", status=404)
    if msg.state is not OutboxState.DEAD:
        raise DomainError(
            "outbox_message_not_dead",
            "Повторить можно только сообщение, доставка которого прекращена (dead).",
            status=409,
        )
    retry_dead(session, message_id)
    send_after_commit(session, deliver_outbox_task)
    card = session.get(Card, msg.card_id)
    return outbox_json(msg, card.number if card else None)


@api_v1.post("/reconciliation")
@require_token(TokenKind.OPERATOR)
def start_reconciliation() -> Any:
    """Ask for a report; a Celery task makes it (about a minute on millions of members). A report
    already queued or running is returned instead of starting a second one."""
    from gateway.celery_app import send_after_commit
    from gateway.sync.reconcile import request_reconciliation, run_json
    from gateway.sync.tasks import reconcile_task

    session = get_session()
    run, created = request_reconciliation(session, current_client().actor)
    if created:
        send_after_commit(session, reconcile_task, run.id)
    location = f"/api/v1/reconciliation/{run.id}"
    return run_json(run), 202, {"Location": location}


@api_v1.get("/reconciliation")
@require_token(TokenKind.OPERATOR)
def latest_reconciliation() -> Any:
    from gateway.sync.reconcile import latest_run, run_json

    run = latest_run(get_session())
    if run is None:
        raise DomainError(
            "no_reconciliation", "Сверка с 1С ещё не выполнялась: запустите её (POST).", status=404
        )
    return run_json(run)


@api_v1.get("/reconciliation/<int:run_id>")
@require_token(TokenKind.OPERATOR)
def reconciliation(run_id: int) -> Any:
    from gateway.models import ReconciliationRun
    from gateway.sync.reconcile import run_json

    run = get_session().get(ReconciliationRun, run_id)
    if run is None:
        raise DomainError("not_found", "Такой сверки нет.", status=404)
    return run_json(run)
