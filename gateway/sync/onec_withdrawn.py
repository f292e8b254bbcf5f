"""Card-order documents withdrawn in 1C: the orders they created are cancelled while still possible.

A document already taken in may come back deletion-marked (1C unposts a posted document when it
is marked for deletion) or just unposted: 1C no longer wants those cards. Each accepted line whose
order is still open is cancelled with :func:`gateway.orders.cancel.cancel_order`, exactly as an
operator cancels in the web interface — the card is withdrawn (its number kept), taken out of its
batch, and its «Аннулирован» status follows the «Заказан» one to 1C through the outbox, in order.

When the card is already printing or made, the order is left alone and the line gets a
``withdrawn_too_late`` problem (Russian message) so operators can stop the card by hand. Issued
and refused orders are history: marking an old document for deletion is ordinary 1C housekeeping
and is not flagged. Cancelled orders are never touched again and a line is flagged once, so the
same document seen again changes and counts nothing.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from adapters.onec import CardOrderRecord, Registry
from gateway.errors import DomainError
from gateway.models import CardOrder, OneCOrderLine, OrderState
from gateway.models.orders import OPEN_ORDER_STATES
from gateway.orders.cancel import cancel_order
from gateway.sync.upsert import Counts

log = logging.getLogger(__name__)

ACTOR = "1c"
TOO_LATE = "withdrawn_too_late"
# Past printing but not yet with the member: too late to cancel, yet operators must hear of it.
LATE_STATES = (OrderState.PRODUCED, OrderState.DISPATCHED)
PENDING_STATES = (*OPEN_ORDER_STATES, *LATE_STATES)


def is_withdrawn(doc: CardOrderRecord) -> bool:
    return doc.deletion_mark or not doc.posted


def _how(doc: CardOrderRecord) -> tuple[str, str]:
    """(reason for the order's events, Russian wording for operators)."""
    if doc.deletion_mark:
        return f"1C document {doc.number} marked for deletion", "помечен на удаление"
    return f"1C document {doc.number} unposted", "распроведён"


def _flagged(problems: list[Any] | None) -> bool:
    return any(isinstance(p, dict) and p.get("code") == TOO_LATE for p in problems or ())


def withdraw(session: Session, documents: Sequence[CardOrderRecord], counts: Counts) -> None:
    """Cancel (or flag as too late) the orders of withdrawn ``documents``. Flushes only."""
    by_ref = {uuid.UUID(d.ref): d for d in documents}
    refs = list(by_ref)
    for i in range(0, len(refs), 1000):
        rows = session.execute(
            select(OneCOrderLine, CardOrder)
            .join(CardOrder, CardOrder.id == OneCOrderLine.order_id)
            .where(OneCOrderLine.document_ref.in_(refs[i : i + 1000]), CardOrder.state.in_(PENDING_STATES))
            .order_by(CardOrder.id)
            # No lock on the orders (as in the web UI): cancel_order locks each card, which is what
            # a print station claims; locking all orders of a page up front, for the whole page
            # transaction, could deadlock with a station finishing one of them.
            .execution_options(populate_existing=True)
        ).all()
        for line, order in rows:
            doc = by_ref[line.document_ref]
            reason, wording = _how(doc)
            if order.state in OPEN_ORDER_STATES:
                try:
                    cancel_order(session, order, actor=ACTOR, reason=reason)
                except DomainError as exc:
                    if exc.code != "too_late_to_cancel":
                        raise
                else:
                    counts.add("order_lines_withdrawn")
                    continue
            if not _flagged(line.problems):
                line.problems = [
                    *(line.problems or []),
                    {
                        "code": TOO_LATE,
                        "message": (
                            f"Документ 1С {doc.number} {wording}, но карта по строке {line.line_number} "
                            "уже печатается или изготовлена: заказ не отменён, карту нужно остановить вручную."
                        ),
                    },
                ]
                counts.add("order_lines_withdrawal_too_late")
                log.warning("1C document %s withdrawn too late for order %d", line.document_ref, order.id)
    session.flush()


def pending(session: Session, refs: Sequence[uuid.UUID]) -> set[uuid.UUID]:
    """Which of ``refs`` still have an order to cancel or flag if withdrawn.

    The DataVersion fallback keeps no document versions, so it re-reads a withdrawn document only
    while this says there is something left to do (a bounded set: orders in flight).
    """
    out: set[uuid.UUID] = set()
    for i in range(0, len(refs), 1000):
        rows = session.execute(
            select(OneCOrderLine.document_ref, OneCOrderLine.problems)
            .join(CardOrder, CardOrder.id == OneCOrderLine.order_id)
            .where(OneCOrderLine.document_ref.in_(refs[i : i + 1000]), CardOrder.state.in_(PENDING_STATES))
        )
        out.update(ref for ref, problems in rows if not _flagged(problems))
    return out


def in_flight_documents(session: Session) -> list[uuid.UUID]:
    """Documents with an order still to cancel or flag if they were withdrawn (orders in flight)."""
    rows = session.execute(
        select(OneCOrderLine.document_ref, OneCOrderLine.problems)
        .join(CardOrder, CardOrder.id == OneCOrderLine.order_id)
        .where(CardOrder.state.in_(PENDING_STATES))
    )
    return sorted({ref for ref, problems in rows if not _flagged(problems)})


def recheck(session: Session, registry: Registry, counts: Counts, posted: set[uuid.UUID]) -> None:
    """Look again at the documents behind the orders in flight; withdraw those 1C withdrew.

    A full sync reads posted documents only (unposted ones order nothing), so without this a
    document withdrawn after it was taken in would go unnoticed until an incremental sync.
    ``posted``: documents this run has just read as posted (not withdrawn). Flushes only. A
    document deleted outright in 1C is absent from the answer and left alone.
    """
    refs = [r for r in in_flight_documents(session) if r not in posted]
    counts.add("card_orders_rechecked", len(refs))
    for i in range(0, len(refs), 400):
        docs = registry.get_many("card_order", [str(r) for r in refs[i : i + 400]])
        withdrawn = [d for d in docs if isinstance(d, CardOrderRecord) and is_withdrawn(d)]
        if withdrawn:
            withdraw(session, withdrawn, counts)
