"""Print batches: the list, one batch with its cards and live progress, the operator's actions
(form now, start on a station, pause, resume, cancel, dispatch) and packing lists per region."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from gateway.accounts.audit import audit
from gateway.batching.dispatch import dispatch_batch, undispatched_cards
from gateway.batching.service import form_batches
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.errors import DomainError
from gateway.lifecycle import STATE_LABELS
from gateway.models import (
    BatchRegionCount,
    BatchState,
    Card,
    CardState,
    Organisation,
    OrgKind,
    PrintBatch,
    PrintStation,
    StationState,
)
from gateway.printing import station as stations
from gateway.texts import ru
from gateway.web.lookups import chosen_region, members_by_id, region_names, regions
from gateway.web.paging import paginate
from gateway.web.security import (
    CENTRAL_ACTORS,
    CENTRAL_ROLES,
    actor,
    client_ip,
    ensure_region,
    region_scope,
    require,
    user,
)

bp = Blueprint("batches", __name__)

DONE_STATES = (CardState.PRODUCED, CardState.DISPATCHED, CardState.ISSUED, CardState.REFUSED)
# Cards that no longer count towards the batch's work: burnt numbers and withdrawn orders.
OUT_STATES = (CardState.SPOILED, CardState.WITHDRAWN)
FINISHED_BATCH = (BatchState.PRODUCED, BatchState.DISPATCHED, BatchState.CANCELLED)


def audit_batch(batch: PrintBatch, what: str, *, kind: str = "batch_action", **details: Any) -> None:
    """The audit entry of an operator's action on a batch (also the bureau page's, with its kind)."""
    audit(
        get_session(),
        kind,
        actor=actor(),
        user_id=user().id,
        target_type="batch",
        target_id=batch.id,
        details={"action": what, **details},
        ip=client_ip(),
    )


@bp.get("/batches")
@require(*CENTRAL_ROLES)
def list_batches() -> Any:
    db = get_session()
    stmt = select(PrintBatch).order_by(PrintBatch.id.desc())
    state = request.args.get("state", "")
    if state:
        try:
            stmt = stmt.where(PrintBatch.state == BatchState(state))
        except ValueError:
            abort(404)
    waiting = db.scalar(select(func.count()).where(Card.state == CardState.ALLOCATED)) or 0
    return render_template(
        "batches/list.html",
        title="Партии",
        page=paginate(db, stmt),
        state=state,
        states=[(s.value, ru.BATCH_STATE_LABELS[s.value]) for s in BatchState],
        waiting=waiting,
        regions=regions(db),
        max_size=get_settings_from_app().batching.max_size,
    )


@bp.post("/batches/form")
@require(*CENTRAL_ACTORS)
def form_now() -> Any:
    """Form batches now: everything waiting by the usual rules, or — with a region and/or a size
    chosen — one batch of at most that many cards of that region (reissues first as usual)."""
    db = get_session()
    rules = get_settings_from_app().batching
    region = chosen_region(db, source=request.form)
    size_text = request.form.get("size", "").strip()
    only_one = region is not None or bool(size_text)
    if size_text:
        if not size_text.isdigit() or not 1 <= int(size_text) <= rules.max_size:
            flash(ru.FLASH["batch_size_invalid"].format(max_size=rules.max_size), "error")
            return redirect(url_for("batches.list_batches"))
        size = int(size_text)
        # The chosen size replaces the per-region overrides for this one batch.
        rules = rules.model_copy(
            update={"max_size": size, "min_size": min(rules.min_size, size), "regions": {}}
        )
    formed = form_batches(
        db, rules, actor=actor(), force=True, region_id=region.id if region else None, only_one=only_one
    )
    audit(
        db,
        "batches_formed",
        actor=actor(),
        user_id=user().id,
        details={
            "batches": [b.id for b in formed],
            "cards": sum(b.card_count for b in formed),
            **({"region": region.region_code} if region else {}),
        },
        ip=client_ip(),
    )
    if len(formed) == 1:
        flash(ru.FLASH["batch_formed"].format(batch=formed[0].id, cards=formed[0].card_count), "ok")
    elif formed:
        flash(ru.FLASH["batches_formed"].format(count=len(formed)), "ok")
    else:
        flash(ru.FLASH["nothing_to_batch_in_region" if region else "nothing_to_batch"], "info")
    return redirect(url_for("batches.list_batches"))


def _load(batch_id: int) -> PrintBatch:
    batch = get_session().get(PrintBatch, batch_id)
    if batch is None:
        abort(404)
    return batch


def progress(batch: PrintBatch) -> dict[str, Any]:
    counts = {
        getattr(s, "value", s): n
        for s, n in get_session().execute(
            select(Card.state, func.count()).where(Card.batch_id == batch.id).group_by(Card.state)
        )
    }
    total = sum(n for s, n in counts.items() if s not in {x.value for x in OUT_STATES})
    done = sum(counts.get(s.value, 0) for s in DONE_STATES)
    finished = batch.state in FINISHED_BATCH
    return {
        "state": batch.state.value,
        "state_text": ru.BATCH_STATE_LABELS[batch.state.value],
        "total": total,
        "done": done,
        "spoiled": counts.get(CardState.SPOILED.value, 0),
        "printing": counts.get(CardState.PRINTING.value, 0),
        "queued": counts.get(CardState.QUEUED.value, 0),
        "needs_inspection": counts.get(CardState.NEEDS_INSPECTION.value, 0),
        "percent": 100 if total and done >= total else (round(100 * done / total) if total else 0),
        "pause_reason": batch.pause_reason or "",
        "station": batch.station or "",
        "finished": finished,
        "counts": counts,
    }


@bp.get("/batches/<int:batch_id>")
@require(*CENTRAL_ROLES)
def show_batch(batch_id: int) -> Any:
    db = get_session()
    batch = _load(batch_id)
    stmt = select(Card).where(Card.batch_id == batch.id).order_by(Card.id)
    state = request.args.get("state", "")
    if state:
        try:
            stmt = stmt.where(Card.state == CardState(state))
        except ValueError:
            abort(404)
    page = paginate(db, stmt)
    per_region = db.execute(
        select(BatchRegionCount, Organisation)
        .join(Organisation, Organisation.id == BatchRegionCount.region_id)
        .where(BatchRegionCount.batch_id == batch.id)
        .order_by(Organisation.region_code)
    ).all()
    spoiled = list(
        db.scalars(
            select(Card).where(Card.batch_id == batch.id, Card.state == CardState.SPOILED).order_by(Card.id)
        )
    )
    replacements = (
        {
            c.replaces_card_id: c
            for c in db.scalars(select(Card).where(Card.replaces_card_id.in_([s.id for s in spoiled])))
        }
        if spoiled
        else {}
    )
    inspection = list(
        db.scalars(
            select(Card)
            .where(Card.batch_id == batch.id, Card.state == CardState.NEEDS_INSPECTION)
            .order_by(Card.id)
        )
    )
    return render_template(
        "batches/show.html",
        title=f"Партия № {batch.id}",
        batch=batch,
        page=page,
        members=members_by_id(db, (c.member_id for c in page.items)),
        region_map=region_names(db, (c.region_id for c in page.items)),
        per_region=per_region,
        progress=progress(batch),
        spoiled=spoiled,
        replacements=replacements,
        inspection=inspection,
        # A cancelled batch may hold cards printed before it was cancelled: they can still ship.
        to_dispatch=undispatched_cards(db, batch) if batch.state is BatchState.CANCELLED else 0,
        stations=sorted(get_settings_from_app().printing.stations),
        # Stations of this batch that paused while the others go on: the operator resumes them here.
        paused_stations=list(
            db.scalars(
                select(PrintStation.name)
                .where(PrintStation.current_batch_id == batch.id, PrintStation.state == StationState.PAUSED)
                .order_by(PrintStation.name)
            )
        ),
        state=state,
        card_states=[(s.value, STATE_LABELS[s.value]) for s in CardState],
    )


@bp.get("/batches/<int:batch_id>/progress.json")
@require(*CENTRAL_ROLES)
def batch_progress(batch_id: int) -> Any:
    return progress(_load(batch_id))


@bp.post("/batches/<int:batch_id>/action")
@require(*CENTRAL_ACTORS)
def action(batch_id: int) -> Any:
    db = get_session()
    settings = get_settings_from_app()
    batch = _load(batch_id)
    what = request.form.get("action", "")
    details: dict[str, Any] = {}
    try:
        if what == "start":
            chosen = request.form.getlist("station")
            known = settings.printing.stations
            if not chosen or any(name not in known for name in chosen):
                raise DomainError("station_unknown", ru.FLASH["station_required"], "station")
            stations.start_batch(db, settings, batch, chosen, actor=actor())
            station = ", ".join(sorted(set(chosen)))
            details["station"] = station
            started = "batch_started_many" if len(set(chosen)) > 1 else "batch_started"
            message = ru.FLASH[started].format(batch=batch.id, station=station)
        elif what == "pause":
            stations.pause_batch(db, batch, actor=actor())
            message = ru.FLASH["batch_paused"].format(batch=batch.id)
        elif what == "resume":
            stations.resume_batch(db, settings, batch, actor=actor())
            message = ru.FLASH["batch_resumed"].format(batch=batch.id)
        elif what == "cancel":
            stations.cancel(db, batch, actor=actor())
            message = ru.FLASH["batch_cancelled"].format(batch=batch.id)
        elif what == "dispatch":
            n = dispatch_batch(db, batch, actor=actor())
            details["cards"] = n
            message = ru.FLASH["batch_dispatched"].format(batch=batch.id, cards=n)
        else:
            abort(400)
    except DomainError as exc:
        db.rollback()
        flash(exc.message, "error")
        return redirect(url_for("batches.show_batch", batch_id=batch_id))
    audit_batch(batch, what, **details)
    flash(message, "ok")
    return redirect(url_for("batches.show_batch", batch_id=batch.id))


@bp.post("/batches/<int:batch_id>/cards/<int:card_id>/resolve")
@require(*CENTRAL_ACTORS)
def resolve(batch_id: int, card_id: int) -> Any:
    """An operator looked at a card a crashed station left half-done: good, or spoiled."""
    db = get_session()
    card = db.get(Card, card_id)
    if card is None or card.batch_id != batch_id:
        abort(404)
    produced = request.form.get("verdict") == "good"
    try:
        stations.resolve_card(db, get_settings_from_app(), card, produced=produced, actor=actor())
    except DomainError as exc:
        db.rollback()
        flash(exc.message, "error")
        return redirect(url_for("batches.show_batch", batch_id=batch_id))
    batch = _load(batch_id)
    audit_batch(batch, "resolve_card", card=card.number, verdict="good" if produced else "spoiled")
    verdict = "card_resolved_good" if produced else "card_resolved_spoiled"
    flash(ru.FLASH[verdict].format(number=card.number), "ok")
    return redirect(url_for("batches.show_batch", batch_id=batch_id))


@bp.get("/batches/<int:batch_id>/print.pdf")
@require(*CENTRAL_ROLES)
def print_pdf(batch_id: int) -> Any:
    """Both faces of every card of the batch, for printing outside a station."""
    from gateway.printing.batch_files import batch_pdf

    batch = _load(batch_id)
    if batch.state is BatchState.CANCELLED:
        abort(404)
    body = batch_pdf(get_session(), get_settings_from_app(), batch)
    return Response(
        body,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="batch-{batch.id}.pdf"'},
    )


@bp.get("/packing-lists")
@require()
def packing_lists() -> Any:
    """The packing lists a user may take: a regional user their own region's, operators all."""
    db = get_session()
    stmt = (
        select(BatchRegionCount, PrintBatch, Organisation)
        .join(PrintBatch, PrintBatch.id == BatchRegionCount.batch_id)
        .join(Organisation, Organisation.id == BatchRegionCount.region_id)
        .where(PrintBatch.state.in_((BatchState.PRODUCED, BatchState.DISPATCHED, BatchState.CANCELLED)))
        .order_by(PrintBatch.id.desc(), Organisation.region_code)
    )
    if (scope := region_scope()) is not None:
        stmt = stmt.where(BatchRegionCount.region_id == scope)
    return render_template(
        "batches/packing.html", title="Описи отправленных карт", page=paginate(db, stmt, scalars=False)
    )


