"""API tokens: created once (the plain token is shown only then), looked up by SHA-256."""

from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.db.base import utcnow
from gateway.errors import DomainError
from gateway.models import ApiToken, Organisation, OrgKind, TokenKind

TOKEN_PREFIX = "gw_"


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def create_token(
    session: Session, *, name: str, kind: TokenKind, region_id: int | None = None
) -> tuple[ApiToken, str]:
    if kind is TokenKind.REGION:
        region = session.get(Organisation, region_id) if region_id else None
        if region is None or region.kind is not OrgKind.REGION:
            raise DomainError(
                "region_required", "Для токена региона укажите региональную организацию.", "region"
            )
    elif region_id is not None:
        raise DomainError("region_not_allowed", "Регион указывается только для токена региона.", "region")
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        name=name, kind=kind, region_id=region_id, token_hash=hash_token(plain), prefix=plain[:10]
    )
    session.add(token)
    session.flush()
    return token, plain


def resolve_token(session: Session, plain: str) -> ApiToken | None:
    token = session.scalar(select(ApiToken).where(ApiToken.token_hash == hash_token(plain)))
    if token is None or token.revoked_at is not None:
        return None
    token.last_used_at = utcnow()
    return token
