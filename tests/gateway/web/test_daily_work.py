"""What operators and regional users need at hand: markers in the order form, one batch of a chosen
region and size, the print PDF, packing lists for a region, rejected 1C order lines, the favicon."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.models import Card, CardForm, OrderReason, OrderSource, PrintBatch
from gateway.models.sync import OneCOrderLine
from gateway.orders.intake import OrderRequest, Submitter, submit_orders
from tests.factories import make_member
from tests.gateway.web.conftest import post_form
from tests.gateway.web.helpers import order_cards, produce_batch


def test_order_form_marks_card_holders_open_orders_and_leavers(
    login_as: Any, db: Session, settings: Any, world: dict[str, Any]
) -> None:
    p77 = world["p77"]
    holder = make_member(db, p77, surname="Иваненко", name="Анна")
    waiting = make_member(db, p77, surname="Иванцова", name="Вера")
    gone = make_member(db, p77, surname="Иваницкая", name="Ольга", left_on=dt.date(2025, 9, 1))
    plain = make_member(db, p77, surname="Иванищева", name="Зоя")
    in_app = make_member(db, p77, surname="Иванова-Грей", name="Нина")
    order_cards(db, settings, [holder])
    produce_batch(db, settings)
    order_cards(db, settings, [waiting])
    (item,) = submit_orders(
        db,
        settings,
        Submitter("test", OrderSource.API, p77.region_id),
        [OrderRequest(OrderReason.FIRST, member_ref=in_app.onec_ref, form=CardForm.VIRTUAL)],
    )
    assert item.accepted
    page = login_as("reg77").get("/orders/new?q=иван").text

    def row(member: Any) -> str:
        return page.split(f'id="member-{member.id}"')[1].split("</tr>")[0]

    assert "уже есть карта" in row(holder) and "заказ подан" not in row(holder)
    assert "заказ подан" in row(waiting) and "уже есть карта" not in row(waiting)
    assert "выбыл из Профсоюза 01.09.2025" in row(gone)
    assert "marker" not in row(plain)
    # A virtual-only number: a plastic may still be ordered, so it is not «уже есть карта».
    assert "ЭПБ выдан в виртуальном виде" in row(in_app) and "уже есть карта" not in row(in_app)


def test_operator_forms_one_batch_of_a_chosen_region_and_size(
    login_as: Any, db: Session, settings: Any, world: dict[str, Any]
) -> None:
    more = [make_member(db, world["p77"], surname=f"Орлова{i}") for i in range(4)]
    order_cards(db, settings, [world["m77"], world["m50"], *more])
    client = login_as("operator")
    resp = post_form(
        client, "/batches/form", {"region": "77", "size": "3"}, "/batches", follow_redirects=True
    )
    assert "Сформирована партия №" in resp.text and "карт 3" in resp.text
    (batch,) = db.scalars(select(PrintBatch)).all()
    cards = list(db.scalars(select(Card).where(Card.batch_id == batch.id)))
    assert len(cards) == 3 and {c.region_id for c in cards} == {world["r77"].id}
    bad = post_form(client, "/batches/form", {"size": "0"}, "/batches", follow_redirects=True)
    assert "Размер партии — целое число" in bad.text
    assert len(db.scalars(select(PrintBatch)).all()) == 1


def test_print_pdf_and_packing_lists_by_role(
    login_as: Any, db: Session, settings: Any, world: dict[str, Any]
) -> None:
    order_cards(db, settings, [world["m77"], world["m50"]])
    batch = produce_batch(db, settings)
    operator = login_as("operator")
    pdf = operator.get(f"/batches/{batch.id}/print.pdf")
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert f'href="/batches/{batch.id}/print.pdf"' in operator.get(f"/batches/{batch.id}").text
    regional = login_as("reg77")
    assert regional.get(f"/batches/{batch.id}/print.pdf").status_code == 403
    own = regional.get(f"/batches/{batch.id}/packing/77.pdf")
    assert own.status_code == 200 and own.data.startswith(b"%PDF")
    assert regional.get(f"/batches/{batch.id}/packing/50.pdf").status_code == 404
    assert regional.get(f"/batches/{batch.id}/packing/50.csv").status_code == 404
    listing = regional.get("/packing-lists").text
    assert f"/batches/{batch.id}/packing/77.pdf" in listing and "/packing/50." not in listing
    # A batch without the region's cards has no list for it, even for a region that exists.
    order_cards(db, settings, [make_member(db, world["p50"], surname="Лебедева")])
    other = produce_batch(db, settings)
    assert regional.get(f"/batches/{other.id}/packing/77.csv").status_code == 404


def test_rejected_1c_order_lines_are_listed(login_as: Any, db: Session, world: dict[str, Any]) -> None:
    db.add(
        OneCOrderLine(
            document_ref=uuid.uuid4(),
            document_number="ЗВ-000777",
            line_number=3,
            member_ref=world["m77"].onec_ref,
            accepted=False,
            problems=[{"code": "no_consent", "message": "Нет согласия на обработку персональных данных."}],
        )
    )
    db.flush()
    page = login_as("operator").get("/onec/order-lines").text
    assert "ЗВ-000777" in page and world["m77"].full_name in page and "Нет согласия" in page
    assert login_as("reg77").get("/onec/order-lines").status_code == 403


def test_favicon(app: Any) -> None:
    client = app.test_client()
    resp = client.get("/favicon.ico")
    assert resp.status_code == 301
    icon = client.get(resp.headers["Location"])
    assert icon.data.startswith(b"<svg")
    icon.close()


def test_upload_progress_moves_once_the_total_is_known(
    login_as: Any, db: Session, world: dict[str, Any]
) -> None:
    from gateway.models import Upload, UploadState

    upload = Upload(
        region_id=world["r77"].id,
        submitted_by=f"user:{world['reg77'].id}",
        filename="заказы.csv",
        file_format="csv",
        content=b"x",
        state=UploadState.PROCESSING,
        total_rows=8000,  # counted by the first pass, before any order is written
        processed_rows=2000,
    )
    db.add(upload)
    db.flush()
    client = login_as("reg77")
    progress = client.get(f"/uploads/{upload.public_id}/progress.json").json
    assert progress["percent"] == 25 and progress["total_rows"] == 8000 and not progress["finished"]
    page = client.get(f"/uploads/{upload.public_id}").text
    assert 'id="total-rows">8000<' in page and 'id="upload-percent">25<' in page
    assert 'style="width: 25%"' in page
