"""A batch made by an outside bureau, end to end over the API with a stand-in bureau: the package is
encrypted to the bureau and signed by the union, the bureau's signed manifest completes the batch
with the same states, events and 1C outbox messages as a print station; a malformed or foreign
manifest is refused with a Russian message and changes nothing."""

from __future__ import annotations

import hashlib
from pathlib import Path
from typing import Any

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey
from sqlalchemy import func, select

from gateway.bureau import envelope
from gateway.bureau.package import read_content
from gateway.models import (
    BatchState,
    Card,
    CardOrder,
    CardPrintAttempt,
    CardState,
    Event,
    OneCStatus,
    OrderState,
    OutboxMessage,
    PrintBatch,
)
from gateway.models.production import BureauExport
from gateway.printing.keys import signing_key
from tests.conftest import make_test_settings
from tests.factories import auth

from .bureau_standin import StandInBureau
from .conftest import make_batch


@pytest.fixture()
def bureau() -> StandInBureau:
    return StandInBureau("acme")


@pytest.fixture()
def bapp(session_factory: Any, signing_key_file: Path, bureau: StandInBureau) -> Any:
    from gateway.app import create_app

    application = create_app(
        make_test_settings(
            printing={"signing_key_path": str(signing_key_file), "bureaus": {"acme": bureau.settings_entry()}}
        )
    )
    application.extensions["gateway.sessionmaker"] = session_factory
    return application


def _union_key(app: Any) -> Any:
    return signing_key(app.extensions["gateway.settings"]).public_key()


def _export(client: Any, batch_id: int, token: str) -> bytes:
    resp = client.post(
        f"/api/v1/batches/{batch_id}/bureau/export", json={"bureau": "acme"}, headers=auth(token)
    )
    assert resp.status_code == 200, resp.data[:300]
    return resp.data


def _cards(db: Any, batch_id: int) -> dict[str, Card]:
    db.expire_all()
    return {c.number: c for c in db.scalars(select(Card).where(Card.batch_id == batch_id))}


def test_batch_made_by_a_bureau_completes_like_an_in_house_run(
    bapp: Any, bureau: StandInBureau, db: Any
) -> None:
    demo = make_batch(bapp, {"77": 2, "50": 1})
    client = bapp.test_client()
    package = _export(client, demo.batch_id, demo.operator)
    assert package.startswith(b"EPBX1\n") and "Тестова".encode() not in package  # encrypted
    cards = _cards(db, demo.batch_id)
    assert {c.state for c in cards.values()} == {CardState.PRINTING}
    assert db.get(PrintBatch, demo.batch_id).state is BatchState.PRINTING

    spoiled_number = sorted(cards)[0]
    manifest, rows = bureau.produce(package, _union_key(bapp), spoil={spoiled_number})
    assert {r["card_number"] for r in rows} == set(cards) and rows[0]["surname"].startswith("Тестова")
    first = client.post(
        f"/api/v1/batches/{demo.batch_id}/bureau/manifest", data=manifest, headers=auth(demo.operator)
    )
    assert first.status_code == 200, first.json
    assert first.json == {
        "batch_id": demo.batch_id,
        "export_id": first.json["export_id"],
        "produced": 2,
        "spoiled": 1,
        "replacements_queued": 1,
        "batch_state": "printing",
    }

    # The replacement goes to the bureau in a second package of the same batch.
    second_package = _export(client, demo.batch_id, demo.operator)
    manifest2, rows2 = bureau.produce(second_package, _union_key(bapp))
    assert len(rows2) == 1 and rows2[0]["card_number"] not in cards
    done = client.post(
        f"/api/v1/batches/{demo.batch_id}/bureau/manifest", data=manifest2, headers=auth(demo.operator)
    )
    assert done.status_code == 200 and done.json["batch_state"] == "produced"

    db.expire_all()
    batch = db.get(PrintBatch, demo.batch_id)
    assert batch.state is BatchState.PRODUCED and batch.station == "bureau:acme"
    final = _cards(db, demo.batch_id)
    produced = [c for c in final.values() if c.state is CardState.PRODUCED]
    assert len(produced) == 3 and all(c.chip_uid and len(c.chip_uid) == 14 for c in produced)
    assert final[spoiled_number].state is CardState.SPOILED
    orders = db.scalars(select(CardOrder).where(CardOrder.batch_id == demo.batch_id)).all()
    assert {o.state for o in orders} == {OrderState.PRODUCED} and len(orders) == 3
    # The same trail as a station: events with the UID, closed attempts, 1C "produced" per card.
    for card in produced:
        event = db.scalar(
            select(Event).where(
                Event.entity_type == "card", Event.entity_id == card.id, Event.to_state == "produced"
            )
        )
        assert event.actor == "bureau:acme" and event.data["chip_uid"] == card.chip_uid
        attempt = db.scalar(select(CardPrintAttempt).where(CardPrintAttempt.card_id == card.id))
        assert attempt.outcome.value == "produced" and attempt.chip_uid == card.chip_uid
        assert (
            db.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.card_id == card.id, OutboxMessage.status == OneCStatus.PRODUCED)
            )
            == 1
        )
    exports = client.get(f"/api/v1/batches/{demo.batch_id}/bureau/exports", headers=auth(demo.operator)).json
    assert [e["state"] for e in exports] == ["completed", "completed"]


