"""The audit log: who did what, written in the same transaction as the action itself.

Only ids, codes and counts go in: never passwords, tokens or personal data.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from gateway.models import AuditEntry
from gateway.texts import ru


def audit(
    session: Session,
    action: str,
    *,
    actor: str,
    user_id: int | None = None,
    target_type: str | None = None,
    target_id: object = None,
    details: dict[str, Any] | None = None,
    ip: str | None = None,
) -> AuditEntry:
    entry = AuditEntry(
        user_id=user_id,
        actor=actor[:200],
        action=action,
        target_type=target_type,
        target_id=str(target_id)[:60] if target_id is not None else None,
        details=details,
        ip=ip,
    )
    session.add(entry)
    return entry


ACTION_LABELS = ru.AUDIT_ACTIONS
