"""Small builders of registry rows for tests (flush only; the fixture's transaction rolls back)."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid

from sqlalchemy.orm import Session

from gateway.accounts.api_tokens import create_token
from gateway.models import Member, MemberCategory, Organisation, OrgKind, TokenKind, member_match_key

_seq = itertools.count(1)


def make_region(session: Session, code: str = "77", name: str | None = None) -> Organisation:
    org = Organisation(
        onec_ref=uuid.uuid4(),
        code=f"R{code}-{next(_seq)}",
        name=name or f"Региональная организация {code}",
        kind=OrgKind.REGION,
        region_code=code,
    )
    session.add(org)
    session.flush()
    org.region_id = org.id
    session.flush()
    return org


def make_primary(session: Session, region: Organisation, code: str | None = None) -> Organisation:
    org = Organisation(
        onec_ref=uuid.uuid4(),
        code=code or f"P{next(_seq)}",
        name="ППО МБОУ «Школа № 5»",
        kind=OrgKind.PRIMARY,
        parent_id=region.id,
        region_id=region.id,
    )
    session.add(org)
    session.flush()
    return org


def make_member(
    session: Session,
    org: Organisation,
    *,
    surname: str = "Иванова",
    name: str = "Мария",
    patronymic: str | None = "Петровна",
    birth_date: dt.date = dt.date(1980, 5, 17),
    consent: bool = True,
    left_on: dt.date | None = None,
) -> Member:
    m = Member(
        onec_ref=uuid.uuid4(),
        surname=surname,
        name=name,
        patronymic=patronymic,
        birth_date=birth_date,
        category=MemberCategory.WORKING,
        organisation_id=org.id,
        region_id=org.region_id,
        consent=consent,
        consent_date=dt.date(2024, 1, 1) if consent else None,
        left_on=left_on,
        match_key=member_match_key(surname, name, patronymic, birth_date),
    )
    session.add(m)
    session.flush()
    return m


def make_token(session: Session, kind: TokenKind, region: Organisation | None = None) -> str:
    _tok, plain = create_token(
        session, name=f"test {kind}", kind=kind, region_id=region.id if region else None
    )
    return plain


def auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
