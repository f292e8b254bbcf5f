"""Batch PDF, card preview, packing lists scoped by region, and the public verification page."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from card_printing.payload import decode_text, encode_text
from gateway.db.session import unit_of_work
from gateway.lifecycle import transition
from gateway.models import Card, CardState
from gateway.printing.cards import card_data_for
from gateway.printing.keys import signing_key
from tests.conftest import make_test_settings
from tests.factories import auth

from .conftest import make_batch


@pytest.fixture()
def papp(session_factory: Any, signing_key_file: Path) -> Any:
    """The app with a known signing key (the rolled-back session of the ``app`` fixture)."""
    from gateway.app import create_app

    application = create_app(make_test_settings(printing={"signing_key_path": str(signing_key_file)}))
    application.extensions["gateway.sessionmaker"] = session_factory
    return application


def _produce_all(app: Any, batch_id: int) -> list[str]:
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        cards = list(s.scalars(select(Card).where(Card.batch_id == batch_id).order_by(Card.id)))
        for card in cards:
            transition(s, card, CardState.PRINTING, actor="test")
            transition(s, card, CardState.PRODUCED, actor="test")
        return [c.number for c in cards]


def _payload(app: Any, number: str) -> str:
    settings = app.extensions["gateway.settings"]
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        card = s.scalar(select(Card).where(Card.number == number))
        return card_data_for(s, [card], signing_key(settings))[0].payload


def test_packing_lists_are_scoped_by_region(papp: Any) -> None:
    demo = make_batch(papp, {"77": 2, "50": 1})
    numbers = _produce_all(papp, demo.batch_id)
    client = papp.test_client()
    url = f"/api/v1/batches/{demo.batch_id}/packing-list"

    everything = client.get(url + ".csv", headers=auth(demo.operator))
    assert everything.status_code == 200
    rows = list(csv.reader(io.StringIO(everything.data.decode("utf-8-sig")), delimiter=";"))
    assert {r[2] for r in rows[1:]} == set(numbers)

    own = client.get(url + ".csv", headers=auth(demo.region_tokens["50"]))
    rows = list(csv.reader(io.StringIO(own.data.decode("utf-8-sig")), delimiter=";"))
    assert len(rows) == 2 and rows[1][0].startswith("50 ")
    # Another region's list answers exactly like a list that does not exist.
    other = client.get(url + ".csv?region=77", headers=auth(demo.region_tokens["50"]))
    assert other.status_code == 404 and other.json["error"]["code"] == "batch_not_found"
    only77 = client.get(url + ".pdf?region=77", headers=auth(demo.operator))
    assert only77.status_code == 200 and only77.data.startswith(b"%PDF")
    unknown = client.get(url + ".csv?region=99", headers=auth(demo.operator))
    assert unknown.status_code == 404 and "99" in unknown.json["error"]["message"]


def test_batch_pdf_and_preview(papp: Any) -> None:
    demo = make_batch(papp, {"77": 2})
    client = papp.test_client()
    pdf = client.get(f"/api/v1/batches/{demo.batch_id}/print.pdf", headers=auth(demo.operator))
    assert pdf.status_code == 200 and pdf.data.startswith(b"%PDF")
    assert b"/Count 4 " in pdf.data  # two cards: a front and a back page each
    number = _produce_all(papp, demo.batch_id)[0]
    png = client.get(f"/api/v1/cards/{number}/preview.png", headers=auth(demo.region_tokens["77"]))
    assert png.status_code == 200 and png.data.startswith(b"\x89PNG")
    assert (
        client.get(
            f"/api/v1/batches/{demo.batch_id}/print.pdf", headers=auth(demo.region_tokens["77"])
        ).status_code
        == 403
    )


def test_verify_page_good_tampered_withdrawn(papp: Any) -> None:
    demo = make_batch(papp, {"77": 2})
    good, other = _produce_all(papp, demo.batch_id)
    client = papp.test_client()
    text = _payload(papp, good)

    page = client.get(f"/verify/{text}")
    html = page.data.decode()
    assert page.status_code == 200 and 'data-verdict="valid"' in html and "Билет подлинный" in html
    assert "Тестова" not in html  # no holder's name, only what the card shows
    assert " ".join(good[i : i + 4] for i in range(0, 16, 4)) in html

    blob = bytearray(decode_text(text))
    blob[10] ^= 0x01  # one bit of the card number changed
    tampered = client.get(f"/verify/{encode_text(bytes(blob))}").data.decode()
    assert 'data-verdict="forged"' in tampered and good not in tampered
    assert 'data-verdict="forged"' in client.get("/verify/EPB1:NOTBASE32!").data.decode()

    with unit_of_work(papp.extensions["gateway.sessionmaker"]) as s:
        card = s.scalar(select(Card).where(Card.number == good))
        transition(s, card, CardState.WITHDRAWN, actor="test")
    assert 'data-verdict="withdrawn"' in client.get(f"/verify/{text}").data.decode()
    with unit_of_work(papp.extensions["gateway.sessionmaker"]) as s:
        card = s.scalar(select(Card).where(Card.number == other))
        transition(s, card, CardState.DISPATCHED, actor="test")
        transition(s, card, CardState.ISSUED, actor="test")
    assert 'data-verdict="issued"' in client.get(f"/verify/{_payload(papp, other)}").data.decode()
