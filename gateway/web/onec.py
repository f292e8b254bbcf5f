"""The 1C link: recent sync runs and their figures, starting a sync, the outbox of statuses with
dead letters and a retry button, and the reconciliation report."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from gateway.accounts.audit import audit
from gateway.celery_app import send_after_commit
from gateway.db.request_session import get_session
from gateway.models import Card, OutboxMessage, OutboxState, SyncRun
from gateway.sync import tasks as sync_tasks
from gateway.sync.outbox import retry_dead
from gateway.texts import ru
from gateway.web.paging import paginate
from gateway.web.security import CENTRAL_ACTORS, CENTRAL_ROLES, actor, client_ip, require, user

bp = Blueprint("onec", __name__)

OUTBOX_STATE_TEXT = ru.OUTBOX_STATES


def _sync_runs() -> list[Any]:
    return list(get_session().scalars(select(SyncRun).order_by(SyncRun.id.desc()).limit(10)))


def _fallback_notice(runs: list[Any]) -> str | None:
    """The latest incremental run's notice when it could not use 1C's change feed."""
    from gateway.sync.incremental import fallback_notice

    latest = next((r for r in runs if r.kind.value == "incremental"), None)
    reason = (latest.checkpoint or {}).get("fallback") if latest is not None else None
    return fallback_notice(reason) if reason else None


@bp.get("/onec")
@require(*CENTRAL_ROLES)
def show() -> Any:
    db = get_session()
    state_arg = request.args.get("state", "dead")
    stmt = (
        select(OutboxMessage, Card.number)
        .join(Card, Card.id == OutboxMessage.card_id)
        .order_by(OutboxMessage.id.desc())
    )
    if state_arg:
        try:
            stmt = stmt.where(OutboxMessage.state == OutboxState(state_arg))
        except ValueError:
            abort(404)
    counts = dict(db.execute(select(OutboxMessage.state, func.count()).group_by(OutboxMessage.state)).all())
    runs = _sync_runs()
    return render_template(
        "onec.html",
        title="Связь с 1С",
        runs=runs,
        fallback_notice=_fallback_notice(runs),
        counts=counts,
        page=paginate(db, stmt, scalars=False),
        state=state_arg,
        state_text=OUTBOX_STATE_TEXT,
        states=list(OutboxState),
    )


def _audit(action: str, **details: Any) -> None:
    audit(get_session(), action, actor=actor(), user_id=user().id, details=details or None, ip=client_ip())


@bp.post("/onec/sync")
@require(*CENTRAL_ACTORS)
def start_sync() -> Any:
    kind = request.form.get("kind", "incremental")
    if kind not in ("full", "incremental"):
        abort(400)
    task = sync_tasks.full_sync_task if kind == "full" else sync_tasks.incremental_sync_task
    send_after_commit(get_session(), task)
    _audit("sync_started", kind=kind)
    flash(ru.FLASH["sync_started"], "ok")
    return redirect(url_for("onec.show"))


@bp.post("/onec/outbox/<int:message_id>/retry")
@require(*CENTRAL_ACTORS)
def retry(message_id: int) -> Any:
    msg = retry_dead(get_session(), message_id)
    if msg is None:
        abort(404)
    audit(
        get_session(),
        "outbox_retry",
        actor=actor(),
        user_id=user().id,
        target_type="outbox",
        target_id=message_id,
        ip=client_ip(),
    )
    flash(ru.FLASH["outbox_requeued"], "ok")
    return redirect(url_for("onec.show", state=request.form.get("state", "dead")))


@bp.post("/onec/outbox/retry-all")
@require(*CENTRAL_ACTORS)
def retry_all() -> Any:
    db = get_session()
    ids = list(
        db.scalars(select(OutboxMessage.id).where(OutboxMessage.state == OutboxState.DEAD).limit(10_000))
    )
    for mid in ids:
        retry_dead(db, mid)
    _audit("outbox_retry", messages=len(ids))
    flash(ru.FLASH["outbox_requeued_many"].format(count=len(ids)), "ok")
    return redirect(url_for("onec.show"))


RECONCILIATION_STATE_TEXT = ru.RECONCILIATION_STATES


@bp.get("/onec/reconcile")
@require(*CENTRAL_ROLES)
def reconcile() -> Any:
    """The latest reconciliation report. Counting 1C's members takes about a minute on millions,
    so a report is made by a background task and this page follows it."""
    from gateway.sync.reconcile import latest_run

    run = latest_run(get_session())
    return render_template(
        "onec_reconcile.html", title="Сверка с 1С", run=run, state_text=RECONCILIATION_STATE_TEXT
    )


@bp.get("/onec/reconcile/status.json")
@require(*CENTRAL_ROLES)
def reconcile_status() -> Any:
    from gateway.sync.reconcile import IN_PROGRESS, latest_run

    run = latest_run(get_session())
    state = run.state if run is not None else None
    return {
        "state": state.value if state else None,
        "state_text": RECONCILIATION_STATE_TEXT.get(state.value, "") if state else "",
        "finished": state not in IN_PROGRESS,
    }


@bp.post("/onec/reconcile")
@require(*CENTRAL_ACTORS)
def start_reconcile() -> Any:
    from gateway.sync.reconcile import request_reconciliation
    from gateway.sync.tasks import reconcile_task

    db = get_session()
    run, created = request_reconciliation(db, actor())
    if created:
        send_after_commit(db, reconcile_task, run.id)
        _audit("reconciliation_started", run=run.id)
        flash(ru.FLASH["reconciliation_started"], "ok")
    else:
        flash(ru.FLASH["reconciliation_running"], "info")
    return redirect(url_for("onec.reconcile"))


@bp.get("/onec/order-lines")
@require(*CENTRAL_ROLES)
def order_lines() -> Any:
    """Lines of 1C card-order documents the gateway did not take (and those withdrawn in 1C too
    late): the reconciliation tells operators to check them, this page lists them."""
    from gateway.models import Member
    from gateway.models.sync import OneCOrderLine

    db = get_session()
    show = request.args.get("show", "rejected")
    stmt = select(OneCOrderLine).order_by(OneCOrderLine.id.desc())
    if show == "late":
        # Accepted lines that 1C withdrew after printing started carry a problem of their own.
        stmt = stmt.where(OneCOrderLine.accepted.is_(True), OneCOrderLine.problems.is_not(None))
    else:
        show = "rejected"
        stmt = stmt.where(OneCOrderLine.accepted.is_(False))
    page = paginate(db, stmt)
    refs = {line.member_ref for line in page.items if line.member_ref}
    members = (
        {m.onec_ref: m for m in db.scalars(select(Member).where(Member.onec_ref.in_(refs)))} if refs else {}
    )
    return render_template(
        "onec_order_lines.html", title="Строки заявок 1С", page=page, members=members, show=show
    )
