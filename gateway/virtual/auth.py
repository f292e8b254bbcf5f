"""Partner authentication: a ``partner`` API token whose account holds the route's scope."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from flask import g
from sqlalchemy import select

from gateway.api.auth import require_token
from gateway.db.request_session import get_session
from gateway.errors import Forbidden
from gateway.models import TokenKind
from gateway.virtual.models import PartnerAccount, PartnerScope

F = TypeVar("F", bound=Callable[..., Any])


def current_partner() -> PartnerAccount:
    return g.partner


def require_scope(scope: PartnerScope) -> Callable[[F], F]:
    """A ``partner`` token whose account holds ``scope``; 403 otherwise (other token kinds too)."""

    def decorator(view: F) -> F:
        @require_token(TokenKind.PARTNER)
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            account = get_session().scalar(
                select(PartnerAccount).where(PartnerAccount.token_id == g.api_client.token_id)
            )
            if account is None or scope.value not in account.scopes:
                raise Forbidden("У партнёра нет доступа к этой операции.")
            g.partner = account
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator
