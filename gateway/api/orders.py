"""Card orders: single and bulk submission, listing, reading, cancelling."""

from __future__ import annotations

import uuid
from typing import Any

from flask import request
from sqlalchemy import func, select

from gateway.api import api_v1
from gateway.api.auth import current_client, load_regional, require_token
from gateway.api.idempotency import idempotent
from gateway.api.openapi import KEY_REUSED, Answers, api_spec
from gateway.api.schemas.common import IdempotencyHeaders
from gateway.api.schemas.orders import (
    AcceptedOrder,
    BulkItem,
    BulkRequest,
    BulkResult,
    Order,
    OrderPage,
    OrderRequest,
    OrdersQuery,
)
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.errors import DomainError
from gateway.models import Card, CardOrder, Member, OrderSource, TokenKind
from gateway.orders import intake
from gateway.orders.cancel import cancel_order
from gateway.orders.intake import Submitter, submit_orders

SUBMITTERS = (TokenKind.REGION, TokenKind.ONEC_SYNC, TokenKind.OPERATOR)


def _intake(order: OrderRequest, row: int | None = None) -> intake.OrderRequest:
    return intake.OrderRequest(row=row, **order.model_dump())


def _submitter() -> Submitter:
    client = current_client()
    source = OrderSource.ONEC if client.kind is TokenKind.ONEC_SYNC else OrderSource.API
    return Submitter(
        actor=client.actor,
        source=source,
        region_id=client.region_id if client.kind is TokenKind.REGION else None,
        idempotency_key=request.headers.get("Idempotency-Key") or None,
    )


@api_v1.post("/orders")
@require_token(*SUBMITTERS)
@api_spec.validate(
    json=OrderRequest,
    headers=IdempotencyHeaders,
    resp=Answers(
        {201: (AcceptedOrder, "Accepted, card number allocated")},
        {422: f"Rejected (the reasons in details), or {KEY_REUSED}"},
    ),
)
def submit_order() -> Any:
    """Submit one card order"""
    order: OrderRequest = request.context.json  # type: ignore[attr-defined]

    def handle() -> tuple[dict[str, Any], int]:
        [item] = submit_orders(get_session(), get_settings_from_app(), _submitter(), [_intake(order)])
        answer = BulkItem.of(item, 0)
        if answer.order is None:
            problems = [p.model_dump(exclude_none=True) for p in answer.errors or []]
            return {"error": {**problems[0], "details": problems}}, 422
        return answer.order.model_dump(mode="json"), 201

    return idempotent(handle)


@api_v1.post("/orders/bulk")
@require_token(*SUBMITTERS)
@api_spec.validate(
    json=BulkRequest,
    headers=IdempotencyHeaders,
    resp=Answers({200: (BulkResult, "Per-item results")}, {422: KEY_REUSED, 413: "Too many items"}),
)
def submit_orders_bulk() -> Any:
    """Submit many orders; per-item results"""
    settings = get_settings_from_app()
    body: BulkRequest = request.context.json  # type: ignore[attr-defined]

    def handle() -> tuple[dict[str, Any], int]:
        if len(body.orders) > settings.uploads.max_bulk_items:
            raise DomainError(
                "too_many_items",
                f"Не больше {settings.uploads.max_bulk_items} заказов за запрос; большие списки загружайте файлом.",
                "orders",
                413,
            )
        parsed = [_intake(o, i) for i, o in enumerate(body.orders)]
        items = submit_orders(
            get_session(), settings, _submitter(), parsed, all_or_nothing=body.all_or_nothing
        )
        results = [BulkItem.of(it, i) for i, it in enumerate(items)]
        accepted = sum(r.accepted for r in results)
        answer = BulkResult(
            accepted=accepted,
            rejected=len(results) - accepted,
            all_or_nothing=body.all_or_nothing,
            results=results,
        )
        return answer.model_dump(mode="json"), 200

    return idempotent(handle)


def _load_order(public_id: str) -> CardOrder:
    return load_regional(CardOrder, public_id, "order")


def _current_card(order: CardOrder) -> Card | None:
    return get_session().scalar(
        select(Card).where(Card.order_id == order.id).order_by(Card.id.desc()).limit(1)
    )


def _member_ref(order: CardOrder) -> uuid.UUID | None:
    return get_session().scalar(select(Member.onec_ref).where(Member.id == order.member_id))


@api_v1.get("/orders/<public_id>")
@require_token()
@api_spec.validate(resp=Answers({200: (Order, "The order")}))
def get_order(public_id: str) -> Any:
    """Read an order"""
    order = _load_order(public_id)
    return Order.of(order, _current_card(order), _member_ref(order))


@api_v1.get("/orders")
@require_token()
@api_spec.validate(query=OrdersQuery, resp=Answers({200: (OrderPage, "A page of orders")}))
def list_orders() -> Any:
    """List orders (a region token sees its own region only)"""
    session = get_session()
    client = current_client()
    query: OrdersQuery = request.context.query  # type: ignore[attr-defined]
    stmt = select(CardOrder, Member.onec_ref).join(Member, Member.id == CardOrder.member_id)
    count_stmt = select(func.count(CardOrder.id))
    if client.kind is TokenKind.REGION:
        stmt = stmt.where(CardOrder.region_id == client.region_id)
        count_stmt = count_stmt.where(CardOrder.region_id == client.region_id)
    if query.state is not None:
        stmt = stmt.where(CardOrder.state == query.state)
        count_stmt = count_stmt.where(CardOrder.state == query.state)
    rows = session.execute(
        stmt.order_by(CardOrder.id.desc()).limit(query.per_page).offset((query.page - 1) * query.per_page)
    ).all()
    cards = {
        c.order_id: c
        for c in session.scalars(
            select(Card).where(Card.order_id.in_([o.id for o, _ in rows])).order_by(Card.id)
        )
    }
    return OrderPage(
        page=query.page,
        per_page=query.per_page,
        total=session.scalar(count_stmt) or 0,
        items=[Order.of(o, cards.get(o.id), ref) for o, ref in rows],
    )


@api_v1.post("/orders/<public_id>/cancel")
@require_token(*SUBMITTERS)
@api_spec.validate(resp=Answers({200: (Order, "Cancelled")}, {409: "Too late"}))
def cancel_order_view(public_id: str) -> Any:
    """Cancel an order before printing"""
    session = get_session()
    order = _load_order(public_id)
    card = cancel_order(session, order, actor=current_client().actor, reason="cancelled by submitter")
    return Order.of(order, card, _member_ref(order))
