"""The public card verification pages: ``/verify/<payload text>`` (the text the QR code carries),
``/verify/chip`` (JSON for a reader app) and ``/v/<number>`` (what a chip's link opens).

No login: anyone holding a card can check it. The verdict comes from
:mod:`gateway.printing.verification`; the pages show only what the card itself shows (its number
and issue date) and the verdict — never the holder's name or anything else from the registry.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, jsonify, render_template, request

from card_printing.card_data import format_card_number
from card_printing.payload import TEXT_PREFIX
from gateway.db.request_session import get_session, get_settings_from_app
from gateway.models import CardState
from gateway.printing.keys import signing_key
from gateway.printing.verification import Verdict, card_status, verdict_of, verify_card, verify_chip_read
from gateway.texts import ru

bp = Blueprint("verify", __name__)


def _public_key() -> Any:
    return signing_key(get_settings_from_app()).public_key()


@bp.get("/verify/<path:text>")
def verify_page(text: str) -> Any:
    result = verify_card(get_session(), _public_key(), text)
    title, body = ru.CARD_VERDICTS[result.verdict.value]
    shown = result.payload if result.verdict is not Verdict.FORGED else None
    return render_template(
        "verify/card.html",
        verdict=result.verdict.value,
        title=title,
        text=body,
        number=format_card_number(shown.card_number) if shown else None,
        issued=shown.issue_date.strftime("%d.%m.%Y") if shown else None,
        reason=result.reason.value if result.reason else None,
        reason_text=ru.VOID_REASONS[result.reason] if result.reason else None,
    )


@bp.get("/verify/chip")
def verify_chip_api() -> Any:
    """For a reader app: ``?uid=<hex>&payload=<hex>`` as read from the chip (a GET: nothing changes,
    and no session or CSRF token is involved). Answers JSON: the verdict and, when genuine, the number
    and issue date (what the card shows)."""
    body = request.args
    try:
        blob = bytes.fromhex(str(body.get("payload", "")))
    except ValueError:
        blob = b""
    result = verify_chip_read(get_session(), _public_key(), str(body.get("uid", "")), blob)
    title, text = ru.CARD_VERDICTS[result.verdict.value]
    answer: dict[str, Any] = {"verdict": result.verdict.value, "title": title, "message": text}
    if result.verdict is not Verdict.FORGED and result.payload is not None:
        answer.update(
            card_number=result.payload.card_number, issue_date=result.payload.issue_date.isoformat()
        )
    if result.reason is not None:
        answer.update(reason=result.reason.value, reason_text=ru.VOID_REASONS[result.reason])
    return jsonify(answer)


@bp.get("/v/<number>")
def chip_link_page(number: str) -> Any:
    """One short address for both links a card carries: ``/v/<16 digits>`` is what an NTAG chip's
    NDEF link opens (the state of the card and the UID of the chip it was issued with);
    ``/v/EPB1:…`` is what the QR code holds (``[virtual] public_base_url``): the signed-payload
    verification, the same page as ``/verify/<payload>``. Only what the card itself shows, never the
    holder's name."""
    if number.upper().startswith(TEXT_PREFIX):
        return verify_page(number)
    found = card_status(get_session(), number) if number.isdigit() and len(number) == 16 else None
    if found is None or found.state is CardState.SPOILED:
        title, body = ru.CARD_LINK_UNKNOWN
        page = render_template(
            "verify/chip_link.html",
            verdict="unknown",
            title=title,
            text=body,
            number=format_card_number(number) if number.isdigit() else "—",
            issued=None,
            uid=None,
        )
        return page, 404
    validity = found.validity
    verdict = verdict_of(found.state, validity)
    title, body = ru.CARD_VERDICTS[verdict.value]
    return render_template(
        "verify/chip_link.html",
        verdict=verdict.value,
        title=title,
        text=body,
        number=format_card_number(number),
        issued=found.produced_at.strftime("%d.%m.%Y") if found.produced_at else None,
        uid=found.chip_uid,
        reason=validity.reason.value if validity.reason else None,
        reason_text=ru.VOID_REASONS[validity.reason] if validity.reason else None,
    )
