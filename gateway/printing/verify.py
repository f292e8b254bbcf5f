"""The public card verification page: ``/verify/<payload text>`` (the text the QR code carries).

Anyone holding a card can check it: the signature is verified with the issuer's public key, then
the card's state is looked up. The page shows only what the card itself shows (its number and
issue date) and the verdict — never the holder's name or anything else from the registry.
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any

from flask import Blueprint, current_app, jsonify, render_template_string, request
from sqlalchemy import exists, select
from sqlalchemy.orm import aliased

from card_printing.card_data import format_card_number
from card_printing.payload import TEXT_PREFIX, CardPayload, PayloadError, verify, verify_chip, verify_text
from gateway.db.request_session import get_session
from gateway.models import Card, CardState, Member
from gateway.printing.keys import signing_key
from gateway.virtual.validity import VOID_TEXT, Validity, VoidReason, card_validity

verify_bp = Blueprint("verify", __name__)


class Verdict(enum.StrEnum):
    VALID = "valid"  # genuine, produced, not yet handed out
    ISSUED = "issued"  # genuine and handed to the member
    WITHDRAWN = "withdrawn"  # genuine but no longer valid (replaced, cancelled, refused)
    FORGED = "forged"  # signature or content does not check out


VERDICT_TEXT = {
    Verdict.VALID: ("Билет подлинный", "Электронный профсоюзный билет выпущен Профсоюзом и действителен."),
    Verdict.ISSUED: (
        "Билет подлинный и выдан",
        "Билет выпущен Профсоюзом, выдан члену Профсоюза и действителен.",
    ),
    Verdict.WITHDRAWN: ("Билет недействителен", "Билет был выпущен Профсоюзом, но больше не действителен."),
    Verdict.FORGED: (
        "Билет не подтверждён",
        "Данные билета не прошли проверку подписи: билет поддельный или повреждён.",
    ),
}

VALID_STATES = {CardState.PRODUCED, CardState.DISPATCHED}


@dataclass(frozen=True)
class Verification:
    verdict: Verdict
    payload: CardPayload | None = None
    reason: VoidReason | None = None  # why an invalid card is invalid, in neutral words (VOID_TEXT)


_NEWER = aliased(Card)  # one alias for every call: a new one per call would defeat the statement cache


def _card_status(number: str) -> tuple[Any, Validity] | None:
    """The card's row (state, member ref, chip UID, produced_at) and whether it is valid — the same
    rule as the partner API and the wallet pass (gateway.virtual.validity)."""
    newer = _NEWER
    replaced = exists().where(
        newer.member_id == Card.member_id, newer.id > Card.id, newer.state != CardState.SPOILED
    )
    row = (
        get_session()
        .execute(
            select(
                Card.state,
                Member.onec_ref,
                Card.chip_uid,
                Card.produced_at,
                Member.left_on,
                Member.deletion_mark,
                replaced,
            )
            .join(Member, Member.id == Card.member_id)
            .where(Card.number == number)
        )
        .first()
    )
    if row is None:
        return None
    validity = card_validity(row[0], member_left=row[4] is not None, member_deleted=row[5], replaced=row[6])
    return row, validity


def _verdict_of(state: CardState, validity: Validity) -> Verdict:
    if not validity.valid:
        return Verdict.WITHDRAWN
    # A virtual-only number is the member's card from the start: issued.
    return Verdict.ISSUED if state in (CardState.ISSUED, CardState.VIRTUAL) else Verdict.VALID


def verify_card(text: str) -> Verification:
    settings = current_app.extensions["gateway.settings"]
    try:
        payload = verify_text(text, signing_key(settings).public_key())
    except PayloadError:
        return Verification(Verdict.FORGED)
    found = _card_status(payload.card_number)
    if found is None or found[0][1] != payload.member_ref:
        # Signed, yet unknown here or for another member: never a card this gateway issued.
        return Verification(Verdict.FORGED, payload)
    row, validity = found
    return Verification(_verdict_of(row[0], validity), payload, validity.reason)


def verify_chip_read(uid_hex: str, blob: bytes) -> Verification:
    """What a reader took from a chip: the UID it reported and the payload the chip holds.

    Genuine only when the chip-bound signature checks out *with this UID* and the card was issued
    with this very chip: the bytes of a card copied onto another chip fail here."""
    settings = current_app.extensions["gateway.settings"]
    try:
        uid = bytes.fromhex(uid_hex)
        if blob[:1] == b"\x01":
            # A chip made by an outside bureau holds the v1 payload (the bureau has no signing key):
            # it is bound only online, by the UID the bureau's signed manifest recorded (checked below).
            payload = verify(blob, signing_key(settings).public_key())
        else:
            payload = verify_chip(blob, uid, signing_key(settings).public_key())
    except (ValueError, PayloadError):
        return Verification(Verdict.FORGED)
    found = _card_status(payload.card_number)
    if found is None or found[0][1] != payload.member_ref or (found[0][2] or "").upper() != uid.hex().upper():
        return Verification(Verdict.FORGED, payload)
    row, validity = found
    return Verification(_verdict_of(row[0], validity), payload, validity.reason)


PAGE = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Проверка профсоюзного билета</title>
<style>body{font-family:sans-serif;max-width:36em;margin:2em auto;padding:0 1em}
.v{padding:1em;border-radius:.5em}.valid,.issued{background:#e5f5e5}.withdrawn{background:#fff3d6}
.forged{background:#fbe3e3}</style></head>
<body><h1>Проверка электронного профсоюзного билета</h1>
<div class="v {{ verdict }}" data-verdict="{{ verdict }}"><h2>{{ title }}</h2><p>{{ text }}</p>
{% if reason %}<p data-reason="{{ reason }}">{{ reason_text }}</p>{% endif %}
{% if number %}<p>Номер билета: <b>{{ number }}</b><br>Дата выпуска: {{ issued }}</p>{% endif %}</div>
<p><small>Общероссийский Профсоюз образования. Страница показывает только сведения, напечатанные на самом
билете.</small></p></body></html>"""


