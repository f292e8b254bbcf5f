"""Card orders: single and bulk submission, listing, reading, cancelling."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from flask import request
from sqlalchemy import func, select

from gateway.api import api_v1
from gateway.api.auth import current_client, load_regional, require_token
from gateway.api.idempotency import idempotent
from gateway.api.params import MAX_PAGE, query_int
from gateway.api.serializers import item_json, order_json
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.errors import DomainError, Problem
from gateway.models import Card, CardForm, CardOrder, Member, OrderReason, OrderSource, OrderState, TokenKind
from gateway.orders.cancel import cancel_order
from gateway.orders.intake import OrderRequest, Submitter, submit_orders

SUBMITTERS = (TokenKind.REGION, TokenKind.ONEC_SYNC, TokenKind.OPERATOR)


def _json_body() -> Any:
    body = request.get_json(silent=True)
    if body is None:
        raise DomainError(
            "invalid_json",
            "Тело запроса должно быть JSON-объектом (Content-Type: application/json).",
            status=400,
        )
    return body


def _parse_order(obj: Any, index: int | None = None) -> OrderRequest:
    prefix = f"orders[{index}]." if index is not None else ""

    def bad(field: str, message: str) -> DomainError:
        return DomainError("invalid_field", message, prefix + field, 400)

    if not isinstance(obj, dict):
        raise bad("", "Заказ должен быть JSON-объектом.")
    unknown = set(obj) - {
        "member_ref",
        "surname",
        "name",
        "patronymic",
        "birth_date",
        "organisation",
        "reason",
        "form",
    }
    if unknown:
        raise bad(sorted(unknown)[0], f"Неизвестное поле «{sorted(unknown)[0]}».")
    try:
        reason = OrderReason(obj.get("reason", "first"))
    except ValueError:
        raise bad("reason", "Причина должна быть одной из: first, lost, damaged, name_changed.") from None
    try:
        form = CardForm(obj.get("form", "plastic"))
    except ValueError:
        raise bad("form", "Форма билета: plastic (пластиковая карта) или virtual (только номер).") from None
    ref = None
    if obj.get("member_ref") is not None:
        try:
            ref = uuid.UUID(str(obj["member_ref"]))
        except ValueError:
            raise bad("member_ref", "member_ref должен быть GUID члена Профсоюза в 1С.") from None
    birth = None
    if obj.get("birth_date") is not None:
        try:
            birth = dt.date.fromisoformat(str(obj["birth_date"]))
        except ValueError:
            raise bad("birth_date", "birth_date — дата в формате ГГГГ-ММ-ДД.") from None
    for key in ("surname", "name", "patronymic", "organisation"):
        if obj.get(key) is not None and not isinstance(obj[key], str):
            raise bad(key, f"Поле «{key}» должно быть строкой.")
    if ref is None and not (obj.get("surname") and obj.get("name") and birth):
        raise bad("member_ref", "Укажите member_ref или surname, name и birth_date.")
    return OrderRequest(
        reason=reason,
        member_ref=ref,
        surname=obj.get("surname"),
        name=obj.get("name"),
        patronymic=obj.get("patronymic"),
        birth_date=birth,
        organisation=obj.get("organisation"),
        row=index,
        form=form,
    )


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
def submit_order() -> Any:
    def handle() -> tuple[dict[str, Any], int]:
        order = _parse_order(_json_body())
        [item] = submit_orders(get_session(), get_settings_from_app(), _submitter(), [order])
        if not item.accepted:
            problems = [Problem(p.code, p.message, p.field).as_dict() for p in item.problems]
            first = problems[0]
            return {"error": {**first, "details": problems}}, 422
        return item_json(item, 0)["order"], 201

    return idempotent(handle)


@api_v1.post("/orders/bulk")
@require_token(*SUBMITTERS)
def submit_orders_bulk() -> Any:
    settings = get_settings_from_app()

    def handle() -> tuple[dict[str, Any], int]:
        body = _json_body()
        orders = body.get("orders") if isinstance(body, dict) else None
        if not isinstance(orders, list) or not orders:
            raise DomainError("invalid_field", "Поле orders — непустой список заказов.", "orders", 400)
        if len(orders) > settings.uploads.max_bulk_items:
            raise DomainError(
                "too_many_items",
                f"Не больше {settings.uploads.max_bulk_items} заказов за запрос; большие списки загружайте файлом.",
                "orders",
                413,
            )
        all_or_nothing = bool(body.get("all_or_nothing", False))
        parsed = [_parse_order(o, i) for i, o in enumerate(orders)]
        items = submit_orders(get_session(), settings, _submitter(), parsed, all_or_nothing=all_or_nothing)
        results = [item_json(it, i) for i, it in enumerate(items)]
        accepted = sum(r["accepted"] for r in results)
        return {
            "accepted": accepted,
            "rejected": len(results) - accepted,
            "all_or_nothing": all_or_nothing,
            "results": results,
        }, 200

    return idempotent(handle)


def _load_order(public_id: str) -> CardOrder:
    return load_regional(CardOrder, public_id, "order")


def _current_card(order: CardOrder) -> Card | None:
    return get_session().scalar(
        select(Card).where(Card.order_id == order.id).order_by(Card.id.desc()).limit(1)
    )


@api_v1.get("/orders/<public_id>")
@require_token()
def get_order(public_id: str) -> Any:
    order = _load_order(public_id)
    ref = get_session().scalar(select(Member.onec_ref).where(Member.id == order.member_id))
    return order_json(order, _current_card(order), ref)


@api_v1.get("/orders")
@require_token()
def list_orders() -> Any:
    session = get_session()
    client = current_client()
    page = query_int("page", 1, minimum=1, maximum=MAX_PAGE)
    per_page = query_int("per_page", 100, minimum=1, maximum=500)
    stmt = select(CardOrder, Member.onec_ref).join(Member, Member.id == CardOrder.member_id)
    count_stmt = select(func.count(CardOrder.id))
    if client.kind is TokenKind.REGION:
        stmt = stmt.where(CardOrder.region_id == client.region_id)
        count_stmt = count_stmt.where(CardOrder.region_id == client.region_id)
    if state := request.args.get("state"):
        try:
            st = OrderState(state)
        except ValueError:
            raise DomainError("invalid_field", f"Неизвестное состояние «{state}».", "state", 400) from None
        stmt = stmt.where(CardOrder.state == st)
        count_stmt = count_stmt.where(CardOrder.state == st)
    rows = session.execute(
        stmt.order_by(CardOrder.id.desc()).limit(per_page).offset((page - 1) * per_page)
    ).all()
    cards = {
        c.order_id: c
        for c in session.scalars(
            select(Card).where(Card.order_id.in_([o.id for o, _ in rows])).order_by(Card.id)
        )
    }
    return {
        "page": page,
        "per_page": per_page,
        "total": session.scalar(count_stmt),
        "items": [order_json(o, cards.get(o.id), ref) for o, ref in rows],
    }


@api_v1.post("/orders/<public_id>/cancel")
@require_token(*SUBMITTERS)
def cancel_order_view(public_id: str) -> Any:
    session = get_session()
    order = _load_order(public_id)
    card = cancel_order(session, order, actor=current_client().actor, reason="cancelled by submitter")
    ref = session.scalar(select(Member.onec_ref).where(Member.id == order.member_id))
    return order_json(order, card, ref)