def _snapshot(db: Any, batch_id: int) -> tuple[Any, ...]:
    db.expire_all()
    return (
        db.get(PrintBatch, batch_id).state,
        tuple(sorted((c.number, c.state, c.chip_uid) for c in _cards(db, batch_id).values())),
        db.scalar(select(func.count()).select_from(Event)),
        db.scalar(select(func.count()).select_from(OutboxMessage)),
        tuple(e.state for e in db.scalars(select(BureauExport).order_by(BureauExport.id))),
    )


def test_malformed_or_foreign_manifest_is_refused_and_changes_nothing(
    bapp: Any, bureau: StandInBureau, db: Any
) -> None:
    demo = make_batch(bapp, {"77": 2})
    client = bapp.test_client()
    package = _export(client, demo.batch_id, demo.operator)
    url = f"/api/v1/batches/{demo.batch_id}/bureau/manifest"
    before = _snapshot(db, demo.batch_id)

    good, _ = bureau.produce(package, _union_key(bapp))
    foreign, _ = bureau.produce(package, _union_key(bapp), signer=Ed25519PrivateKey.generate())
    tampered = bytearray(good)
    tampered[40] ^= 0x01
    cases = {
        "manifest_foreign": [foreign, bytes(tampered)],
        "manifest_malformed": [b"", b"garbage", good[:-10], good + b"x"],
    }
    for code, bodies in cases.items():
        for body in bodies:
            resp = client.post(url, data=body, headers=auth(demo.operator))
            assert resp.status_code == 422 and resp.json["error"]["code"] == code, (code, resp.json)
            assert "Данные не изменены" in resp.json["error"]["message"]
            assert _snapshot(db, demo.batch_id) == before

    # Signed by the bureau, but not an answer to this package / not about its cards.
    def signed(**changes: Any) -> bytes:
        header, content = envelope.open_package(package, bureau.decryption_key, _union_key(bapp))
        numbers = [r["card_number"] for r in read_content(content)[0]]
        body = {
            "batch_id": header["batch_id"],
            "bureau": "acme",
            "package_sha256": hashlib.sha256(package).hexdigest(),
            "cards": [
                {"card_number": n, "result": "produced", "chip_uid": "04A1B2C3D4E5F6"} for n in numbers
            ],
        }
        body.update(changes)
        return envelope.sign_manifest(body, bureau.signing_key)

    refusals = {
        "manifest_unknown_package": signed(package_sha256="0" * 64),
        "manifest_other_batch": signed(batch_id=demo.batch_id + 1000),
        "manifest_incomplete": signed(
            cards=[
                {
                    "card_number": sorted(_cards(db, demo.batch_id))[0],
                    "result": "produced",
                    "chip_uid": "04A1B2C3",
                }
            ]
        ),
        "manifest_cards_unknown": signed(
            cards=[{"card_number": "4276000000000017", "result": "produced", "chip_uid": "04A1B2C3"}]
        ),
    }
    for code, body in refusals.items():
        resp = client.post(url, data=body, headers=auth(demo.operator))
        assert resp.status_code == 422 and resp.json["error"]["code"] == code, (code, resp.json)
        assert _snapshot(db, demo.batch_id) == before

    assert client.post(url, data=good, headers=auth(demo.operator)).status_code == 200
    again = client.post(url, data=good, headers=auth(demo.operator))
    assert again.status_code == 409 and again.json["error"]["code"] == "manifest_already_imported"
    assert "уже загружен" in again.json["error"]["message"]


