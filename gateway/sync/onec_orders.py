"""Card orders created in 1C (Document_ЗаявкаНаВыпускЭПБ) taken in through the ordinary intake.

Each line of a posted, not deletion-marked document is one order request for its member. The
(document, line) pair is the idempotency key: lines already recorded in ``onec_order_lines`` are
skipped, so a document seen again (resumed full sync, re-sent change message) orders nothing
twice; the card order's own ``onec_ref`` is a UUID derived from the pair and is unique as well.

A rejected line (unknown member, no consent, an order already open, …) is kept in
``onec_order_lines`` with intake's problems (Russian messages); the reconciliation report lists
them for the operators. 1C's status register has no «rejected order» status (its «Отказ» means a
member refused a card, and every status record needs a card number), so nothing is pushed to 1C
for a rejected line.

A document taken in earlier that comes back deletion-marked or unposted (through the incremental
sync: the full sync reads posted documents only) is withdrawn (``gateway.sync.onec_withdrawn``): its orders still open are cancelled like a cancellation in the
web interface (card withdrawn, number kept, «Аннулирован» sent to 1C after «Заказан»); an order
whose card is already printing or made is left alone and its line gets a ``withdrawn_too_late``
problem for the operators. Lines of such a document never taken in stay untaken.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from adapters.onec import CardOrderRecord
from gateway.db.base import utcnow
from gateway.db.bulk import insert_rows
from gateway.models import CardForm, OneCOrderLine, OrderReason, OrderSource
from gateway.orders.intake import OrderRequest, Submitter, submit_orders
from gateway.settings import Settings
from gateway.sync.onec_withdrawn import is_withdrawn, withdraw
from gateway.sync.upsert import Counts

# Namespace of the per-line order refs (uuid5 of "<document ref>:<line number>").
ORDER_LINE_NAMESPACE = uuid.UUID("6d1f3c1e-5a0b-4f5e-9c61-1c0e5b0a7e11")
SUBMITTER = Submitter(actor="1c", source=OrderSource.ONEC, region_id=None)
REASONS = {
    "first_issue": OrderReason.FIRST,
    "lost": OrderReason.LOST,
    "damaged": OrderReason.DAMAGED,
    "name_changed": OrderReason.NAME_CHANGED,
}


def line_order_ref(document_ref: str, line_number: int) -> uuid.UUID:
    return uuid.uuid5(ORDER_LINE_NAMESPACE, f"{document_ref}:{line_number}")


def _problem(code: str, message: str) -> list[dict[str, Any]]:
    return [{"code": code, "message": message}]


def take_in(
    session: Session, settings: Settings, documents: Sequence[CardOrderRecord], counts: Counts
) -> None:
    """Submit the new lines of ``documents``; record every line's outcome. Flushes only."""
    open_docs = [d for d in documents if not is_withdrawn(d)]
    counts.add("card_orders_seen", len(documents))
    counts.add("card_orders_skipped", len(documents) - len(open_docs))
    if len(open_docs) < len(documents):
        withdraw(session, [d for d in documents if is_withdrawn(d)], counts)
    if not open_docs:
        return
    refs = [uuid.UUID(d.ref) for d in open_docs]
    done: set[tuple[uuid.UUID, int]] = set()
    for i in range(0, len(refs), 1000):
        rows = session.execute(
            select(OneCOrderLine.document_ref, OneCOrderLine.line_number).where(
                OneCOrderLine.document_ref.in_(refs[i : i + 1000])
            )
        )
        done.update((ref, line) for ref, line in rows)
    now = utcnow()
    records: list[dict[str, Any]] = []
    requests: list[OrderRequest] = []
    pending: list[dict[str, Any]] = []  # line records waiting for intake's answer, same order
    for doc, doc_ref in zip(open_docs, refs, strict=True):
        for line in doc.lines:
            if (doc_ref, line.line_number) in done:
                continue
            base = {
                "document_ref": doc_ref,
                "document_number": doc.number[:64],
                "line_number": line.line_number,
                "member_ref": uuid.UUID(line.member_ref) if line.member_ref else None,
                "order_id": None,
                "accepted": False,
                "problems": None,
                "created_at": now,
            }
            reason = REASONS.get(line.reason or "")
            if line.member_ref is None:
                base["problems"] = _problem("member_ref_missing", "В строке заявки не указан член Профсоюза.")
                records.append(base)
            elif reason is None:
                base["problems"] = _problem(
                    "reason_unknown", "Причина выпуска в строке заявки не распознана (см. config/onec.toml)."
                )
                records.append(base)
            else:
                requests.append(
                    OrderRequest(
                        reason=reason,
                        form=CardForm.VIRTUAL if line.form == "virtual" else CardForm.PLASTIC,
                        member_ref=base["member_ref"],
                        onec_ref=line_order_ref(doc.ref, line.line_number),
                        row=line.line_number,
                    )
                )
                pending.append(base)
    if requests:
        for base, result in zip(pending, submit_orders(session, settings, SUBMITTER, requests), strict=True):
            base["order_id"] = result.order_id
            base["accepted"] = result.accepted
            base["problems"] = [p.as_dict() for p in result.problems] or None
            records.append(base)
    insert_rows(session, OneCOrderLine.__table__, records)  # type: ignore[arg-type]
    accepted = sum(1 for r in records if r["accepted"])
    counts.add("order_lines_accepted", accepted)
    counts.add("order_lines_rejected", len(records) - accepted)
