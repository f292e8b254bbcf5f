"""Reports: issuance per region (the union's published tables) and the cost statement per batch
and region for reimbursement; each as a page, XLSX and CSV. A regional user sees their own row."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, abort, redirect, render_template, request, url_for
from sqlalchemy import Select, func, select

from gateway.db.request_session import get_session
from gateway.models import (
    BatchRegionCount,
    Card,
    CardOrder,
    CardState,
    OrderState,
    Organisation,
    OrgKind,
    PrintBatch,
)
from gateway.sync.member_counts import fold, members_per_region
from gateway.texts import ru
from gateway.web.exports import Column, table_download
from gateway.web.formatting import DISPLAY_TZ
from gateway.web.paging import paginate
from gateway.web.security import region_scope, require

bp = Blueprint("reports", __name__)

PRODUCED_OR_LATER = (CardState.PRODUCED, CardState.DISPATCHED, CardState.ISSUED, CardState.REFUSED)
NOT_ORDERED = (OrderState.REJECTED, OrderState.CANCELLED)


@dataclass
class RegionRow:
    code: str
    name: str
    members: int
    ordered: int
    produced: int
    issued: int
    refused: int
    virtual: int

    @property
    def share(self) -> float | None:
        return self.issued / self.members if self.members else None


def _grouped(stmt: Select[Any]) -> dict[int, int]:
    return {rid: n for rid, n in get_session().execute(stmt) if rid is not None}


def region_rows() -> list[RegionRow]:
    """One grouped query per figure (each over an index on region_id), never rows one by one."""
    db = get_session()
    scope = region_scope()
    regions_stmt = (
        select(Organisation).where(Organisation.kind == OrgKind.REGION).order_by(Organisation.region_code)
    )
    if scope is not None:
        regions_stmt = regions_stmt.where(Organisation.id == scope)
    ordered_stmt = (
        select(CardOrder.region_id, func.count())
        .where(CardOrder.state.not_in(NOT_ORDERED))
        .group_by(CardOrder.region_id)
    )
    # A number issued in virtual form (personal account, app, wallet) keeps ``virtual_at`` also
    # after its plastic is printed: grouped by it, one scan gives both columns.
    virtual = Card.virtual_at.is_not(None)
    cards_stmt = select(Card.region_id, Card.state, virtual, func.count()).group_by(
        Card.region_id, Card.state, virtual
    )
    if scope is not None:
        # A region's own figures only: cheaper, and nothing of other regions is even read.
        ordered_stmt = ordered_stmt.where(CardOrder.region_id == scope)
        cards_stmt = cards_stmt.where(Card.region_id == scope)
    members, many_rows = members_per_region(db, scope)
    if many_rows:
        # Folded on a connection of its own, committed at once: the page's reads stay untouched.
        with db.get_bind().begin() as conn:
            fold(conn)
    ordered = _grouped(ordered_stmt)
    card_counts: dict[int, dict[CardState, int]] = {}
    virtual_counts: dict[int, int] = {}
    for rid, state, is_virtual, n in db.execute(cards_stmt):
        states = card_counts.setdefault(rid, {})
        states[state] = states.get(state, 0) + n
        if is_virtual and state is not CardState.WITHDRAWN:
            virtual_counts[rid] = virtual_counts.get(rid, 0) + n
    rows = []
    for r in db.scalars(regions_stmt):
        cc = card_counts.get(r.id, {})
        rows.append(
            RegionRow(
                code=r.region_code or "",
                name=r.name,
                members=members.get(r.id, 0),
                ordered=ordered.get(r.id, 0),
                produced=sum(cc.get(s, 0) for s in PRODUCED_OR_LATER),
                issued=cc.get(CardState.ISSUED, 0),
                refused=cc.get(CardState.REFUSED, 0),
                virtual=virtual_counts.get(r.id, 0),
            )
        )
    return rows


REGION_HEADER = [
    Column("Код региона", width=8),
    Column("Региональная организация", width=45),
    Column("Членов Профсоюза в реестре", "int", total=True),
    Column("Карт заказано", "int", total=True),
    Column("Карт изготовлено", "int", total=True),
    Column("Карт выдано", "int", total=True),
    Column("Отказов", "int", total=True),
    Column("Выдано в виртуальном виде", "int", total=True),
    Column("Доля членов с выданной картой, %", "decimal"),
]


@bp.get("/reports")
@require()
def index() -> Any:
    rows = region_rows()
    total = RegionRow(
        "",
        "Итого",
        *(
            sum(getattr(r, f) for r in rows)
            for f in ("members", "ordered", "produced", "issued", "refused", "virtual")
        ),
    )
    return render_template("reports/index.html", title="Отчёты", rows=rows, total=total)


@bp.get("/reports/regions.<fmt>")
@require()
def regions_download(fmt: str) -> Any:
    if fmt not in ("csv", "xlsx"):
        abort(404)
    data = (
        (
            r.code,
            r.name,
            r.members,
            r.ordered,
            r.produced,
            r.issued,
            r.refused,
            r.virtual,
            round(r.share * 100, 2) if r.share is not None else None,
        )
        for r in region_rows()
    )
    stamp = dt.date.today().isoformat()
    return table_download(fmt, f"issuance-by-region-{stamp}", "Выпуск по регионам", REGION_HEADER, data)


def _parse_date(text: str) -> dt.date | None:
    for fmt in ("%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def period() -> tuple[dt.date | None, dt.date | None, dict[str, str]]:
    """The ``from`` / ``to`` filter; a date that cannot be read is a form error of its field."""
    dates: dict[str, dt.date | None] = {}
    errors: dict[str, str] = {}
    for name in ("from", "to"):
        text = request.args.get(name, "").strip()
        dates[name] = _parse_date(text) if text else None
        if text and dates[name] is None:
            errors[name] = ru.BAD_DATE
    if not errors and dates["from"] and dates["to"] and dates["from"] > dates["to"]:
        errors["to"] = ru.FLASH["period_reversed"]
    return dates["from"], dates["to"], errors


def cost_statement(date_from: dt.date | None = None, date_to: dt.date | None = None) -> Select[Any]:
    stmt = (
        select(
            PrintBatch.id,
            PrintBatch.created_at,
            PrintBatch.state,
            Organisation.region_code,
            Organisation.name,
            BatchRegionCount.card_count,
            BatchRegionCount.unit_cost_rub,
        )
        .join(BatchRegionCount, BatchRegionCount.batch_id == PrintBatch.id)
        .join(Organisation, Organisation.id == BatchRegionCount.region_id)
        .order_by(PrintBatch.id, Organisation.region_code)
    )
    if (scope := region_scope()) is not None:
        stmt = stmt.where(BatchRegionCount.region_id == scope)
    if date_from:
        stmt = stmt.where(PrintBatch.created_at >= dt.datetime.combine(date_from, dt.time(), dt.UTC))
    if date_to:
        stmt = stmt.where(
            PrintBatch.created_at < dt.datetime.combine(date_to + dt.timedelta(days=1), dt.time(), dt.UTC)
        )
    return stmt


COST_HEADER = [
    Column("Партия", "int", width=9),
    Column("Дата", "date"),
    Column("Состояние", width=20),
    Column("Код региона", width=8),
    Column("Региональная организация", width=45),
    Column("Карт", "int", total=True),
    Column("Цена, ₽", "money"),
    Column("Сумма, ₽", "money", total=True),
]


@bp.get("/reports/costs")
@require()
def costs() -> Any:
    db = get_session()
    date_from, date_to, errors = period()
    context = {
        "title": "Ведомость затрат",
        "date_from": request.args.get("from", ""),
        "date_to": request.args.get("to", ""),
        "errors": errors,
    }
    if errors:
        return render_template(
            "reports/costs.html", page=None, total_cards=0, total_amount=0.0, **context
        ), 422
    page = paginate(db, cost_statement(date_from, date_to), scalars=False)
    sub = cost_statement(date_from, date_to).subquery()
    cards, amount = db.execute(
        select(
            func.coalesce(func.sum(sub.c.card_count), 0),
            func.coalesce(func.sum(sub.c.card_count * sub.c.unit_cost_rub), 0),
        )
    ).one()
    return render_template(
        "reports/costs.html", page=page, total_cards=cards, total_amount=float(amount), **context
    )


def _local_date(value: dt.datetime) -> dt.date:
    aware = value if value.tzinfo else value.replace(tzinfo=dt.UTC)
    return aware.astimezone(DISPLAY_TZ).date()


@bp.get("/reports/costs.<fmt>")
@require()
def costs_download(fmt: str) -> Any:
    if fmt not in ("csv", "xlsx"):
        abort(404)
    date_from, date_to, errors = period()
    if errors:
        return redirect(url_for("reports.costs", **request.args))
    stmt = cost_statement(date_from, date_to).execution_options(yield_per=2000)
    rows = get_session().execute(stmt)
    data = (
        (
            bid,
            _local_date(created),
            ru.BATCH_STATE_LABELS.get(state.value, state.value),
            code,
            name,
            n,
            float(cost),
            round(n * float(cost), 2),
        )
        for bid, created, state, code, name, n, cost in rows
    )
    return table_download(fmt, "cost-statement", "Ведомость затрат", COST_HEADER, data)