@bp.get("/batches/<int:batch_id>/packing/<region_code>.<fmt>")
@require()
def packing_list(batch_id: int, region_code: str, fmt: str) -> Any:
    """The list that travels with a region's cards: number, member, organisation. A regional
    user gets their own region's list; another region's, or a batch without their cards, is 404."""
    from gateway.printing.batch_files import packing_list as packing_file
    from gateway.printing.batch_files import packing_rows

    if fmt not in ("csv", "pdf"):
        abort(404)
    db = get_session()
    batch = _load(batch_id)
    region = db.scalar(
        select(Organisation).where(
            Organisation.region_code == region_code, Organisation.kind == OrgKind.REGION
        )
    )
    if region is None:
        abort(404)
    ensure_region(region.id)
    in_batch = db.scalar(
        select(BatchRegionCount.region_id).where(
            BatchRegionCount.batch_id == batch.id, BatchRegionCount.region_id == region.id
        )
    )
    if in_batch is None:
        abort(404)
    rows = packing_rows(db, batch, region.id)
    body = packing_file(rows, fmt, f"Партия № {batch.id}")
    mime = "text/csv; charset=utf-8" if fmt == "csv" else "application/pdf"
    name = f"packing-batch{batch.id}-region{region.region_code}"
    return Response(
        body, mimetype=mime, headers={"Content-Disposition": f'attachment; filename="{name}.{fmt}"'}
    )
