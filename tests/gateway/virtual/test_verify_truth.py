"""/verify tells the truth: a card whose holder left the union or was deleted in 1C, or a withdrawn
or replaced card, is «недействителен» with a neutral reason and no personal data; the page, the
QR link (/v/<payload>) and the partner API agree."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from sqlalchemy.orm import Session

from gateway.lifecycle import transition
from gateway.models import Card, CardState, Member, OrderReason
from gateway.settings import Settings

from .conftest import Partner, order


def _payload(client: Any, member: Member, p: Partner) -> str:
    return client.get(f"/api/v1/partner/members/{member.onec_ref}/card", headers=p.headers).json["payload"]


def _left(db: Session, member: Member, card: Card) -> None:
    member.left_on = dt.date(2025, 9, 1)


def _deleted(db: Session, member: Member, card: Card) -> None:
    member.deletion_mark = True


def _withdrawn(db: Session, member: Member, card: Card) -> None:
    transition(db, card, CardState.WITHDRAWN, actor="test", reason="cancelled")


@pytest.mark.parametrize(
    ("change", "reason", "text"),
    [
        (_left, "membership_ended", "Членство в Профсоюзе по этому билету прекращено."),
        (_deleted, "record_closed", "Учётная запись этого билета закрыта в реестре Профсоюза."),
        (_withdrawn, "withdrawn", "Билет аннулирован."),
    ],
)
def test_invalid_card_everywhere_with_a_neutral_reason(
    client: Any,
    db: Session,
    settings: Settings,
    member: Member,
    full_partner: Partner,
    change: Any,
    reason: str,
    text: str,
) -> None:
    card = order(db, settings, member)
    payload = _payload(client, member, full_partner)
    assert 'data-verdict="issued"' in client.get(f"/verify/{payload}").data.decode()
    change(db, member, card)
    db.flush()
    for url in (f"/verify/{payload}", f"/v/{payload}"):
        html = client.get(url).data.decode()
        assert "Билет недействителен" in html and f'data-reason="{reason}"' in html and text in html
        assert member.surname not in html and "17.05.1980" not in html
    api = client.get(f"/api/v1/partner/members/{member.onec_ref}/card", headers=full_partner.headers).json
    assert api["valid"] is False and api["void_reason"] == reason and api["pass_url"] is None


def test_replaced_card_says_replaced_and_the_new_one_is_valid(
    client: Any, db: Session, settings: Settings, member: Member, full_partner: Partner
) -> None:
    order(db, settings, member)
    old = _payload(client, member, full_partner)
    order(db, settings, member, reason=OrderReason.DAMAGED)
    new = _payload(client, member, full_partner)
    old_page = client.get(f"/verify/{old}").data.decode()
    assert 'data-reason="replaced"' in old_page and "Билет заменён билетом с другим номером." in old_page
    assert 'data-verdict="issued"' in client.get(f"/verify/{new}").data.decode()


def test_the_qr_link_carries_the_payload_and_offline_checks_read_it(
    client: Any, db: Session, settings: Settings, member: Member, full_partner: Partner
) -> None:
    from card_printing.payload import verify_text
    from gateway.printing.keys import signing_key

    card = order(db, settings, member)
    body = client.get(f"/api/v1/partner/members/{member.onec_ref}/card", headers=full_partner.headers).json
    link = body["verify_url"]
    assert link.endswith("/v/" + body["payload"])
    # Offline: the public key alone checks the payload inside the link.
    assert verify_text(link, signing_key(settings).public_key()).card_number == card.number
    # Online: the phone camera opens the link; the chip's /v/<number> keeps working beside it.
    assert 'data-verdict="issued"' in client.get("/v/" + body["payload"]).data.decode()
    assert client.get(f"/v/{card.number}").status_code == 200
