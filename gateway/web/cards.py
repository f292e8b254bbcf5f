"""Cards: the list, one card with its full history, «Выдан» / «Отказ» one by one or in bulk, and
a preview of the card's faces."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import select

from gateway.accounts.audit import audit
from gateway.cards.handout import UNDO_MINUTES, mark_card, undo_mark
from gateway.db.request_session import get_session
from gateway.errors import DomainError
from gateway.lifecycle import STATE_LABELS, check_transition
from gateway.models import Card, CardOrder, CardState, Event, Member, Organisation, OutboxMessage
from gateway.texts import ru
from gateway.web.lookups import filter_region_and_state, members_by_id, region_names, regions, user_names
from gateway.web.paging import paginate
from gateway.web.security import (
    ACTING_ROLES,
    actor,
    client_ip,
    ensure_region,
    region_scope,
    require,
    user,
)

bp = Blueprint("cards", __name__)

MARKS = {"issued": CardState.ISSUED, "refused": CardState.REFUSED}
MAX_BULK_NUMBERS = 1000


@bp.get("/cards")
@require()
def list_cards() -> Any:
    db = get_session()
    stmt, region, state = filter_region_and_state(db, select(Card).order_by(Card.id.desc()), Card, CardState)
    page = paginate(db, stmt)
    return render_template(
        "cards/list.html",
        title="Карты",
        page=page,
        members=members_by_id(db, (c.member_id for c in page.items)),
        region_map=region_names(db, (c.region_id for c in page.items)),
        regions=regions(db) if region_scope() is None else [],
        region=region,
        state=state,
        states=[(s.value, STATE_LABELS[s.value]) for s in CardState],
    )


def clean_number(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


def load_card(number: str) -> Card:
    card = get_session().scalar(select(Card).where(Card.number == clean_number(number)))
    if card is None:
        abort(404)
    ensure_region(card.region_id)
    return card


@bp.get("/cards/<number>")
@require()
def show_card(number: str) -> Any:
    db = get_session()
    card = load_card(number)
    related = [card.id]
    if card.replaces_card_id:
        related.append(card.replaces_card_id)
    replaced_by = list(db.scalars(select(Card).where(Card.replaces_card_id == card.id)))
    events = list(
        db.scalars(
            select(Event)
            .where(Event.entity_type == "card", Event.entity_id == card.id)
            .order_by(Event.created_at, Event.id)
        )
    )
    order_events = list(
        db.scalars(
            select(Event)
            .where(Event.entity_type == "order", Event.entity_id == card.order_id)
            .order_by(Event.created_at, Event.id)
        )
    )
    outbox = list(
        db.scalars(select(OutboxMessage).where(OutboxMessage.card_id == card.id).order_by(OutboxMessage.id))
    )
    return render_template(
        "cards/show.html",
        title=f"Карта {card.number}",
        card=card,
        member=db.get(Member, card.member_id),
        order=db.get(CardOrder, card.order_id),
        region=db.get(Organisation, card.region_id),
        replaces=db.get(Card, card.replaces_card_id) if card.replaces_card_id else None,
        replaced_by=replaced_by,
        events=events,
        order_events=order_events,
        outbox=outbox,
        undo_until=undo_deadline(card, actor()) if user().role in ACTING_ROLES else None,
        refusal_reasons=ru.REFUSAL_REASONS,
        names=user_names(db, (e.actor for e in (*events, *order_events))),
        can_mark=card.state is CardState.DISPATCHED,
    )


def _audit_mark(numbers: list[str], target: CardState) -> None:
    audit(
        get_session(),
        "card_marked",
        actor=actor(),
        user_id=user().id,
        target_type="card",
        target_id=numbers[0] if len(numbers) == 1 else f"{len(numbers)} cards",
        details={"status": target.value, "cards": numbers[:MAX_BULK_NUMBERS]},
        ip=client_ip(),
    )


def refusal_reason(form: Any) -> str | None:
    """«Отказ» needs a reason from the short list; «другая причина» needs words. The stored reason
    is a code plus the user's note (one line, bounded): ``refusal: declined: …``."""
    code = form.get("refusal_reason", "")
    note = " ".join(form.get("refusal_note", "").split())[:300]
    if code not in ru.REFUSAL_REASONS:
        raise DomainError("refusal_reason", ru.FLASH["refusal_reason_required"], "refusal_reason", status=422)
    if code == "other" and not note:
        raise DomainError("refusal_note", ru.FLASH["refusal_note_required"], "refusal_note", status=422)
    return f"refusal: {code}: {note}" if note else f"refusal: {code}"


def undo_deadline(card: Card, actor_id: str) -> dt.datetime | None:
    """Until when the current user can still take back their mark of this card (None: cannot)."""
    if card.state not in MARKS.values():
        return None
    last = get_session().scalar(
        select(Event)
        .where(Event.entity_type == "card", Event.entity_id == card.id)
        .order_by(Event.created_at.desc(), Event.id.desc())
        .limit(1)
    )
    if last is None or last.actor != actor_id or last.to_state != card.state.value:
        return None
    at = last.created_at if last.created_at.tzinfo else last.created_at.replace(tzinfo=dt.UTC)
    until = at + dt.timedelta(minutes=UNDO_MINUTES)
    return until if until > dt.datetime.now(dt.UTC) else None


