"""Regional pages: region scoping on every URL, ordering by form, marking cards."""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.models import AuditEntry, Card, CardOrder, CardState, OrderState, OutboxMessage
from tests.gateway.web.conftest import csrf_from
from tests.gateway.web.helpers import order_cards, produce_batch


@pytest.fixture()
def cards(db: Session, settings: Any, world: dict[str, Any]) -> dict[str, Card]:
    c77, c50 = (
        order_cards(db, settings, [world["m77"]])[0],
        order_cards(db, settings, [world["m50"]])[0],
    )
    produce_batch(db, settings)
    return {"77": c77, "50": c50}


def test_regional_user_gets_404_for_another_regions_urls(
    login_as: Any, db: Session, cards: dict[str, Card], world: dict[str, Any]
) -> None:
    client = login_as("reg77")
    own, other = cards["77"], cards["50"]
    own_order = db.get(CardOrder, own.order_id)
    other_order = db.get(CardOrder, other.order_id)
    assert own_order and other_order
    assert client.get(f"/cards/{own.number}").status_code == 200
    face = client.get(f"/cards/{own.number}/face.png")
    assert face.status_code == 200 and face.data.startswith(b"\x89PNG")
    front = client.get(f"/cards/{own.number}/face.png?side=front")
    assert front.status_code == 200 and front.data.startswith(b"\x89PNG")
    assert client.get(f"/cards/{own.number}/face.png?side=top").status_code == 404  # no such side
    assert client.get(f"/orders/{own_order.public_id}").status_code == 200
    for url in (
        f"/cards/{other.number}",
        f"/cards/{other.number}/face.png",
        f"/orders/{other_order.public_id}",
        "/orders?region=50",
    ):
        resp = client.get(url)
        if url.startswith("/orders?"):
            # The region filter is ignored for a regional user: their own region only.
            assert resp.status_code == 200 and "Петрова" not in resp.text and "Иванова" in resp.text
        else:
            assert resp.status_code == 404, url
            assert "Петрова" not in resp.text
    page = client.get(f"/cards/{own.number}")
    resp = client.post(
        f"/cards/{other.number}/mark", data={"status": "issued", "csrf_token": csrf_from(page.text)}
    )
    assert resp.status_code == 404
    assert db.get(Card, other.id).state is CardState.DISPATCHED  # type: ignore[union-attr]
    # Lists show only the region's own rows.
    assert other.number not in client.get("/cards").text
    assert own.number in client.get("/cards").text
    # Central-office pages are not for regional users.
    for url in ("/dashboard", "/batches", "/admin/users", "/onec", "/search?q=Петрова"):
        assert client.get(url).status_code == 403, url


def test_mark_card_issued_one_by_one(login_as: Any, db: Session, cards: dict[str, Card]) -> None:
    client = login_as("reg77")
    card = cards["77"]
    page = client.get(f"/cards/{card.number}")
    assert "Выдан" in page.text
    resp = client.post(
        f"/cards/{card.number}/mark",
        data={"status": "issued", "csrf_token": csrf_from(page.text)},
        follow_redirects=True,
    )
    assert resp.status_code == 200 and "Статус будет передан в 1С" in resp.text
    db.expire_all()
    assert db.get(Card, card.id).state is CardState.ISSUED  # type: ignore[union-attr]
    assert db.get(CardOrder, card.order_id).state is OrderState.ISSUED  # type: ignore[union-attr]
    assert (
        db.scalar(
            select(OutboxMessage.status)
            .where(OutboxMessage.card_id == card.id)
            .order_by(OutboxMessage.id.desc())
            .limit(1)
        )
        == "issued"
    )
    entry = db.scalars(select(AuditEntry).where(AuditEntry.action == "card_marked")).one()
    assert entry.details == {"status": "issued", "cards": [card.number]}
    # Marking again is refused with a Russian message, nothing changes.
    again = client.post(
        f"/cards/{card.number}/mark",
        data={"status": "refused", "refusal_reason": "declined", "csrf_token": csrf_from(page.text)},
        follow_redirects=True,
    )
    assert "Нельзя перевести карту" in again.text


