"""Search a member or card by card number, surname or 1C code; a member's page."""

from __future__ import annotations

import re
import uuid
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import select

from gateway.db.request_session import get_session
from gateway.models import Card, CardOrder, Member, Organisation
from gateway.web.lookups import region_names
from gateway.web.security import CENTRAL_ROLES, ensure_region, require

bp = Blueprint("search", __name__)

RESULT_LIMIT = 100


def _surname(text: str) -> str:
    return "-".join(p[:1].upper() + p[1:].lower() for p in text.split("-"))


@bp.get("/search")
@require(*CENTRAL_ROLES)
def search() -> Any:
    db = get_session()
    q = request.args.get("q", "").strip()
    members: list[Member] = []
    digits = re.sub(r"[\s-]", "", q)
    if digits.isdigit() and len(digits) == 16:
        if db.scalar(select(Card.id).where(Card.number == digits)) is not None:
            return redirect(url_for("cards.show_card", number=digits))
    elif q:
        try:
            ref = uuid.UUID(q)
        except ValueError:
            ref = None
        if ref is not None:
            members = list(db.scalars(select(Member).where(Member.onec_ref == ref)))
        else:
            # "Фамилия [Имя [Отчество]]": the surname must match exactly (ix_members_surname).
            parts = q.split()
            stmt = select(Member).where(Member.surname == _surname(parts[0]))
            if len(parts) > 1:
                stmt = stmt.where(Member.name == _surname(parts[1]))
            if len(parts) > 2:
                stmt = stmt.where(Member.patronymic == _surname(parts[2]))
            members = list(
                db.scalars(stmt.order_by(Member.name, Member.patronymic, Member.id).limit(RESULT_LIMIT))
            )
    cards: dict[int, list[Card]] = {}
    if members:
        for c in db.scalars(
            select(Card).where(Card.member_id.in_([m.id for m in members])).order_by(Card.id)
        ):
            cards.setdefault(c.member_id, []).append(c)
    return render_template(
        "search.html",
        title="Поиск",
        q=q,
        members=members,
        cards=cards,
        region_map=region_names(db, (m.region_id for m in members)),
        limit=RESULT_LIMIT,
        searched=bool(q),
    )


@bp.get("/members/<int:member_id>")
@require()
def show_member(member_id: int) -> Any:
    db = get_session()
    member = db.get(Member, member_id)
    if member is None:
        abort(404)
    ensure_region(member.region_id)
    return render_template(
        "member.html",
        title=member.full_name,
        member=member,
        organisation=db.get(Organisation, member.organisation_id),
        region=db.get(Organisation, member.region_id) if member.region_id else None,
        cards=list(db.scalars(select(Card).where(Card.member_id == member.id).order_by(Card.id))),
        orders=list(
            db.scalars(select(CardOrder).where(CardOrder.member_id == member.id).order_by(CardOrder.id))
        ),
    )
