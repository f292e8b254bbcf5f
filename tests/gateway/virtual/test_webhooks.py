"""Partner webhooks: signed (HMAC-SHA256), retried with backoff, delivered by the Celery task to a
real local HTTP receiver, so an app sees a voided card within a minute."""

from __future__ import annotations

import datetime as dt
import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.db.base import utcnow
from gateway.models import Card, CardState, OrderReason
from gateway.settings import Settings
from gateway.virtual.models import PartnerAccount, PartnerScope, PartnerWebhook, WebhookState
from gateway.virtual.tasks import deliver_webhooks_task
from gateway.virtual.webhooks import deliver_webhooks, sign, verify_signature
from tests.factories import make_member, make_primary, make_region

from .conftest import order, partner
from .receiver import Receiver


def test_signature_covers_timestamp_and_body() -> None:
    header = sign("secret", "1700000000", b'{"a":1}')
    assert verify_signature("secret", "1700000000", b'{"a":1}', header)
    assert not verify_signature("secret", "1700000001", b'{"a":1}', header)
    assert not verify_signature("secret", "1700000000", b'{"a":2}', header)
    assert not verify_signature("other", "1700000000", b'{"a":1}', header)


def test_a_failed_delivery_is_retried_with_backoff_and_then_delivered_once(
    db: Session, settings: Settings, session_factory: Any
) -> None:
    member = make_member(db, make_primary(db, make_region(db, "77")))
    with Receiver("", answers=[500]) as rx:
        p = partner(db, PartnerScope.WEBHOOKS, webhook_url=rx.url)
        rx.secret = p.secret or ""
        card = order(db, settings, member, reason=OrderReason.FIRST)
        db.commit()
        (message,) = db.scalars(select(PartnerWebhook).where(PartnerWebhook.card_id == card.id)).all()
        rules = settings.virtual
        now = utcnow()
        first = deliver_webhooks(session_factory, rules, now=now)
        assert (first.delivered, first.failed) == (0, 1) and rx.received == []
        db.refresh(message)
        assert message.attempts == 1 and message.last_error == "HTTP 500"
        assert message.next_attempt_at >= now + dt.timedelta(seconds=rules.webhook_base_delay_seconds)
        assert deliver_webhooks(session_factory, rules, now=now).delivered == 0  # not due yet
        later = deliver_webhooks(
            session_factory, rules, now=now + dt.timedelta(seconds=rules.webhook_base_delay_seconds)
        )
        assert later.delivered == 1 and rx.bad_signatures == 0
        (got,) = rx.received
        assert got["id"] == message.id and got["card_number"] == card.number and got["state"] == "virtual"
        assert got["valid"] is True and got["member_ref"] == str(member.onec_ref)
        assert "surname" not in got and "birth_date" not in got
        assert deliver_webhooks(session_factory, rules, now=now + dt.timedelta(hours=1)).delivered == 0


def test_a_message_is_dead_after_the_attempt_limit(
    db: Session, settings: Settings, session_factory: Any
) -> None:
    member = make_member(db, make_primary(db, make_region(db, "77")))
    with Receiver("", answers=[503] * 50) as rx:
        p = partner(db, PartnerScope.WEBHOOKS, webhook_url=rx.url)
        rx.secret = p.secret or ""
        card = order(db, settings, member)
        db.commit()
        rules = settings.virtual.model_copy(update={"webhook_max_attempts": 3})
        now = utcnow()
        for step in range(3):
            deliver_webhooks(session_factory, rules, now=now + dt.timedelta(days=step))
        message = db.scalar(select(PartnerWebhook).where(PartnerWebhook.card_id == card.id))
        db.refresh(message)
        assert message.state is WebhookState.DEAD and message.attempts == 3


def test_partners_without_the_webhook_scope_get_nothing(db: Session, settings: Settings) -> None:
    member = make_member(db, make_primary(db, make_region(db, "77")))
    partner(db, PartnerScope.CARD_READ, webhook_url="http://127.0.0.1:9/never")
    card = order(db, settings, member)
    assert db.scalars(select(PartnerWebhook).where(PartnerWebhook.card_id == card.id)).all() == []


def test_the_celery_task_tells_the_app_a_card_was_voided(worker_app: Any, settings: Settings) -> None:
    factory = worker_app.extensions["gateway.sessionmaker"]
    with Receiver("") as rx:
        with factory() as db:
            member = make_member(db, make_primary(db, make_region(db, "77")))
            p = partner(db, PartnerScope.WEBHOOKS, webhook_url=rx.url)
            rx.secret = p.secret or ""
            old = order(db, settings, member)
            order(db, settings, member, reason=OrderReason.LOST)  # the reissue withdraws the old number
            db.commit()
            old_number = old.number
            assert db.scalar(select(Card.state).where(Card.number == old_number)) is CardState.WITHDRAWN
            assert db.scalar(select(PartnerAccount.webhook_secret)) == p.secret
        deliver_webhooks_task.delay()
        deadline = time.monotonic() + 30
        while not any(m["card_number"] == old_number and not m["valid"] for m in rx.received):
            assert time.monotonic() < deadline, f"no webhook for the voided card; got {rx.received}"
            time.sleep(0.1)
        voided = next(m for m in rx.received if m["card_number"] == old_number and not m["valid"])
        assert voided["state"] == "withdrawn" and voided["void_reason"] == "replaced"
        assert rx.bad_signatures == 0
