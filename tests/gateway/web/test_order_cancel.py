"""Cancelling an order from the order page: the same service as the API, region-scoped, audited."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from gateway.models import AuditEntry, Card, CardState, OrderReason, OrderSource
from gateway.orders.intake import OrderRequest, Submitter, submit_orders
from tests.gateway.web.conftest import post_form


def _order(db: Any, settings: Any, member: Any) -> Any:
    [item] = submit_orders(
        db,
        settings,
        Submitter("test", OrderSource.API, None),
        [OrderRequest(OrderReason.FIRST, member_ref=member.onec_ref)],
    )
    db.commit()
    return item


def test_regional_user_cancels_own_order_and_the_number_is_withdrawn(
    db: Any, settings: Any, world: Any, login_as: Any
) -> None:
    item = _order(db, settings, world["m77"])
    client = login_as("reg77")
    page = client.get(f"/orders/{item.order_public_id}")
    assert page.status_code == 200 and "Отменить заказ" in page.text
    resp = post_form(
        client, f"/orders/{item.order_public_id}/cancel", {}, page_url=f"/orders/{item.order_public_id}"
    )
    assert resp.status_code == 302
    card = db.scalar(select(Card).where(Card.number == item.card_number))
    db.refresh(card)
    assert card.state is CardState.WITHDRAWN
    after = client.get(f"/orders/{item.order_public_id}")
    assert "Отменён" in after.text and "Отменить заказ" not in after.text
    assert db.scalar(select(AuditEntry).where(AuditEntry.action == "order_cancelled"))


def test_other_region_and_auditor_cannot_cancel(db: Any, settings: Any, world: Any, login_as: Any) -> None:
    item = _order(db, settings, world["m77"])
    other = login_as("reg50")
    resp = post_form(other, f"/orders/{item.order_public_id}/cancel", {}, page_url="/password")
    assert resp.status_code == 404
    auditor = login_as("auditor")
    resp = post_form(auditor, f"/orders/{item.order_public_id}/cancel", {}, page_url="/password")
    assert resp.status_code == 403
    card = db.scalar(select(Card).where(Card.number == item.card_number))
    db.refresh(card)
    assert card.state is CardState.ALLOCATED
