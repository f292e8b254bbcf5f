"""Reconciliation: the gateway's figures against 1C's, per region, with the differences listed.

Members: active members (not marked for deletion, not left, still present in 1C) per region code,
counted by the gateway and by 1C (``Registry.count_members_by_region`` streams two columns of
every member — a minute on millions, so this is an on-demand report, not a health check).
Cards: the gateway's cards per region and state. Statuses: status records 1C holds per status
against the outbox messages the gateway delivered; undelivered and dead messages are listed too.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from adapters.onec import Registry
from gateway.db import utcnow
from gateway.models import Card, Member, OneCOrderLine, Organisation, OutboxMessage, OutboxState
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
        session.execute(select(Organisation.region_code, Organisation.name).where(Organisation.region_code.is_not(None))).all()
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
        row = {"status": name, "gateway_delivered": delivered.get(ours_status, 0), "onec": onec_statuses.get(name, 0)}
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
        session.execute(select(OutboxMessage.state, func.count(OutboxMessage.id)).group_by(OutboxMessage.state)).all()
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
    return {
        "generated_at": utcnow().isoformat(),
        "regions": regions,
        "statuses": statuses,
        "outbox": outbox_counts,
        "differences": differences,
    }


def _withdrawn_too_late(session: Session) -> int:
    """Accepted 1C order lines whose document was withdrawn after their card went to print.

    Only such lines carry problems while accepted, so the few rows with problems are read and the
    code is checked here (portable: no JSON operators; SQLite may store JSON null as text).
    """
    problems = session.scalars(
        select(OneCOrderLine.problems).where(OneCOrderLine.accepted, OneCOrderLine.problems.is_not(None))
    )
    return sum(1 for p in problems if p and any(x.get("code") == TOO_LATE for x in p))
