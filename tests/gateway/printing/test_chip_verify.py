"""Verifying a chip online: the payload must be bound to the UID the card was issued with; the NTAG
link page shows the card's state and that UID, never the holder's name."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from card_printing.payload import bind_to_chip, decode_text
from gateway.db.session import unit_of_work
from gateway.lifecycle import transition
from gateway.models import Card, CardState
from gateway.printing.cards import card_data_for
from gateway.printing.keys import signing_key
from tests.conftest import make_test_settings

from .conftest import make_batch

UID = "04A1B2C3D4E5F6"


@pytest.fixture()
def papp(session_factory: Any, signing_key_file: Path) -> Any:
    from gateway.app import create_app

    application = create_app(make_test_settings(printing={"signing_key_path": str(signing_key_file)}))
    application.extensions["gateway.sessionmaker"] = session_factory
    return application


def _produced_card(app: Any) -> tuple[str, bytes]:
    """One produced card issued with chip ``UID``, and the chip-bound payload the station wrote."""
    demo = make_batch(app, {"77": 1})
    settings = app.extensions["gateway.settings"]
    with unit_of_work(app.extensions["gateway.sessionmaker"]) as s:
        card = s.scalar(select(Card).where(Card.batch_id == demo.batch_id))
        transition(s, card, CardState.PRINTING, actor="test")
        card.chip_uid = UID
        transition(s, card, CardState.PRODUCED, actor="test")
        key = signing_key(settings)
        v1 = decode_text(card_data_for(s, [card], key)[0].payload)
        return card.number, bind_to_chip(v1, bytes.fromhex(UID), key)


def test_chip_read_is_genuine_only_with_its_own_uid(papp: Any) -> None:
    number, chip = _produced_card(papp)
    client = papp.test_client()
    good = client.get(f"/verify/chip?uid={UID}&payload={chip.hex()}").json
    assert good["verdict"] == "valid" and good["card_number"] == number
    # The same bytes read from another chip (a copy): refused.
    copy = client.get(f"/verify/chip?uid=04A1B2C3D4E5F7&payload={chip.hex()}").json
    assert copy["verdict"] == "forged" and "card_number" not in copy
    assert "поддельный" in copy["message"]
    assert client.get("/verify/chip?uid=zz&payload=00").json["verdict"] == "forged"


def test_bureau_chip_with_the_printed_payload_is_bound_by_its_recorded_uid(papp: Any) -> None:
    number, chip = _produced_card(papp)
    with unit_of_work(papp.extensions["gateway.sessionmaker"]) as s:
        card = s.scalar(select(Card).where(Card.number == number))
        v1 = decode_text(
            card_data_for(s, [card], signing_key(papp.extensions["gateway.settings"]))[0].payload
        )
    client = papp.test_client()
    # A bureau writes the v1 payload; the manifest recorded the chip's UID: genuine on that chip only.
    assert client.get(f"/verify/chip?uid={UID}&payload={v1.hex()}").json["verdict"] == "valid"
    assert client.get(f"/verify/chip?uid=04A1B2C3D4E5F7&payload={v1.hex()}").json["verdict"] == "forged"


def test_chip_link_page_shows_state_and_issuing_chip_uid(papp: Any) -> None:
    number, _ = _produced_card(papp)
    client = papp.test_client()
    page = client.get(f"/v/{number}")
    html = page.data.decode()
    assert page.status_code == 200 and 'data-verdict="valid"' in html
    assert f'data-chip-uid="{UID}"' in html and "Тестова" not in html
    unknown = client.get("/v/4276000000000017")
    assert (
        unknown.status_code == 404 and "Билета с таким номером Профсоюз не выпускал" in unknown.data.decode()
    )
