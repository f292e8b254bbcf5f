"""Fixtures of the virtual ЭПБ tests: a member with a card in each form, partner accounts."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.models import Card, CardForm, Member, OrderReason, OrderSource
from gateway.orders.intake import OrderRequest, Submitter, submit_orders
from gateway.settings import Settings
from gateway.virtual.models import PartnerScope
from gateway.virtual.partners import create_partner
from tests.factories import make_member, make_primary, make_region

API = Submitter("token:1", OrderSource.API, None)


def order(
    db: Session, settings: Settings, member: Member, reason=OrderReason.FIRST, form=CardForm.VIRTUAL
) -> Card:  # type: ignore[no-untyped-def]
    (item,) = submit_orders(db, settings, API, [OrderRequest(reason, member_ref=member.onec_ref, form=form)])
    assert item.accepted, item.problems
    return db.scalar(select(Card).where(Card.number == item.card_number))


@dataclass
class Partner:
    token: str
    id: int
    secret: str | None

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}


def partner(db: Session, *scopes: PartnerScope, webhook_url: str | None = None) -> Partner:
    account, token, secret = create_partner(db, name="ЛК", scopes=scopes, webhook_url=webhook_url)
    return Partner(token, account.id, secret)


@pytest.fixture()
def member(db: Session) -> Member:
    return make_member(db, make_primary(db, make_region(db, "77")))


@pytest.fixture()
def full_partner(db: Session) -> Partner:
    return partner(db, *PartnerScope)


def get_json(client: Any, url: str, p: Partner) -> Any:
    return client.get(url, headers=p.headers)
