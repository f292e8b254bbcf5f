"""Reconciliation: the gateway's figures against 1C's, per region, with the differences listed.

Members: active members (not marked for deletion, not left, still present in 1C) per region code,
counted by the gateway and by 1C (``Registry.count_members_by_region`` streams two columns of
every member — a minute on millions, so this is an on-demand report, not a health check).
Cards: the gateway's cards per region and state. Statuses: status records 1C holds per status
against the outbox messages the gateway delivered; undelivered and dead messages are listed too.

The web page and the API ask for a report (:func:`request_reconciliation`) and a Celery task makes
it (:func:`run_reconciliation`) into a ``reconciliation_runs`` row; the command line makes it
directly. One report is made at a time: asking again while one is queued or running returns it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased, sessionmaker

from adapters.onec import OneCError, Registry
from gateway.db.base import utcnow
from gateway.models import (
    Card,
    CardState,
    Member,
    OneCOrderLine,
    OneCStatus,
    Organisation,
    OutboxMessage,
    OutboxState,
    ReconciliationRun,
    ReconciliationState,
)
from gateway.sync.onec_withdrawn import TOO_LATE
from gateway.sync.outbox import ONEC_STATUS


def gateway_members_by_region(session: Session) -> dict[str, int]:
    region = aliased(Organisation)
    rows = session.execute(
        select(region.region_code, func.count(Member.id))
        .select_from(Member)
        .outerjoin(region, region.id == Member.region_id)
        .where(~Member.deletion_mark, Member.left_on.is_(None), Member.data_version.is_not(None))
        .group_by(region.region_code)
    )
    return {code or "": n for code, n in rows}


def gateway_cards_by_region(session: Session) -> dict[str, dict[str, int]]:
    region = aliased(Organisation)
    out: dict[str, dict[str, int]] = {}
    rows = session.execute(
        select(region.region_code, Card.state, func.count(Card.id))
        .select_from(Card)
        .outerjoin(region, region.id == Card.region_id)
        .group_by(region.region_code, Card.state)
    )
    for code, state, n in rows:
        out.setdefault(code or "", {})[state.value] = n
    return out


def reconciliation_report(session: Session, registry: Registry) -> dict[str, Any]:
    ours = gateway_members_by_region(session)
    theirs = registry.count_members_by_region()
    cards = gateway_cards_by_region(session)
    codes = sorted(set(ours) | set(theirs) | set(cards))
    names = dict(
        session.execute(
            select(Organisation.region_code, Organisation.name).where(Organisation.region_code.is_not(None))
        ).all()
    )
    regions = [
        {
            "region_code": code,
            "region_name": names.get(code),
            "members": {"gateway": ours.get(code, 0), "onec": theirs.get(code, 0)},
            "cards_by_state": cards.get(code, {}),
        }
        for code in codes
    ]
    differences: list[dict[str, Any]] = [
        {
            "kind": "members",
            "region_code": r["region_code"],
            "gateway": r["members"]["gateway"],
            "onec": r["members"]["onec"],
            "message": "Число членов Профсоюза в шлюзе и в 1С различается: нужна синхронизация.",
        }
        for r in regions
        if r["members"]["gateway"] != r["members"]["onec"]
    ]

    delivered = dict(
        session.execute(
            select(OutboxMessage.status, func.count(OutboxMessage.id))
            .where(OutboxMessage.state == OutboxState.DELIVERED)
            .group_by(OutboxMessage.status)
        ).all()
    )
    onec_statuses = registry.count_statuses()
    statuses = []
    for ours_status, name in ONEC_STATUS.items():
        row = {
            "status": name,
            "gateway_delivered": delivered.get(ours_status, 0),
            "onec": onec_statuses.get(name, 0),
        }
        statuses.append(row)
        if row["gateway_delivered"] != row["onec"]:
            differences.append(
                {
                    "kind": "statuses",
                    **row,
                    "message": "Число записей статуса в 1С не совпадает с доставленными шлюзом.",
                }
            )
    outbox = dict(
        session.execute(
            select(OutboxMessage.state, func.count(OutboxMessage.id)).group_by(OutboxMessage.state)
        ).all()
    )
    outbox_counts = {s.value: outbox.get(s, 0) for s in OutboxState}
    if outbox_counts["dead"]:
        differences.append(
            {
                "kind": "outbox_dead",
                "count": outbox_counts["dead"],
                "message": "Есть статусы, которые не удалось передать в 1С: их нужно повторить вручную.",
            }
        )
    rejected = session.scalar(select(func.count(OneCOrderLine.id)).where(~OneCOrderLine.accepted)) or 0
    if rejected:
        differences.append(
            {
                "kind": "onec_order_lines_rejected",
                "count": rejected,
                "message": "Часть строк заявок из 1С не принята шлюзом (причины — в строках заявок).",
            }
        )
    too_late = _withdrawn_too_late(session)
    if too_late:
        differences.append(
            {
                "kind": "onec_order_lines_withdrawn_too_late",
                "count": too_late,
                "message": "Заявки из 1С отозваны, но карты по ним уже печатаются или изготовлены: "
                "остановите их вручную (подробности — в строках заявок).",
            }
        )
    half_told = half_told_cards(session)
    if half_told:
        differences.append(
            {
                "kind": "half_told_cards",
                "count": half_told,
                "message": "У части карт история в 1С не завершена: испорченная карта без «Аннулирован» "
                "или карта-замена без своего «Заказан».",
            }
        )
    return {
        "generated_at": utcnow().isoformat(),
        "regions": regions,
        "statuses": statuses,
        "outbox": outbox_counts,
        "differences": differences,
    }


def half_told_cards(session: Session) -> int:
    """Cards whose story 1C was told only in part: a spoiled card 1C knows as «Заказан» with no
    «Аннулирован» to follow, or a spoiled card's replacement without a «Заказан» of its own."""

    def told(status: OneCStatus) -> Any:
        return select(OutboxMessage.card_id).where(OutboxMessage.status == status)

    spoiled = select(func.count(Card.id)).where(
        Card.state == CardState.SPOILED,
        Card.id.in_(told(OneCStatus.ORDERED)),
        Card.id.not_in(told(OneCStatus.WITHDRAWN)),
    )
    replacements = select(func.count(Card.id)).where(
        Card.replaces_card_id.is_not(None), Card.id.not_in(told(OneCStatus.ORDERED))
    )
    return int(session.scalar(spoiled) or 0) + int(session.scalar(replacements) or 0)


