"""Delivery of the outbox: card statuses to 1C, in order per card, exactly once in effect.

* **Order per card**: only a card's *head* is ever sent — its oldest message not yet delivered.
  If that one is pending but not due, or dead, the card's later messages wait behind it.
* **Idempotent**: the push is keyed in 1C (period, member, card, status — see
  ``adapters.onec.registry``), and the key is fixed when the message is written, so a retry after
  a lost answer lands on the same record instead of creating a second one.
* **Retries**: a failed attempt moves ``next_attempt_at`` by an exponential backoff with jitter;
  after ``outbox_max_attempts`` the message is ``dead`` and waits for an operator
  (``GET /api/v1/outbox?state=dead``, ``POST /api/v1/outbox/{id}/retry``).
* **Time limit**: a run ends by ``outbox_run_seconds`` whatever 1C does — every call's connect and
  read timeouts, its retries and the wait for a call slot are cut to the time left, and a message
  not sent because time ran out keeps its attempts (it was not tried).
* **Parallel across cards**: heads are pushed by ``outbox_concurrency`` threads (size it to 1C's
  session pool). When 1C is unavailable (406 after the client's own backoff, 5xx, down) or
  refuses the gateway's credentials, the run stops after that wave: everything else stays pending
  for the next run, nothing is lost and nothing is hammered.
"""

from __future__ import annotations

import datetime as dt
import logging
import random
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Engine, and_, exists, select, update
from sqlalchemy.orm import Session, aliased, sessionmaker

from adapters.onec import (
    OneCAuthError,
    OneCError,
    OneCTimeLimit,
    OneCUnavailable,
    PushResult,
    Registry,
    StatusRecord,
)
from gateway.db.base import utcnow
from gateway.db.locks import exclusive, fence
from gateway.models import Card, Member, OneCStatus, OutboxMessage, OutboxState
from gateway.sync.settings import SyncSettings

log = logging.getLogger(__name__)

LOCK_NAME = "onec-outbox"
# Gateway status → the status name of the adapter's mapping (config/onec.toml [statuses.statuses]).
ONEC_STATUS = {
    OneCStatus.ORDERED: "ordered",
    OneCStatus.PRODUCED: "produced",
    OneCStatus.ISSUED: "issued",
    OneCStatus.REFUSED: "refused",
    OneCStatus.WITHDRAWN: "cancelled",
}
OUTBOX = OutboxMessage.__table__


@dataclass(frozen=True)
class Head:
    id: int
    card_id: int
    status: OneCStatus
    payload: dict[str, Any]
    attempts: int
    member_ref: str


@dataclass
class DeliveryReport:
    delivered: int = 0
    already_present: int = 0
    failed: int = 0
    dead: int = 0
    waves: int = 0
    stopped: str | None = None  # why the run ended early: "unavailable", "auth", "time"
    errors: dict[str, int] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


@dataclass(frozen=True)
class Outcome:
    head: Head
    result: PushResult | None = None
    error: str | None = None
    systemic: str | None = None  # "unavailable" | "auth" | "time": not this message's fault
    permanent: bool = False  # the message itself can never be sent (bad payload)


def backoff(attempts: int, settings: SyncSettings, rng: random.Random | None = None) -> float:
    """Seconds before attempt ``attempts + 1``: base·2ⁿ capped, half fixed and half jittered so the
    delay still grows with every failure while many messages spread out."""
    cap = min(
        settings.outbox_max_delay_seconds, settings.outbox_base_delay_seconds * 2 ** max(0, attempts - 1)
    )
    return cap / 2 + (rng or random).uniform(0, cap / 2)


def due_heads(session: Session, now: dt.datetime, limit: int) -> list[Head]:
    earlier = aliased(OutboxMessage)
    blocked = exists().where(
        and_(
            earlier.card_id == OutboxMessage.card_id,
            earlier.id < OutboxMessage.id,
            earlier.state != OutboxState.DELIVERED,
        )
    )
    rows = session.execute(
        select(
            OutboxMessage.id,
            OutboxMessage.card_id,
            OutboxMessage.status,
            OutboxMessage.payload,
            OutboxMessage.attempts,
            Member.onec_ref,
        )
        .join(Card, Card.id == OutboxMessage.card_id)
        .join(Member, Member.id == Card.member_id)
        .where(OutboxMessage.state == OutboxState.PENDING, OutboxMessage.next_attempt_at <= now, ~blocked)
        .order_by(OutboxMessage.id)
        .limit(limit)
    )
    return [Head(i, c, s, p, a, str(m)) for i, c, s, p, a, m in rows]


def status_record(head: Head) -> StatusRecord:
    p = head.payload
    issue = p.get("issue_date")
    return StatusRecord(
        card_number=p["card_number"],
        member_ref=p.get("member_ref") or head.member_ref,
        status=ONEC_STATUS[head.status],
        status_at=dt.datetime.fromisoformat(p["status_at"]),
        issued_on=dt.date.fromisoformat(issue) if issue else None,
        idempotency_key=p["idempotency_key"],
        form=p.get("form") or "plastic",  # messages written before forms existed: plastic
    )


