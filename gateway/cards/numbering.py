"""Allocation of card numbers: one sequence per number prefix (issuer + region).

On PostgreSQL each prefix has its own SEQUENCE. ``nextval`` never hands a value out twice and never
goes back, even when the allocating transaction rolls back (that number is simply burnt, a gap),
and it takes no lock that lives until commit — two workers allocating for the same region run side
by side instead of queueing behind each other's commit. The sequences are created on first use
(``CREATE SEQUENCE IF NOT EXISTS``, outside the caller's transaction so a rollback cannot drop one)
because the set of prefixes depends on configuration, not on the schema version.

The embedded SQLite database has no sequences; there a counter row is moved forward with
``UPDATE … RETURNING`` in the caller's transaction (SQLite has a single writer anyway). So on SQLite
a transaction that rolls back takes its counter move back with it: the numbers it drew are drawn
again by the next allocation (no gap). They were never on a committed card — the cards holding them
rolled back in the same transaction — so no number is ever on two cards. Burning them as PostgreSQL
does would need a second writing connection, which SQLite's single writer blocks while the caller's
transaction holds its write lock.

Either way the unique index on ``cards.number`` is the last line of defence, and a number that was
on a committed card is never handed out again, whatever happens to that card (a spoiled card's
number is burnt; its replacement gets a new one).
"""

from __future__ import annotations

import contextlib
import threading

from sqlalchemy import Engine, text, update
from sqlalchemy.dialects import sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

from card_printing.numbers import compose_card_number, number_prefix
from gateway.errors import DomainError
from gateway.models import CardNumberCounter
from gateway.settings import NumberScheme

_known_sequences: set[tuple[str, str]] = set()
_lock = threading.Lock()


def sequence_name(prefix: str) -> str:
    return f"card_number_seq_{prefix}"


def _exhausted(region_code: str) -> DomainError:
    return DomainError(
        code="number_range_exhausted",
        message=f"Исчерпан диапазон номеров карт для региона {region_code}. Обратитесь к администратору.",
        status=503,
    )


def _ensure_sequence(engine: Engine, prefix: str, capacity: int) -> str:
    name = sequence_name(prefix)
    key = (str(engine.url), name)
    if key in _known_sequences:
        return name
    with _lock, engine.connect().execution_options(isolation_level="AUTOCOMMIT") as conn:
        # Two processes creating it at the same instant: the loser gets a duplicate error; it exists now.
        with contextlib.suppress(DBAPIError):
            conn.execute(
                text(f"CREATE SEQUENCE IF NOT EXISTS {name} MINVALUE 1 MAXVALUE {capacity - 1} NO CYCLE")
            )
        _known_sequences.add(key)
    return name


def allocate_numbers(session: Session, scheme: NumberScheme, region_code: str, count: int) -> list[str]:
    if count <= 0:
        return []
    prefix = number_prefix(scheme.issuer_prefix, region_code, scheme.region_digits)
    capacity = 10**scheme.sequence_digits
    bind = session.get_bind()
    if bind.dialect.name == "postgresql":
        engine = bind if isinstance(bind, Engine) else bind.engine
        name = _ensure_sequence(engine, prefix, capacity)
        try:
            values = list(
                session.execute(
                    text(f"SELECT nextval('{name}') FROM generate_series(1, :n)"), {"n": count}
                ).scalars()
            )
        except DBAPIError as exc:
            if "reached maximum value" in str(exc.orig):
                raise _exhausted(region_code) from None
            raise
        return [compose_card_number(prefix, v) for v in values]
    return _allocate_from_counter(session, prefix, count, capacity, region_code)


def _allocate_from_counter(
    session: Session, prefix: str, count: int, capacity: int, region_code: str
) -> list[str]:
    session.execute(
        sqlite.insert(CardNumberCounter)
        .values(prefix=prefix, next_value=1)
        .on_conflict_do_nothing(index_elements=["prefix"])
    )
    end = session.execute(
        update(CardNumberCounter)
        .where(CardNumberCounter.prefix == prefix)
        .values(next_value=CardNumberCounter.next_value + count)
        .returning(CardNumberCounter.next_value)
    ).scalar_one()
    if end > capacity:
        raise _exhausted(region_code)
    return [compose_card_number(prefix, seq) for seq in range(end - count, end)]