def _withdrawn_too_late(session: Session) -> int:
    """Accepted 1C order lines whose document was withdrawn after their card went to print.

    Only such lines carry problems while accepted, so the few rows with problems are read and the
    code is checked here (portable: no JSON operators; SQLite may store JSON null as text).
    """
    problems = session.scalars(
        select(OneCOrderLine.problems).where(OneCOrderLine.accepted, OneCOrderLine.problems.is_not(None))
    )
    return sum(1 for p in problems if p and any(x.get("code") == TOO_LATE for x in p))


log = logging.getLogger(__name__)

# A run still "running" after this long lost its worker (killed, restarted): a new one may start.
STALE_AFTER = dt.timedelta(minutes=30)
IN_PROGRESS = (ReconciliationState.QUEUED, ReconciliationState.RUNNING)


def request_reconciliation(session: Session, actor: str) -> tuple[ReconciliationRun, bool]:
    """The report in progress, or a new queued one; (run, created). Flushes; the caller sends
    :func:`gateway.sync.tasks.reconcile_task` after the commit when ``created``."""
    current = session.scalars(
        select(ReconciliationRun)
        .where(ReconciliationRun.state.in_(IN_PROGRESS))
        .order_by(ReconciliationRun.id.desc())
        .limit(1)
        .with_for_update()
    ).first()
    if current is not None:
        since = current.started_at or current.created_at
        if since.tzinfo is None:  # SQLite keeps naive UTC
            since = since.replace(tzinfo=dt.UTC)
        if utcnow() - since < STALE_AFTER:
            return current, False
        current.state, current.finished_at = ReconciliationState.FAILED, utcnow()
        current.error = "Сверка прервана: обработчик задач остановился. Запустите её снова."
    run = ReconciliationRun(state=ReconciliationState.QUEUED, requested_by=actor[:200])
    session.add(run)
    session.flush()
    return run, True


def run_reconciliation(
    factory: sessionmaker[Session], registry_factory: Callable[[], Registry], run_id: int
) -> None:
    """Make the report of a queued run and store it (or why 1C could not answer). Commits."""
    with factory() as session:
        run = session.get(ReconciliationRun, run_id)
        if run is None or run.state is not ReconciliationState.QUEUED:
            return  # a redelivered task: the run was taken already
        run.state, run.started_at = ReconciliationState.RUNNING, utcnow()
        session.commit()
    report: dict[str, Any] | None = None
    error: str | None = None
    try:
        registry = registry_factory()
        try:
            with factory() as session:
                report = reconciliation_report(session, registry)
        finally:
            registry.close()
    except OneCError as exc:
        log.warning("reconciliation run %d: 1C did not answer: %s", run_id, type(exc).__name__)
        error = f"1С не ответила ({type(exc).__name__}): проверьте связь и запустите сверку снова."
    except Exception:
        log.exception("reconciliation run %d failed", run_id)
        error = "Сверка не выполнена из-за внутренней ошибки; подробности — в журнале шлюза."
    with factory() as session:
        run = session.get(ReconciliationRun, run_id)
        assert run is not None
        run.state = ReconciliationState.FAILED if error else ReconciliationState.SUCCEEDED
        run.report, run.error, run.finished_at = report, error, utcnow()
        session.commit()


def latest_run(session: Session) -> ReconciliationRun | None:
    return session.scalars(select(ReconciliationRun).order_by(ReconciliationRun.id.desc()).limit(1)).first()
