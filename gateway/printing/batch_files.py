"""Print files and dispatch papers of a batch: the batch PDF, card previews, packing lists."""

from __future__ import annotations

import io

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from card_printing.packing_list import PackingRow, packing_list_csv, write_packing_list_pdf
from card_printing.printfiles import preview_png, write_batch_pdf
from card_printing.render import renderer_for
from gateway.models import Card, CardState, Member, Organisation, PrintBatch
from gateway.printing.cards import card_data_for
from gateway.printing.keys import signing_key
from gateway.settings import Settings

# Cards that are (or will be) physical plastic of the batch: spoiled and withdrawn ones are not.
PRINTABLE = (
    CardState.QUEUED,
    CardState.PRINTING,
    CardState.NEEDS_INSPECTION,
    CardState.PRODUCED,
    CardState.DISPATCHED,
    CardState.ISSUED,
    CardState.REFUSED,
)
SHIPPED = (CardState.PRODUCED, CardState.DISPATCHED, CardState.ISSUED, CardState.REFUSED)


def batch_pdf(session: Session, settings: Settings, batch: PrintBatch) -> bytes:
    cards = session.scalars(
        select(Card).where(Card.batch_id == batch.id, Card.state.in_(PRINTABLE)).order_by(Card.id)
    ).all()
    data = card_data_for(session, cards, signing_key(settings))
    out = io.BytesIO()
    # One worker: a web request must not fork a process pool; big batches use the station's files.
    write_batch_pdf(data, renderer_for(settings.printing.template), out, workers=1)
    return out.getvalue()


def card_preview(session: Session, settings: Settings, card: Card) -> bytes:
    data = card_data_for(session, [card], signing_key(settings))[0]
    return preview_png(data, renderer_for(settings.printing.template))


def packing_rows(session: Session, batch: PrintBatch, region_id: int | None) -> list[PackingRow]:
    org, region = aliased(Organisation), aliased(Organisation)
    stmt = (
        select(
            region.region_code,
            region.name,
            Card.number,
            Member.surname,
            Member.name,
            Member.patronymic,
            org.name,
        )
        .join(Member, Member.id == Card.member_id)
        .join(org, org.id == Member.organisation_id)
        .join(region, region.id == Card.region_id)
        .where(Card.batch_id == batch.id, Card.state.in_(SHIPPED))
    )
    if region_id is not None:
        stmt = stmt.where(Card.region_id == region_id)
    return [
        PackingRow(f"{code} {rname}", number, " ".join(p for p in (s, n, pat) if p), oname)
        for code, rname, number, s, n, pat, oname in session.execute(stmt)
    ]


def packing_list(rows: list[PackingRow], fmt: str, title: str) -> bytes:
    if fmt == "csv":
        return packing_list_csv(rows)
    out = io.BytesIO()
    write_packing_list_pdf(rows, out, title)
    return out.getvalue()
