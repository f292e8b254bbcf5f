"""Partner accounts (the personal-account site, the app): a ``partner`` API token with scopes."""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from sqlalchemy.orm import Session

from gateway.accounts.api_tokens import create_token
from gateway.errors import DomainError
from gateway.models import TokenKind
from gateway.virtual.models import PartnerAccount, PartnerScope


def create_partner(
    session: Session,
    *,
    name: str,
    scopes: Iterable[PartnerScope | str],
    webhook_url: str | None = None,
) -> tuple[PartnerAccount, str, str | None]:
    """A partner account; returns it, the plain API token and the webhook secret (shown once)."""
    try:
        chosen = sorted({PartnerScope(s).value for s in scopes})
    except ValueError:
        known = ", ".join(s.value for s in PartnerScope)
        raise DomainError(
            "invalid_scope", f"Неизвестная область доступа. Допустимые: {known}.", "scopes"
        ) from None
    token, plain = create_token(session, name=f"partner: {name}", kind=TokenKind.PARTNER)
    secret = secrets.token_urlsafe(32) if webhook_url else None
    account = PartnerAccount(
        token_id=token.id, name=name, scopes=chosen, webhook_url=webhook_url, webhook_secret=secret
    )
    session.add(account)
    session.flush()
    return account, plain, secret
