"""Member self-check in the app: card number + date of birth, throttled per card and per partner.

Attempts are recorded through their own committed session *before* the check (as web logins are,
gateway/accounts/users.py reserve_attempt): a failed check answers 404 and its request rolls back, yet its
attempt must count. On PostgreSQL advisory locks per key make count-and-record one step, so
parallel guesses cannot all pass the count before any is recorded.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from gateway.db.base import utcnow
from gateway.errors import DomainError
from gateway.virtual.models import SelfCheckAttempt
from gateway.virtual.settings import VirtualSettings

# The same answer whether the number does not exist or the date is wrong: a guesser learns nothing.
NO_MATCH = DomainError(
    "card_not_found",
    "Билет с таким номером и датой рождения не найден. Проверьте номер билета и дату рождения.",
    status=404,
)
THROTTLED = DomainError("too_many_attempts", "Слишком много неудачных попыток. Повторите позже.", status=429)


def _lock_key(key: str) -> int:
    return int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)


def reserve_self_check(
    factory: sessionmaker[Session],
    rules: VirtualSettings,
    partner_id: int,
    number: str,
    now: dt.datetime | None = None,
) -> list[int]:
    """The ids of a new attempt's rows (recorded as failed until it succeeds); raises 429 when throttled."""
    now = now or utcnow()
    keys = ((f"card:{number}", rules.self_check_max_failures_per_card),
            (f"partner:{partner_id}", rules.self_check_max_failures_per_partner))  # fmt: skip
    since = now - dt.timedelta(minutes=rules.self_check_window_minutes)
    with factory() as s:
        if s.get_bind().dialect.name == "postgresql":
            for key, _ in keys:  # always in this order: no lock cycle between two checks
                s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_key(f"self-check:{key}")})
        for key, limit in keys:
            failures = s.scalar(
                select(func.count()).where(
                    SelfCheckAttempt.key == key,
                    SelfCheckAttempt.succeeded.is_(False),
                    SelfCheckAttempt.created_at > since,
                )
            )
            if (failures or 0) >= limit:
                s.rollback()
                raise THROTTLED
        attempts = [SelfCheckAttempt(key=key, succeeded=False, created_at=now) for key, _ in keys]
        s.add_all(attempts)
        s.commit()
        return [a.id for a in attempts]


def mark_succeeded(session: Session, attempt_ids: list[int]) -> None:
    """A right answer counts against neither the card nor the partner (the request commits it)."""
    session.execute(
        update(SelfCheckAttempt).where(SelfCheckAttempt.id.in_(attempt_ids)).values(succeeded=True)
    )
