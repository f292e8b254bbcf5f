"""Partner API: scopes per partner, the member's card by 1C reference, self-check with the same
answer for an unknown number and a wrong date, and its throttle."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from card_printing.payload import verify_text
from gateway.models import CardForm, Member, OrderReason, TokenKind
from gateway.printing.keys import signing_key
from gateway.settings import Settings
from gateway.virtual.models import PartnerScope
from gateway.virtual.schemas import PartnerCard
from tests.factories import auth, make_member, make_primary, make_region, make_token

from .conftest import Partner, order, partner


def test_member_card_by_ref_with_payload_png_and_forms(
    client: Any, db: Session, settings: Settings, member: Member, full_partner: Partner
) -> None:
    card = order(db, settings, member)
    answer = client.get(f"/api/v1/partner/members/{member.onec_ref}/card", headers=full_partner.headers)
    assert answer.status_code == 200
    body = PartnerCard.model_validate(answer.json)
    assert body.card_number == card.number and body.valid and body.forms == ["virtual"]
    assert body.state == "virtual" and body.issue_date == dt.date.today()
    assert verify_text(body.payload, signing_key(settings).public_key()).card_number == card.number
    assert body.verify_url.endswith(f"/v/{body.payload}")
    png = client.get(f"/api/v1/partner/members/{member.onec_ref}/card.png", headers=full_partner.headers)
    assert png.status_code == 200 and png.mimetype == "image/png" and png.data[:8] == b"\x89PNG\r\n\x1a\n"
    # The document describes the route and the answer's shape comes from the same model.
    doc = client.get("/api/v1/openapi.json").json
    ok = doc["paths"]["/api/v1/partner/members/{ref}/card"]["get"]["responses"]["200"]
    assert ok["content"]["application/json"]["schema"] == {"$ref": "#/components/schemas/PartnerCard"}
    assert doc["components"]["schemas"]["PartnerCard"]["properties"]["forms"]


def test_scopes_are_per_partner_and_other_tokens_are_refused(
    client: Any, db: Session, settings: Settings, member: Member
) -> None:
    order(db, settings, member)
    url = f"/api/v1/partner/members/{member.onec_ref}/card"
    only_self_check = partner(db, PartnerScope.SELF_CHECK)
    assert client.get(url, headers=only_self_check.headers).status_code == 403
    assert client.get(url, headers=auth(make_token(db, TokenKind.OPERATOR))).status_code == 403
    assert client.get(url).status_code == 401
    reader = partner(db, PartnerScope.CARD_READ)
    assert client.get(url, headers=reader.headers).status_code == 200
    check = {"card_number": "0" * 16, "birth_date": "1980-05-17"}
    assert client.post("/api/v1/partner/self-check", json=check, headers=reader.headers).status_code == 403


def test_self_check_same_answer_for_unknown_number_and_wrong_date(
    client: Any, db: Session, settings: Settings, member: Member, full_partner: Partner
) -> None:
    card = order(db, settings, member)
    spaced = " ".join(card.number[i : i + 4] for i in range(0, 16, 4))
    ok = client.post(
        "/api/v1/partner/self-check", json={"card_number": spaced, "birth_date": "1980-05-17"},
        headers=full_partner.headers,
    )  # fmt: skip
    assert ok.status_code == 200 and ok.json["card_number"] == card.number
    assert ok.json["member_ref"] == str(member.onec_ref)
    wrong_date = client.post(
        "/api/v1/partner/self-check", json={"card_number": card.number, "birth_date": "1980-05-18"},
        headers=full_partner.headers,
    )  # fmt: skip
    unknown = client.post(
        "/api/v1/partner/self-check", json={"card_number": "9643007700000000", "birth_date": "1980-05-17"},
        headers=full_partner.headers,
    )  # fmt: skip
    assert wrong_date.status_code == unknown.status_code == 404
    assert wrong_date.json == unknown.json
    bad = client.post(
        "/api/v1/partner/self-check", json={"card_number": card.number}, headers=full_partner.headers
    )
    assert bad.status_code == 400 and bad.json["error"]["details"][0]["field"] == "birth_date"


def test_self_check_is_throttled_per_card_even_for_the_right_date(
    committed_app: Any, settings: Settings
) -> None:
    # Committed for real: a failed check's request rolls back, and its attempt must count all the same
    # (in the rolled-back fixtures every session shares one transaction, which would hide that).
    with committed_app.extensions["gateway.sessionmaker"]() as db:
        member = make_member(db, make_primary(db, make_region(db, "77")))
        card = order(db, settings, member)
        p = partner(db, *PartnerScope)
        number = card.number
        db.commit()
    client = committed_app.test_client()
    limit = settings.virtual.self_check_max_failures_per_card
    for _ in range(limit):
        r = client.post(
            "/api/v1/partner/self-check",
            json={"card_number": number, "birth_date": "2001-01-01"},
            headers=p.headers,
        )
        assert r.status_code == 404
    right = client.post(
        "/api/v1/partner/self-check",
        json={"card_number": number, "birth_date": "1980-05-17"},
        headers=p.headers,
    )
    assert right.status_code == 429 and right.json["error"]["code"] == "too_many_attempts"


def test_reissue_voids_the_old_card_for_the_partner_and_the_page(
    client: Any, db: Session, settings: Settings, member: Member, full_partner: Partner
) -> None:
    old = order(db, settings, member)
    payload = client.get(
        f"/api/v1/partner/members/{member.onec_ref}/card", headers=full_partner.headers
    ).json["payload"]
    new = order(db, settings, member, reason=OrderReason.LOST, form=CardForm.VIRTUAL)
    body = client.get(f"/api/v1/partner/members/{member.onec_ref}/card", headers=full_partner.headers).json
    assert body["card_number"] == new.number and body["valid"]
    page = client.get(f"/v/{payload}").data.decode()
    assert (
        'data-verdict="withdrawn"' in page
        and 'data-reason="replaced"' in page
        and "Билет недействителен" in page
    )
    assert old.number[:4] in page and "Иванова" not in page