def _push(registry: Registry, head: Head) -> Outcome:
    try:
        record = status_record(head)
    except (KeyError, ValueError) as exc:
        return Outcome(head, error=f"bad payload: {type(exc).__name__}: {exc}", permanent=True)
    try:
        return Outcome(head, result=registry.push_status(record))
    except OneCTimeLimit as exc:  # not sent: the run's time is up; not an attempt of this message
        return Outcome(head, error=_err(exc), systemic="time")
    except OneCUnavailable as exc:
        return Outcome(head, error=_err(exc), systemic="unavailable")
    except OneCAuthError as exc:
        return Outcome(head, error=_err(exc), systemic="auth")
    except OneCError as exc:
        return Outcome(head, error=_err(exc))
    except ValueError as exc:  # the adapter refused the record itself (unknown status, naive date)
        return Outcome(head, error=f"ValueError: {exc}", permanent=True)


def _err(exc: OneCError) -> str:
    # 1C's codes and message, never personal data (the adapter's errors carry none).
    return f"{type(exc).__name__}: status={exc.status} code={exc.code} {exc}"[:1000]


def _record(
    session: Session, outcomes: list[Outcome], settings: SyncSettings, report: DeliveryReport
) -> None:
    now = utcnow()
    delivered: list[int] = []
    for o in outcomes:
        attempts = o.head.attempts + 1
        values: dict[str, Any]
        if o.result is not None:
            delivered.append(o.head.id)
            report.delivered += 1
            if o.result is PushResult.ALREADY_PRESENT:
                report.already_present += 1
            continue
        if o.systemic == "time":
            continue  # never sent: stays pending and due, attempts unchanged
        report.failed += 1
        key = o.systemic or ("permanent" if o.permanent else "message")
        report.errors[key] = report.errors.get(key, 0) + 1
        values = {"attempts": attempts, "last_error": o.error}
        if o.permanent or attempts >= settings.outbox_max_attempts:
            values["state"] = OutboxState.DEAD
            report.dead += 1
            log.error("outbox message %d is dead after %d attempt(s): %s", o.head.id, attempts, o.error)
        else:
            values["next_attempt_at"] = now + dt.timedelta(seconds=backoff(attempts, settings))
        session.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id == o.head.id, OUTBOX.c.state == OutboxState.PENDING)
            .values(**values)
        )
    if delivered:
        # The common case, one statement for the whole wave.
        session.execute(
            update(OUTBOX)
            .where(OUTBOX.c.id.in_(delivered), OUTBOX.c.state == OutboxState.PENDING)
            .values(
                state=OutboxState.DELIVERED, attempts=OUTBOX.c.attempts + 1, delivered_at=now, last_error=None
            )
        )


def deliver_outbox(
    factory: sessionmaker[Session],
    engine: Engine,
    settings: SyncSettings,
    make_registry: Callable[[], Registry],
    *,
    max_seconds: float | None = None,
) -> DeliveryReport:
    """Deliver due messages until none is due, 1C fails systemically, or time is up."""
    report = DeliveryReport()
    deadline = time.monotonic() + (max_seconds if max_seconds is not None else settings.outbox_run_seconds)
    local = threading.local()
    registries: list[Registry] = []
    lock = threading.Lock()

    def push(head: Head) -> Outcome:
        reg = getattr(local, "registry", None)
        if reg is None:  # one registry (HTTP session) per thread: requests sessions are not thread-safe
            reg = local.registry = make_registry()
            # Each call's timeouts and retries are cut to the run's limit: a slow or silent 1C
            # cannot keep a wave (and the run) going past it.
            set_deadline = getattr(reg, "set_deadline", None)
            if set_deadline is not None:
                set_deadline(deadline)
            with lock:
                registries.append(reg)
        return _push(reg, head)

    wave = settings.outbox_concurrency * 8
    with exclusive(engine, LOCK_NAME) as lease, ThreadPoolExecutor(settings.outbox_concurrency) as pool:
        try:
            while True:
                if time.monotonic() >= deadline:
                    report.stopped = "time"
                    break
                # One query for up to outbox_batch heads (it scans the pending messages, so it
                # must not run per wave); each card appears at most once among them, so they can
                # go out in any order. They are pushed and recorded a wave at a time.
                with factory() as session:
                    heads = due_heads(session, utcnow(), settings.outbox_batch)
                if not heads:
                    break
                systemic = None
                for start in range(0, len(heads), wave):
                    if start and time.monotonic() >= deadline:
                        break
                    outcomes = list(pool.map(push, heads[start : start + wave]))
                    with factory() as session:
                        # A run that lost its lock (its connection cut, its row taken over) records
                        # nothing more: the new holder owns the messages from then on. What this run
                        # pushed meanwhile is harmless: 1C keeps one record per idempotency key.
                        fence(session, lease)
                        _record(session, outcomes, settings, report)
                        session.commit()
                    report.waves += 1
                    systemic = next((o.systemic for o in outcomes if o.systemic), None)
                    if systemic:
                        break
                if systemic == "time":
                    report.stopped = "time"
                    break
                if systemic:
                    report.stopped = systemic
                    log.warning("outbox: 1C %s; delivery paused until the next run", systemic)
                    break
        finally:
            for reg in registries:
                reg.close()
    if report.delivered or report.failed:
        log.info("outbox delivery: %s", report.as_dict())
    return report


def retry_dead(session: Session, message_id: int) -> OutboxMessage | None:
    """Give a dead message a fresh set of attempts (an operator's action). Flushes only."""
    msg = session.get(OutboxMessage, message_id)
    if msg is None or msg.state is not OutboxState.DEAD:
        return msg
    msg.state, msg.attempts, msg.next_attempt_at = OutboxState.PENDING, 0, utcnow()
    session.flush()
    return msg
