"""Bearer-token authentication and region scoping for API clients."""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, TypeVar

from flask import g, request

from gateway.accounts.api_tokens import resolve_token
from gateway.db.request_session import get_session
from gateway.errors import DomainError, Forbidden, NotFound
from gateway.models import TokenKind

F = TypeVar("F", bound=Callable[..., Any])


@dataclass(frozen=True)
class ApiClient:
    token_id: int
    kind: TokenKind
    region_id: int | None

    @property
    def actor(self) -> str:
        return f"token:{self.token_id}"

    def can_see_region(self, region_id: int | None) -> bool:
        return self.kind is not TokenKind.REGION or region_id == self.region_id


def current_client() -> ApiClient:
    return g.api_client


def require_token(*kinds: TokenKind) -> Callable[[F], F]:
    allowed = set(kinds) or set(TokenKind)

    def decorator(view: F) -> F:
        @functools.wraps(view)
        def wrapper(*args: Any, **kwargs: Any) -> Any:
            header = request.headers.get("Authorization", "")
            scheme, _, plain = header.partition(" ")
            if scheme.lower() != "bearer" or not plain.strip():
                raise DomainError(
                    "unauthorized",
                    "Нужен токен доступа: заголовок Authorization: Bearer <токен>.",
                    status=401,
                )
            token = resolve_token(get_session(), plain.strip())
            if token is None:
                raise DomainError("unauthorized", "Токен доступа недействителен или отозван.", status=401)
            if token.kind not in allowed:
                raise Forbidden()
            g.api_client = ApiClient(token.id, token.kind, token.region_id)
            return view(*args, **kwargs)

        return wrapper  # type: ignore[return-value]

    return decorator


def ensure_region(region_id: int | None, what: str = "resource") -> None:
    """404, not 403, for another region's data: a region must not learn what exists elsewhere."""
    if not current_client().can_see_region(region_id):
        raise NotFound(what)


def load_regional(model: Any, public_id: str, what: str) -> Any:
    """The ``model`` row with this public id, visible to the current client, or a 404."""
    import uuid

    from sqlalchemy import select

    try:
        pid = uuid.UUID(public_id)
    except ValueError:
        raise NotFound(what) from None
    obj = get_session().scalar(select(model).where(model.public_id == pid))
    if obj is None:
        raise NotFound(what)
    ensure_region(obj.region_id, what)
    return obj
