"""Operators' view of the link to 1C: undelivered statuses (the outbox) and reconciliation."""

from __future__ import annotations

from typing import Any

from flask import request
from sqlalchemy import func, select

from gateway.api import api_v1
from gateway.api.auth import current_client, require_token
from gateway.api.openapi import Answers, api_spec
from gateway.api.schemas.sync import OutboxMessage as OutboxAnswer
from gateway.api.schemas.sync import OutboxPage, OutboxQuery, ReconciliationRun
from gateway.db.request_session import get_session
from gateway.errors import DomainError
from gateway.models import Card, OutboxMessage, OutboxState, TokenKind
from gateway.models import ReconciliationRun as Run


def _outbox(msg: OutboxMessage, card_number: str | None) -> OutboxAnswer:
    answer = OutboxAnswer.model_validate(msg)
    answer.card_number = card_number  # the card's, joined by the query
    return answer


@api_v1.get("/outbox")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(query=OutboxQuery, resp=Answers({200: (OutboxPage, "Messages")}))
def list_outbox() -> Any:
    """Statuses for 1C by delivery state (dead letters by default)"""
    query: OutboxQuery = request.context.query  # type: ignore[attr-defined]
    state, limit, offset = query.state, query.limit, query.offset
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
    return OutboxPage(total=total or 0, items=[_outbox(m, n) for m, n in rows])


@api_v1.post("/outbox/<int:message_id>/retry")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(resp=Answers({200: (OutboxAnswer, "Pending again")}, {409: "The message is not dead"}))
def retry_outbox(message_id: int) -> Any:
    """Retry a dead message: fresh attempts, delivery task queued"""
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
    return _outbox(msg, card.number if card else None)


@api_v1.post("/reconciliation")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(resp=Answers({202: (ReconciliationRun, "Queued (Location: the run)")}))
def start_reconciliation() -> Any:
    """Start a reconciliation report (gateway against 1C), made in the background

    A Celery task makes it (about a minute on millions of members). A report already queued or
    running is returned instead of starting a second one.
    """
    from gateway.celery_app import send_after_commit
    from gateway.sync.reconcile import request_reconciliation
    from gateway.sync.tasks import reconcile_task

    session = get_session()
    run, created = request_reconciliation(session, current_client().actor)
    if created:
        send_after_commit(session, reconcile_task, run.id)
    location = f"/api/v1/reconciliation/{run.id}"
    return ReconciliationRun.model_validate(run), 202, {"Location": location}


@api_v1.get("/reconciliation")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(resp=Answers({200: (ReconciliationRun, "Run")}, {404: "None yet"}))
def latest_reconciliation() -> Any:
    """The latest reconciliation run"""
    from gateway.sync.reconcile import latest_run

    run = latest_run(get_session())
    if run is None:
        raise DomainError(
            "no_reconciliation", "Сверка с 1С ещё не выполнялась: запустите её (POST).", status=404
        )
    return ReconciliationRun.model_validate(run)


@api_v1.get("/reconciliation/<int:run_id>")
@require_token(TokenKind.OPERATOR)
@api_spec.validate(resp=Answers({200: (ReconciliationRun, "Run")}, {404: "Unknown"}))
def reconciliation(run_id: int) -> Any:
    """A reconciliation run; its report once succeeded"""
    run = get_session().get(Run, run_id)
    if run is None:
        raise DomainError("not_found", "Такой сверки нет.", status=404)
    return ReconciliationRun.model_validate(run)
