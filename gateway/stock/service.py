"""Blank-card stock of a batch: what the operator drew from stock and what became of every blank.

    drawn = produced + spoiled + test cards + returned to stock

``produced`` and ``spoiled`` are counted from the batch's cards (a produced card consumed one blank,
so did each spoiled one: the reject tray, a failed chip, a card an operator marked spoiled), the
same whether the batch was printed here or by a bureau. The operator enters the other three and
signs the report off; it must balance, and a signed-off report is frozen. A batch is shipped
(closed) only with a signed-off report (``require_signed_off``). Services flush; callers commit.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.db.base import utcnow
from gateway.errors import DomainError
from gateway.lifecycle import event_row
from gateway.models import BatchState, Card, CardState, Event, PrintBatch
from gateway.models.production import BatchStock

# States a card reaches only after a blank became this card.
_MADE = (CardState.PRODUCED, CardState.DISPATCHED, CardState.ISSUED, CardState.REFUSED)
_CLOSABLE = (BatchState.PRODUCED, BatchState.CANCELLED)


@dataclass(frozen=True)
class StockReport:
    batch_id: int
    drawn: int
    produced: int
    spoiled: int
    test_cards: int
    returned: int
    note: str | None
    signed_off_by: str | None
    signed_off_at: str | None

    @property
    def accounted(self) -> int:
        return self.produced + self.spoiled + self.test_cards + self.returned

    @property
    def difference(self) -> int:
        """Blanks drawn but not accounted for (negative: more accounted than drawn)."""
        return self.drawn - self.accounted

    @property
    def balanced(self) -> bool:
        return self.difference == 0

    def as_dict(self) -> dict[str, object]:
        return {
            "batch_id": self.batch_id,
            "drawn": self.drawn,
            "produced": self.produced,
            "spoiled": self.spoiled,
            "test_cards": self.test_cards,
            "returned": self.returned,
            "note": self.note,
            "balanced": self.balanced,
            "difference": self.difference,
            "signed_off": self.signed_off_by is not None,
            "signed_off_by": self.signed_off_by,
            "signed_off_at": self.signed_off_at,
        }


def card_counts(session: Session, batch_id: int) -> tuple[int, int]:
    """(produced, spoiled) blanks of the batch, from its cards."""
    produced = (
        session.scalar(
            select(func.count()).where(
                Card.batch_id == batch_id,
                (Card.state.in_(_MADE))
                | ((Card.state == CardState.WITHDRAWN) & Card.produced_at.is_not(None)),
            )
        )
        or 0
    )
    spoiled = (
        session.scalar(select(func.count()).where(Card.batch_id == batch_id, Card.state == CardState.SPOILED))
        or 0
    )
    return produced, spoiled


def report(session: Session, batch: PrintBatch) -> StockReport:
    row = session.get(BatchStock, batch.id)
    if row is not None and row.signed_off_at is not None:
        produced, spoiled = row.produced or 0, row.spoiled or 0
    else:
        produced, spoiled = card_counts(session, batch.id)
    return StockReport(
        batch.id,
        row.drawn if row else 0,
        produced,
        spoiled,
        row.test_cards if row else 0,
        row.returned if row else 0,
        row.note if row else None,
        row.signed_off_by if row else None,
        row.signed_off_at.isoformat() if row and row.signed_off_at else None,
    )


def _check_count(name: str, label: str, value: object) -> int:
    if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= 1_000_000:
        raise DomainError(
            "invalid_stock_count", f"«{label}»: укажите целое число от 0 до 1 000 000.", name, 422
        )
    return value


def record(
    session: Session,
    batch: PrintBatch,
    *,
    drawn: object,
    test_cards: object,
    returned: object,
    note: str | None,
    actor: str,
) -> StockReport:
    """Enter (or correct) the operator's counts; refused once the report is signed off."""
    row = session.get(BatchStock, batch.id, with_for_update=True)
    if row is not None and row.signed_off_at is not None:
        raise DomainError(
            "stock_signed_off", "Отчёт о заготовках партии уже подписан и не изменяется.", status=409
        )
    counts = {
        "drawn": _check_count("drawn", "Выдано заготовок", drawn),
        "test_cards": _check_count("test_cards", "Тестовые карты", test_cards),
        "returned": _check_count("returned", "Возвращено на склад", returned),
    }
    if row is None:
        row = BatchStock(batch_id=batch.id, updated_by=actor, **counts)
        session.add(row)
    else:
        for name, value in counts.items():
            setattr(row, name, value)
        row.updated_by = actor
    row.note = (note or "").strip()[:500] or None
    session.flush()
    return report(session, batch)


def sign_off(session: Session, batch: PrintBatch, *, actor: str) -> StockReport:
    """The operator signs the report: only for a finished batch and only when it balances."""
    row = session.get(BatchStock, batch.id, with_for_update=True)
    if row is not None and row.signed_off_at is not None:
        raise DomainError("stock_signed_off", "Отчёт о заготовках партии уже подписан.", status=409)
    if batch.state not in _CLOSABLE:
        raise DomainError(
            "batch_not_finished",
            "Подписать отчёт о заготовках можно, когда все карты партии изготовлены (или партия отменена).",
            status=409,
        )
    if row is None:
        raise DomainError(
            "stock_not_recorded",
            "Сначала укажите, сколько заготовок выдано, сколько ушло на "
            "тестовые карты и сколько возвращено на склад.",
            status=409,
        )
    current = report(session, batch)
    if not current.balanced:
        raise DomainError(
            "stock_unbalanced",
            f"Отчёт не сходится: выдано {current.drawn}, учтено {current.accounted} (изготовлено "
            f"{current.produced}, испорчено {current.spoiled}, тестовых {current.test_cards}, возвращено "
            f"{current.returned}); расхождение {current.difference:+d}. Пересчитайте заготовки и исправьте "
            "отчёт.",
            status=409,
        )
    now = utcnow()
    row.produced, row.spoiled = current.produced, current.spoiled
    row.signed_off_by, row.signed_off_at = actor, now
    session.add(
        Event(
            **event_row(
                "batch",
                batch.id,
                batch.state,
                batch.state,
                actor,
                "stock signed off",
                current.as_dict() | {"signed_off": True},
                now,
            )
        )
    )
    session.flush()
    return report(session, batch)


def require_signed_off(session: Session, batch: PrintBatch) -> None:
    """Called before a batch is shipped (closed): its stock report must be signed off."""
    row = session.get(BatchStock, batch.id)
    if row is None or row.signed_off_at is None:
        raise DomainError(
            "stock_not_signed_off",
            "Партию нельзя закрыть: отчёт о заготовках (выдано = "
            "изготовлено + испорчено + тестовые + возвращено) не подписан оператором.",
            status=409,
        )