@verify_bp.get("/verify/<path:text>")
def verify_page(text: str) -> Any:
    result = verify_card(text)
    title, body = VERDICT_TEXT[result.verdict]
    shown = result.payload if result.verdict is not Verdict.FORGED else None
    html = render_template_string(
        PAGE,
        verdict=result.verdict.value,
        title=title,
        text=body,
        number=format_card_number(shown.card_number) if shown else None,
        issued=shown.issue_date.strftime("%d.%m.%Y") if shown else None,
        reason=result.reason.value if result.reason else None,
        reason_text=VOID_TEXT[result.reason] if result.reason else None,
    )
    return html


@verify_bp.get("/verify/chip")
def verify_chip_api() -> Any:
    """For a reader app: ``?uid=<hex>&payload=<hex>`` as read from the chip (a GET: nothing changes,
    and no session or CSRF token is involved). Answers JSON: the verdict and, when genuine, the number
    and issue date (what the card shows)."""
    body = request.args
    try:
        blob = bytes.fromhex(str(body.get("payload", "")))
    except ValueError:
        blob = b""
    result = verify_chip_read(str(body.get("uid", "")), blob)
    title, text = VERDICT_TEXT[result.verdict]
    answer: dict[str, Any] = {"verdict": result.verdict.value, "title": title, "message": text}
    if result.verdict is not Verdict.FORGED and result.payload is not None:
        answer.update(
            card_number=result.payload.card_number, issue_date=result.payload.issue_date.isoformat()
        )
    if result.reason is not None:
        answer.update(reason=result.reason.value, reason_text=VOID_TEXT[result.reason])
    return jsonify(answer)


LINK_PAGE = """<!doctype html>
<html lang="ru"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Профсоюзный билет {{ number }}</title>
<style>body{font-family:sans-serif;max-width:36em;margin:2em auto;padding:0 1em}
.v{padding:1em;border-radius:.5em}.valid,.issued{background:#e5f5e5}.withdrawn{background:#fff3d6}
.unknown{background:#fbe3e3}</style></head>
<body><h1>Электронный профсоюзный билет</h1>
<div class="v {{ verdict }}" data-verdict="{{ verdict }}"><h2>{{ title }}</h2><p>{{ text }}</p>
{% if reason %}<p data-reason="{{ reason }}">{{ reason_text }}</p>{% endif %}
<p>Номер билета: <b>{{ number }}</b>{% if issued %}<br>Дата выпуска: {{ issued }}{% endif %}</p>
{% if uid %}<p data-chip-uid="{{ uid }}">Билет выпущен с чипом <b>{{ uid }}</b>. Если приложение NFC на телефоне
показывает у этой карты другой идентификатор (UID), чип скопирован и билет не подлинный.</p>{% endif %}</div>
<p><small>Общероссийский Профсоюз образования. Ссылка с чипа содержит только номер, напечатанный на билете;
подлинность данных билета подтверждает QR-код на его лицевой стороне.</small></p></body></html>"""

LINK_UNKNOWN = ("Билет не найден", "Билета с таким номером Профсоюз не выпускал. Билет поддельный.")


@verify_bp.get("/v/<number>")
def chip_link_page(number: str) -> Any:
    """One short address for both links a card carries: ``/v/<16 digits>`` is what an NTAG chip's
    NDEF link opens (the state of the card and the UID of the chip it was issued with);
    ``/v/EPB1:…`` is what the QR code holds (``[virtual] public_base_url``): the signed-payload
    verification, the same page as ``/verify/<payload>``. Only what the card itself shows, never the
    holder's name."""
    if number.upper().startswith(TEXT_PREFIX):
        return verify_page(number)
    found = None
    if number.isdigit() and len(number) == 16:
        found = _card_status(number)
    row = (found[0][0], found[0][2], found[0][3]) if found else None
    if row is None or row[0] is CardState.SPOILED:
        title, body = LINK_UNKNOWN
        html = render_template_string(
            LINK_PAGE,
            verdict="unknown",
            title=title,
            text=body,
            number=format_card_number(number) if number.isdigit() else "—",
            issued=None,
            uid=None,
        )
        return html, 404
    validity = found[1]  # type: ignore[index]
    verdict = _verdict_of(row[0], validity)
    title, body = VERDICT_TEXT[verdict]
    return render_template_string(
        LINK_PAGE,
        verdict=verdict.value,
        title=title,
        text=body,
        number=format_card_number(number),
        issued=row[2].strftime("%d.%m.%Y") if row[2] else None,
        uid=row[1],
        reason=validity.reason.value if validity.reason else None,
        reason_text=VOID_TEXT[validity.reason] if validity.reason else None,
    )
