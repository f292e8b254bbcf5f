"""Signed webhooks to partners: card changes written to an outbox with the change itself, delivered
by a Celery beat task with retries and backoff (like the 1C statuses, gateway/sync/outbox.py).

Each POST carries ``X-EPB-Timestamp`` (Unix seconds), ``X-EPB-Event-Id`` (repeats on retries: the
partner deduplicates) and ``X-EPB-Signature: sha256=<hex>``, the HMAC-SHA256 of
``"<timestamp>.<body>"`` with the partner's secret: the timestamp inside the signature lets the
partner refuse a replayed old message.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import requests
from sqlalchemy import and_, exists, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from gateway.db.base import utcnow
from gateway.models import Card, CardState, Member
from gateway.virtual.models import PartnerAccount, PartnerScope, PartnerWebhook, WebhookState
from gateway.virtual.settings import VirtualSettings
from gateway.virtual.validity import card_validity

log = logging.getLogger(__name__)

EVENT = "card.changed"
SIGNATURE_HEADER = "X-EPB-Signature"
TIMESTAMP_HEADER = "X-EPB-Timestamp"
EVENT_ID_HEADER = "X-EPB-Event-Id"
_CACHE = "gateway.virtual.webhook_partners"


def sign(secret: str, timestamp: str, body: bytes) -> str:
    mac = hmac.new(secret.encode(), timestamp.encode() + b"." + body, hashlib.sha256)
    return "sha256=" + mac.hexdigest()


def verify_signature(secret: str, timestamp: str, body: bytes, header: str) -> bool:
    """What a partner does on receipt (also used by the tests' receiver)."""
    return hmac.compare_digest(sign(secret, timestamp, body), header)


def _subscribers(session: Session) -> list[int]:
    # Looked up once per session: a transition of every card of a batch would otherwise ask each time.
    cached = session.info.get(_CACHE)
    if cached is None:
        rows = session.execute(
            select(PartnerAccount.id, PartnerAccount.scopes).where(PartnerAccount.webhook_url.is_not(None))
        ).all()
        cached = [pid for pid, scopes in rows if PartnerScope.WEBHOOKS.value in (scopes or [])]
        session.info[_CACHE] = cached
    return cached


def notify_partners(session: Session, card: Card, at: dt.datetime, reason: str | None = None) -> None:
    """Queue ``card.changed`` for every subscribed partner, in the caller's transaction."""
    partners = _subscribers(session)
    if not partners:
        return
    member = session.execute(
        select(Member.onec_ref, Member.left_on, Member.deletion_mark).where(Member.id == card.member_id)
    ).one()
    validity = card_validity(
        card.state,
        member_left=member.left_on is not None,
        member_deleted=member.deletion_mark,
        replaced=bool(reason and reason.startswith("reissue")),
    )
    payload = {
        "event": EVENT,
        "card_number": card.number,
        "member_ref": str(member.onec_ref),
        "state": card.state.value,
        "valid": validity.valid,
        "void_reason": validity.reason.value if validity.reason else None,
        "occurred_at": at.isoformat(),
    }
    for pid in partners:
        session.add(
            PartnerWebhook(
                partner_id=pid,
                card_id=card.id,
                event=EVENT,
                payload=payload,
                next_attempt_at=at,
                created_at=at,
            )
        )


def notify_partners_of(session: Session, card_ids: list[int], at: dt.datetime) -> None:
    """:func:`notify_partners` for cards written in bulk (virtual-only issuance in the intake)."""
    if not _subscribers(session) or not card_ids:
        return
    for card in session.scalars(select(Card).where(Card.id.in_(card_ids))):
        notify_partners(session, card, at)


# Changes a partner's app must show: the rest (queued, printing …) are production detail.
NOTIFIED_STATES = frozenset(
    {
        CardState.VIRTUAL,
        CardState.ALLOCATED,
        CardState.DISPATCHED,
        CardState.ISSUED,
        CardState.REFUSED,
        CardState.WITHDRAWN,
    }  # fmt: skip
)


@dataclass
class DeliveryReport:
    delivered: int = 0
    failed: int = 0
    dead: int = 0


Poster = Callable[[str, bytes, dict[str, str], float], int]


def http_post(url: str, body: bytes, headers: dict[str, str], timeout: float) -> int:
    return requests.post(url, data=body, headers=headers, timeout=timeout, allow_redirects=False).status_code


def backoff(rules: VirtualSettings, attempts: int) -> dt.timedelta:
    return dt.timedelta(
        seconds=min(rules.webhook_max_delay_seconds, rules.webhook_base_delay_seconds * 2 ** (attempts - 1))
    )


def deliver_webhooks(
    factory: sessionmaker[Session],
    rules: VirtualSettings,
    *,
    now: dt.datetime | None = None,
    post: Poster = http_post,
    limit: int = 100,
    max_rounds: int = 20,
) -> DeliveryReport:
    """Send what is due, oldest first; a card's later change waits until the earlier one is
    delivered (or dead), so an app never ends on a stale state. One commit per round."""
    now = now or utcnow()
    report = DeliveryReport()
    earlier = aliased(PartnerWebhook)
    blocked = exists().where(
        and_(
            earlier.partner_id == PartnerWebhook.partner_id,
            earlier.card_id == PartnerWebhook.card_id,
            earlier.id < PartnerWebhook.id,
            earlier.state == WebhookState.PENDING,
        )
    )
    stmt = (
        select(PartnerWebhook, PartnerAccount.webhook_url, PartnerAccount.webhook_secret)
        .join(PartnerAccount, PartnerAccount.id == PartnerWebhook.partner_id)
        .where(PartnerWebhook.state == WebhookState.PENDING, PartnerWebhook.next_attempt_at <= now, ~blocked)
        .order_by(PartnerWebhook.id)
        .limit(limit)
    )
    # Rounds: a card's next change becomes due once its previous one is delivered in this run.
    for _round in range(max_rounds):
        delivered = report.delivered
        with factory() as s:
            if s.get_bind().dialect.name == "postgresql":
                stmt = stmt.with_for_update(of=PartnerWebhook, skip_locked=True)
            rows = s.execute(stmt).all()
            for message, url, secret in rows:
                _deliver_one(message, url, secret, rules, now, post, report)
            s.commit()
        if not rows or report.delivered == delivered:
            break
    return report


def _deliver_one(
    message: PartnerWebhook,
    url: str | None,
    secret: str | None,
    rules: VirtualSettings,
    now: dt.datetime,
    post: Poster,
    report: DeliveryReport,
) -> None:
    body = json.dumps(
        {"id": message.id, **message.payload}, ensure_ascii=False, separators=(",", ":")
    ).encode()
    timestamp = str(int(time.time()))
    headers = {
        "Content-Type": "application/json; charset=utf-8",
        TIMESTAMP_HEADER: timestamp,
        EVENT_ID_HEADER: str(message.id),
        SIGNATURE_HEADER: sign(secret or "", timestamp, body),
    }
    error: str | None = None
    try:
        if not url:
            raise ValueError("partner has no webhook URL")
        status = post(url, body, headers, rules.webhook_timeout_seconds)
        if not 200 <= status < 300:
            error = f"HTTP {status}"
    except (requests.RequestException, ValueError) as exc:
        error = type(exc).__name__  # no URL or body in the log: they may carry the partner's data
    message.attempts += 1
    if error is None:
        message.state = WebhookState.DELIVERED
        message.delivered_at = now
        message.last_error = None
        report.delivered += 1
        return
    message.last_error = error
    if message.attempts >= rules.webhook_max_attempts:
        message.state = WebhookState.DEAD
        report.dead += 1
        log.warning("partner webhook %s dead after %s attempts: %s", message.id, message.attempts, error)
    else:
        message.next_attempt_at = now + backoff(rules, message.attempts)
        report.failed += 1


def as_dict(report: DeliveryReport) -> dict[str, Any]:
    return {"delivered": report.delivered, "failed": report.failed, "dead": report.dead}