def test_bulk_handout_reports_each_number(
    login_as: Any, db: Session, cards: dict[str, Card], world: dict[str, Any]
) -> None:
    client = login_as("reg77")
    own, other = cards["77"], cards["50"]
    page = client.get("/cards/handout")
    spaced = " ".join(own.number[i : i + 4] for i in range(0, 16, 4))
    resp = client.post(
        "/cards/handout",
        data={
            "numbers": f"{spaced}\n{other.number}\n123\n{own.number}",
            "status": "refused",
            "refusal_reason": "not_reached",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert resp.status_code == 200
    text = resp.text
    assert "отмечено 1 из 4" in text
    assert "Карта с таким номером не найдена" in text  # another region's card looks missing
    assert "Номер карты — 16 цифр" in text
    assert "Номер повторяется" in text
    db.expire_all()
    assert db.get(Card, own.id).state is CardState.REFUSED  # type: ignore[union-attr]
    assert db.get(Card, other.id).state is CardState.DISPATCHED  # type: ignore[union-attr]


def test_order_form_searches_the_region_and_submits(
    login_as: Any, db: Session, world: dict[str, Any]
) -> None:
    client = login_as("reg77")
    page = client.get("/orders/new?q=иван")
    assert "Иванова" in page.text
    assert "Петрова" not in client.get("/orders/new?q=петр").text  # another region's member
    ref = str(world["m77"].onec_ref)
    resp = client.post(
        "/orders/new",
        data={"q": "иван", "member_ref": ref, "reason": "first", "csrf_token": csrf_from(page.text)},
    )
    assert resp.status_code == 200 and "принят" in resp.text
    # A second order for the same member is refused with the intake's Russian reason.
    again = client.post(
        "/orders/new",
        data={"q": "иван", "member_ref": ref, "reason": "first", "csrf_token": csrf_from(page.text)},
    )
    assert "отклонён" in again.text
    # The other region's member cannot be ordered by reference either.
    foreign = client.post(
        "/orders/new",
        data={
            "q": "x",
            "member_ref": str(world["m50"].onec_ref),
            "reason": "first",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert "отклонён" in foreign.text
    orders = db.scalars(select(CardOrder)).all()
    assert [(o.region_id, o.source.value) for o in orders] == [(world["r77"].id, "web")]


def test_auditor_reads_but_cannot_change(login_as: Any, cards: dict[str, Card]) -> None:
    client = login_as("auditor")
    card = cards["77"]
    page = client.get(f"/cards/{card.number}")
    assert page.status_code == 200 and 'id="mark-issued"' not in page.text
    resp = client.post(
        f"/cards/{card.number}/mark", data={"status": "issued", "csrf_token": csrf_from(page.text)}
    )
    assert resp.status_code == 403
    assert client.get("/cards/handout").status_code == 403
    assert client.get("/orders/new").status_code == 403


def test_uploads_and_members_of_another_region_are_404(
    login_as: Any, db: Session, settings: Any, world: dict[str, Any]
) -> None:
    from gateway.orders.uploads import create_upload

    csv = "Фамилия;Имя;Дата рождения\nПетрова;Мария;17.05.1980\n".encode()
    other = create_upload(
        db,
        settings,
        region_id=world["r50"].id,
        submitted_by="test",
        filename="x.csv",
        content=csv,
        all_or_nothing=False,
    )
    own = create_upload(
        db,
        settings,
        region_id=world["r77"].id,
        submitted_by="test",
        filename="own.csv",
        content=csv,
        all_or_nothing=False,
    )
    client = login_as("reg77")
    for url in (
        f"/uploads/{other.public_id}",
        f"/uploads/{other.public_id}/progress.json",
        f"/uploads/{other.public_id}/report.csv",
        f"/uploads/{other.public_id}/report.xlsx",
        f"/members/{world['m50'].id}",
    ):
        assert client.get(url).status_code == 404, url
    assert client.get(f"/uploads/{own.public_id}/progress.json").get_json()["state"] == "queued"
    assert client.get(f"/members/{world['m77'].id}").status_code == 200
    listing = client.get("/uploads").text
    assert "own.csv" in listing and "x.csv" not in listing
    # The operator sees both.
    operator = login_as("operator")
    assert operator.get(f"/uploads/{other.public_id}").status_code == 200


def test_unreadable_upload_is_refused_in_russian(login_as: Any, db: Session) -> None:
    from gateway.models import Upload

    client = login_as("reg77")
    page = client.get("/uploads/new")
    bad = "Фамилия;Имя;Дата рожденья\nИванова;Мария;17.05.1980\n".encode()
    resp = client.post(
        "/uploads/new",
        data={"csrf_token": csrf_from(page.text), "file": (io.BytesIO(bad), "заказы.csv")},
        content_type="multipart/form-data",
    )
    assert resp.status_code == 422
    assert "Дата рожденья" in resp.text  # the message names the unknown column
    none = client.post("/uploads/new", data={"csrf_token": csrf_from(page.text)})
    assert none.status_code == 422 and "Выберите файл" in none.text
    assert db.scalars(select(Upload)).all() == []