@bp.post("/cards/<number>/mark")
@require(*ACTING_ROLES)
def mark(number: str) -> Any:
    target = MARKS.get(request.form.get("status", ""))
    if target is None:
        abort(400)
    card = load_card(number)
    try:
        reason = refusal_reason(request.form) if target is CardState.REFUSED else None
        mark_card(get_session(), card, target, actor=actor(), reason=reason, hold_for_undo=True)
    except DomainError as exc:  # refused before anything was written
        flash(exc.message, "error")
        return redirect(url_for("cards.show_card", number=card.number))
    _audit_mark([card.number], target)
    flash(
        ru.FLASH["card_marked"].format(
            number=card.number, status=STATE_LABELS[target.value], minutes=UNDO_MINUTES
        ),
        "ok",
    )
    return redirect(url_for("cards.show_card", number=card.number))


@bp.post("/cards/<number>/undo")
@require(*ACTING_ROLES)
def undo(number: str) -> Any:
    card = load_card(number)
    try:
        undone = undo_mark(get_session(), card, actor=actor())
    except DomainError as exc:
        flash(exc.message, "error")
        return redirect(url_for("cards.show_card", number=card.number))
    audit(
        get_session(),
        "card_marked",
        actor=actor(),
        user_id=user().id,
        target_type="card",
        target_id=card.number,
        details={"status": undone.value, "undo": True},
        ip=client_ip(),
    )
    flash(ru.FLASH["card_mark_undone"].format(status=STATE_LABELS[undone.value]), "ok")
    return redirect(url_for("cards.show_card", number=card.number))


@dataclass
class BulkResult:
    number: str
    ok: bool
    message: str


def _mark_many(numbers: list[str], target: CardState, reason: str | None = None) -> list[BulkResult]:
    db = get_session()
    scope = region_scope()
    found = {c.number: c for c in db.scalars(select(Card).where(Card.number.in_(set(numbers))))}
    results: list[BulkResult] = []
    seen: set[str] = set()
    for number in numbers:
        card = found.get(number)
        if number in seen:
            results.append(BulkResult(number, False, ru.FLASH["number_repeated"]))
            continue
        seen.add(number)
        if not (len(number) == 16 and number.isdigit()):
            results.append(BulkResult(number, False, ru.FLASH["number_format"]))
        elif card is None or (scope is not None and card.region_id != scope):
            # Another region's card reads exactly like a missing one.
            results.append(BulkResult(number, False, ru.FLASH["card_not_found"]))
        else:
            try:
                # Checked before any write, so one bad number never leaves half a change behind.
                check_transition(card, target)
            except DomainError as exc:
                results.append(BulkResult(number, False, exc.message))
                continue
            mark_card(db, card, target, actor=actor(), reason=reason, hold_for_undo=True)
            results.append(BulkResult(number, True, f"«{STATE_LABELS[target.value]}»"))
    return results


@bp.route("/cards/handout", methods=["GET", "POST"])
@require(*ACTING_ROLES)
def handout() -> Any:
    results = None
    text = ""
    status = "issued"
    if request.method == "POST":
        text = request.form.get("numbers", "")
        status = request.form.get("status", "")
        target = MARKS.get(status)
        if target is None:
            abort(400)
        # A scanner types the number and Enter; people type spaces inside: accept both.
        numbers = [clean_number(n) for n in re.split(r"[\n\r,;]+", text) if clean_number(n)]
        reason, problem = None, None
        if target is CardState.REFUSED:
            try:
                reason = refusal_reason(request.form)
            except DomainError as exc:
                problem = exc.message
        if problem:
            flash(problem, "error")
        elif len(numbers) > MAX_BULK_NUMBERS:
            flash(ru.FLASH["too_many_numbers"].format(limit=MAX_BULK_NUMBERS), "error")
        elif not numbers:
            flash(ru.FLASH["no_numbers"], "error")
        else:
            results = _mark_many(numbers, target, reason)
            done = [r.number for r in results if r.ok]
            if done:
                _audit_mark(done, target)
    return render_template(
        "cards/handout.html",
        title="Выдача карт",
        results=results,
        text=text,
        status=status,
        refusal_reasons=ru.REFUSAL_REASONS,
        refusal_reason_code=request.form.get("refusal_reason", ""),
        refusal_note=request.form.get("refusal_note", ""),
    )


@bp.get("/cards/<number>/face.png")
@require()
def face(number: str) -> Any:
    """A preview of the card as it will be printed (the QR carries no signed payload here)."""
    from card_printing.card_data import CardData
    from card_printing.printfiles import preview_png
    from card_printing.render import renderer_for

    db = get_session()
    card = load_card(number)
    member = db.get(Member, card.member_id)
    assert member is not None
    org = db.get(Organisation, member.organisation_id)
    region = db.get(Organisation, card.region_id)
    data = CardData(
        card_number=card.number,
        surname=member.surname,
        name=member.name,
        patronymic=member.patronymic or "",
        organisation_name=org.name if org else "",
        region_name=region.name if region else "",
        issue_date=(card.produced_at or card.allocated_at or dt.datetime.now(dt.UTC)).date(),
        member_ref=member.onec_ref,
        payload=f"PREVIEW:{card.number}",
    )
    side = request.args.get("side", "both")
    if side not in ("front", "back", "both"):
        abort(404)
    png = preview_png(data, renderer_for(), side, scale=0.4)  # type: ignore[arg-type]
    return Response(png, mimetype="image/png", headers={"Cache-Control": "private, max-age=60"})


@bp.get("/cards/find")
@require()
def find() -> Any:
    number = clean_number(request.args.get("q", ""))
    if not number:
        return redirect(url_for("cards.list_cards"))
    return redirect(url_for("cards.show_card", number=number))
