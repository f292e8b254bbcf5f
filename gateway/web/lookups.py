"""Small shared look-ups of the web views (regions for filters, names for a page of rows)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import abort, request
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.models import Member, Organisation, OrgKind
from gateway.web.security import region_scope


def regions(session: Session) -> list[Organisation]:
    return list(
        session.scalars(
            select(Organisation).where(Organisation.kind == OrgKind.REGION).order_by(Organisation.region_code)
        )
    )


def region_names(session: Session, ids: Iterable[int | None]) -> dict[int, Organisation]:
    wanted = {i for i in ids if i is not None}
    if not wanted:
        return {}
    return {o.id: o for o in session.scalars(select(Organisation).where(Organisation.id.in_(wanted)))}


def members_by_id(session: Session, ids: Iterable[int]) -> dict[int, Member]:
    wanted = set(ids)
    if not wanted:
        return {}
    return {m.id: m for m in session.scalars(select(Member).where(Member.id.in_(wanted)))}


def chosen_region(session: Session, *, required: bool = False, source: Any = None) -> Organisation | None:
    """The region a page works on: a regional user's own; for central roles the ``region`` code
    from the query or form (any region, or None for "all" unless required)."""
    scope = region_scope()
    if scope is not None:
        return session.get(Organisation, scope)
    values = source if source is not None else request.values
    code = (values.get("region") or "").strip()
    if not code:
        return None
    region = session.scalar(
        select(Organisation).where(Organisation.region_code == code, Organisation.kind == OrgKind.REGION)
    )
    if region is None:
        abort(404)
    return region


def filter_region_and_state(
    session: Session, stmt: Any, model: Any, states: type
) -> tuple[Any, Organisation | None, str]:
    """Apply the chosen region (forced for regional users) and the ``?state=`` filter of a list page;
    return the statement with the region and state the page shows as chosen."""
    region = chosen_region(session)
    if region is not None:
        stmt = stmt.where(model.region_id == region.id)
    state = request.args.get("state", "")
    if state:
        try:
            stmt = stmt.where(model.state == states(state))
        except ValueError:
            abort(404)
    return stmt, region, state


def user_names(session: Session, actors: Iterable[str | None]) -> dict[int, str]:
    """Display names of the web users among ``user:N`` actors, for «Кто» columns."""
    from gateway.models import User

    wanted = {int(a[5:]) for a in actors if a and a.startswith("user:") and a[5:].isdigit()}
    if not wanted:
        return {}
    return dict(session.execute(select(User.id, User.display_name).where(User.id.in_(wanted))).all())