def test_package_opens_only_for_its_bureau_and_only_as_signed(bapp: Any, bureau: StandInBureau) -> None:
    demo = make_batch(bapp, {"77": 1})
    package = _export(bapp.test_client(), demo.batch_id, demo.operator)
    with pytest.raises(envelope.EnvelopeError) as other_bureau:
        envelope.open_package(package, X25519PrivateKey.generate(), _union_key(bapp))
    assert other_bureau.value.code == "not_for_us"
    tampered = bytearray(package)
    tampered[len(package) // 2] ^= 0x01
    with pytest.raises(envelope.EnvelopeError) as changed:
        envelope.open_package(bytes(tampered), bureau.decryption_key, _union_key(bapp))
    assert changed.value.code == "bad_signature"
    with pytest.raises(envelope.EnvelopeError):
        envelope.open_package(package, bureau.decryption_key, Ed25519PrivateKey.generate().public_key())


def test_unknown_bureau_and_batch_elsewhere_are_refused(bapp: Any) -> None:
    demo = make_batch(bapp, {"77": 1})
    client = bapp.test_client()
    unknown = client.post(
        f"/api/v1/batches/{demo.batch_id}/bureau/export", json={"bureau": "nope"}, headers=auth(demo.operator)
    )
    assert unknown.status_code == 422 and "не настроено" in unknown.json["error"]["message"]
    not_sent = client.post(
        f"/api/v1/batches/{demo.batch_id}/bureau/manifest", data=b"x", headers=auth(demo.operator)
    )
    assert not_sent.status_code == 409 and not_sent.json["error"]["code"] == "batch_not_at_bureau"


def test_pausing_and_cancelling_a_bureau_batch_leaves_no_station_and_no_card_printing(
    bapp: Any, db: Any
) -> None:
    from gateway.models import PrintStation

    demo = make_batch(bapp, {"77": 2})
    client = bapp.test_client()
    _export(client, demo.batch_id, demo.operator)
    r = client.post(f"/api/v1/batches/{demo.batch_id}/pause", headers=auth(demo.operator))
    assert r.status_code == 200 and r.json["state"] == "paused", r.json
    assert db.scalar(select(func.count()).select_from(PrintStation)) == 0
    r = client.post(f"/api/v1/batches/{demo.batch_id}/cancel", headers=auth(demo.operator))
    assert r.status_code == 200, r.json
    cards = _cards(db, demo.batch_id)
    # The bureau may have made them: the operator decides, nothing is printed again or lost.
    assert {c.state for c in cards.values()} == {CardState.NEEDS_INSPECTION}
    good, bad = sorted(cards)
    for number, result in ((good, "produced"), (bad, "spoiled")):
        r = client.post(
            f"/api/v1/cards/{number}/resolve", json={"result": result}, headers=auth(demo.operator)
        )
        assert r.status_code == 200, r.json
    db.expire_all()
    orders = {o.id: o.state for o in db.scalars(select(CardOrder))}
    cards = _cards(db, demo.batch_id)
    assert orders[cards[good].order_id] is OrderState.PRODUCED
    assert orders[cards[bad].order_id] is OrderState.ACCEPTED
    assert db.scalar(select(func.count()).select_from(PrintStation)) == 0
