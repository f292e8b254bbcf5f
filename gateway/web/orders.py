"""Card orders: the list and one order's page, and the form that orders cards for a few members."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from gateway.accounts.audit import audit
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.errors import DomainError
from gateway.lifecycle import STATE_LABELS
from gateway.models import (
    Card,
    CardOrder,
    Event,
    Member,
    OrderReason,
    OrderSource,
    OrderState,
    Organisation,
)
from gateway.orders.cancel import CANCELLABLE_CARD_STATES, cancel_order
from gateway.orders.intake import OrderRequest, Submitter, submit_orders
from gateway.texts import ru
from gateway.web.lookups import (
    chosen_region,
    filter_region_and_state,
    members_by_id,
    region_names,
    regions,
    user_names,
)
from gateway.web.paging import paginate
from gateway.web.security import ACTING_ROLES, actor, client_ip, ensure_region, region_scope, require, user

bp = Blueprint("orders", __name__)

REASON_LABELS = ru.ORDER_REASONS
SOURCE_LABELS = ru.ORDER_SOURCES
MEMBER_SEARCH_LIMIT = 50


def _cards_for(orders: list[CardOrder]) -> dict[int, Card]:
    """The newest card of each order (a spoiled card's replacement is newer)."""
    if not orders:
        return {}
    cards: dict[int, Card] = {}
    for c in get_session().scalars(
        select(Card).where(Card.order_id.in_([o.id for o in orders])).order_by(Card.id)
    ):
        cards[c.order_id] = c
    return cards


@bp.get("/orders")
@require()
def list_orders() -> Any:
    db = get_session()
    stmt, region, state = filter_region_and_state(
        db, select(CardOrder).order_by(CardOrder.id.desc()), CardOrder, OrderState
    )
    page = paginate(db, stmt)
    return render_template(
        "orders/list.html",
        title="Заказы карт",
        page=page,
        cards=_cards_for(page.items),
        members=members_by_id(db, (o.member_id for o in page.items)),
        region_map=region_names(db, (o.region_id for o in page.items)),
        regions=regions(db) if region_scope() is None else [],
        states=[(s.value, STATE_LABELS[s.value]) for s in OrderState],
        state=state,
        region=region,
        reasons=REASON_LABELS,
    )


def load_order(public_id: str) -> CardOrder:
    try:
        pid = uuid.UUID(public_id)
    except ValueError:
        abort(404)
    order = get_session().scalar(select(CardOrder).where(CardOrder.public_id == pid))
    if order is None:
        abort(404)
    ensure_region(order.region_id)
    return order


@bp.post("/orders/<public_id>/cancel")
@require(*ACTING_ROLES)
def cancel(public_id: str) -> Any:
    db = get_session()
    order = load_order(public_id)
    try:
        cancel_order(db, order, actor=actor(), reason="cancelled in the web interface")
    except DomainError as exc:  # refused before anything was written
        flash(exc.message, "error")
        return redirect(url_for("orders.show_order", public_id=order.public_id))
    audit(
        db,
        "order_cancelled",
        actor=actor(),
        user_id=user().id,
        target_type="order",
        target_id=order.public_id,
        ip=client_ip(),
    )
    flash(ru.FLASH["order_cancelled"], "ok")
    return redirect(url_for("orders.show_order", public_id=order.public_id))


@bp.get("/orders/<public_id>")
@require()
def show_order(public_id: str) -> Any:
    db = get_session()
    order = load_order(public_id)
    cards = list(db.scalars(select(Card).where(Card.order_id == order.id).order_by(Card.id)))
    events = list(
        db.scalars(
            select(Event)
            .where(Event.entity_type == "order", Event.entity_id == order.id)
            .order_by(Event.created_at, Event.id)
        )
    )
    return render_template(
        "orders/show.html",
        title="Заказ",
        order=order,
        member=db.get(Member, order.member_id),
        region=db.get(Organisation, order.region_id),
        cards=cards,
        events=events,
        names=user_names(db, (e.actor for e in events)),
        reasons=REASON_LABELS,
        sources=SOURCE_LABELS,
        can_cancel=user().role in ACTING_ROLES
        and order.state in (OrderState.ACCEPTED, OrderState.BATCHED)
        and (not cards or cards[-1].state in CANCELLABLE_CARD_STATES),
    )


def _normalised_surname(text: str) -> str:
    # Registry surnames are capitalised ("Петрова-Водкина"); people type them in any case.
    return "-".join(p[:1].upper() + p[1:].lower() for p in text.strip().split("-"))


def member_markers(members: list[Member]) -> dict[int, list[tuple[str, str]]]:
    """What the order form shows beside each found member, before anyone ticks a box: «уже есть
    карта», «заказ подан», «выбыл из Профсоюза», «нет согласия» — two grouped queries per page."""
    from gateway.models import CardState
    from gateway.models.orders import OPEN_ORDER_STATES

    # A card the member holds or will get from the current batch; cards still being made show
    # as «заказ подан» through their open order.
    holding = (CardState.PRODUCED, CardState.DISPATCHED, CardState.ISSUED)

    if not members:
        return {}
    ids = [m.id for m in members]
    db = get_session()
    cards = dict(
        db.execute(
            select(Card.member_id, Card.state).where(
                Card.member_id.in_(ids), Card.state.in_((*holding, CardState.VIRTUAL))
            )
        ).all()
    )
    with_order = set(
        db.scalars(
            select(CardOrder.member_id).where(
                CardOrder.member_id.in_(ids), CardOrder.state.in_(OPEN_ORDER_STATES)
            )
        )
    )
    out: dict[int, list[tuple[str, str]]] = {}
    for m in members:
        marks = []
        if m.left_on is not None:
            marks.append(("left", ru.MEMBER_MARKS["left"].format(date=f"{m.left_on:%d.%m.%Y}")))
        if cards.get(m.id) in holding:
            marks.append(("has-card", ru.MEMBER_MARKS["has-card"]))
        elif cards.get(m.id) is CardState.VIRTUAL:
            # A plastic may still be ordered: it is printed with the same number.
            marks.append(("virtual", ru.MEMBER_MARKS["virtual"]))
        if m.id in with_order:
            marks.append(("ordered", ru.MEMBER_MARKS["ordered"]))
        if not m.consent:
            marks.append(("no-consent", ru.MEMBER_MARKS["no-consent"]))
        out[m.id] = marks
    return out


@bp.route("/orders/new", methods=["GET", "POST"])
@require(*ACTING_ROLES)
def new_orders() -> Any:
    db = get_session()
    source = request.form if request.method == "POST" else request.args
    region = chosen_region(db, source=source)
    q = (source.get("q") or "").strip()
    found: list[Member] = []
    if region is not None and len(q) >= 2:
        # Prefix search on (region_id, surname): an index range scan, whatever the registry size.
        found = list(
            db.scalars(
                select(Member)
                .where(Member.region_id == region.id, Member.surname.startswith(_normalised_surname(q)))
                .order_by(Member.surname, Member.name, Member.id)
                .limit(MEMBER_SEARCH_LIMIT)
            )
        )
    results = None
    if request.method == "POST":
        if region is None:
            abort(404)
        refs = request.form.getlist("member_ref")
        try:
            reason = OrderReason(request.form.get("reason", "first"))
            parsed = [uuid.UUID(r) for r in refs]
        except ValueError:
            abort(400)
        if not parsed:
            flash(ru.FLASH["no_members_chosen"], "error")
        else:
            submitter = Submitter(actor=actor(), source=OrderSource.WEB, region_id=region.id)
            requests_ = [
                OrderRequest(reason=reason, member_ref=ref, row=i) for i, ref in enumerate(parsed, 1)
            ]
            items = submit_orders(db, get_settings_from_app(), submitter, requests_)
            accepted = sum(it.accepted for it in items)
            audit(
                db,
                "orders_submitted",
                actor=actor(),
                user_id=user().id,
                target_type="region",
                target_id=region.region_code,
                details={"accepted": accepted, "rejected": len(items) - accepted, "source": "web"},
                ip=client_ip(),
            )
            # Only the chosen region's members: another region's member must look like an unknown one.
            by_ref = {
                m.onec_ref: m
                for m in db.scalars(
                    select(Member).where(Member.onec_ref.in_(parsed), Member.region_id == region.id)
                )
            }
            results = [(by_ref.get(it.request.member_ref), it) for it in items]
    return render_template(
        "orders/new.html",
        title="Новые заказы",
        region=region,
        regions=regions(db) if region_scope() is None else [],
        q=q,
        found=found,
        markers=member_markers(found),
        results=results,
        reasons=REASON_LABELS,
        search_limit=MEMBER_SEARCH_LIMIT,
    )
