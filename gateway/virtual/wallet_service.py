"""Apple's pass web service (``webServiceURL`` = ``<base>/api/wallet``): Wallet registers a device for a
pass, asks which passes changed, and fetches the latest one; a withdrawn or replaced card comes back
``voided``. Requests carry ``Authorization: ApplePass <authenticationToken>`` of the pass."""

from __future__ import annotations

import datetime as dt
import email.utils
import hmac
from typing import Any

from flask import Blueprint, Flask, Response, current_app, jsonify, request
from sqlalchemy import select

from gateway.db.request_session import get_session
from gateway.models import Card, Member
from gateway.settings import Settings
from gateway.virtual.models import WalletRegistration
from gateway.virtual.passes import last_modified, pass_for_number
from gateway.virtual.push import make_pusher
from gateway.virtual.wallet import authentication_token

# Under /api/: Wallet authenticates with its pass token, never a browser cookie, so the web pages'
# CSRF check (which exempts /api/) does not apply.
wallet_bp = Blueprint("wallet", __name__, url_prefix="/api/wallet")
PKPASS = "application/vnd.apple.pkpass"


def _settings() -> Settings:
    return current_app.extensions["gateway.settings"]


def _authorised(serial: str) -> bool:
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return scheme == "ApplePass" and hmac.compare_digest(
        token.strip(), authentication_token(_settings(), serial)
    )


def _known_pass(pass_type: str, serial: str) -> bool:
    return pass_type == _settings().virtual.pass_type_identifier and serial.isdigit() and len(serial) == 16


@wallet_bp.post("/v1/devices/<device>/registrations/<pass_type>/<serial>")
def register_device(device: str, pass_type: str, serial: str) -> Any:
    if not _known_pass(pass_type, serial) or not _authorised(serial):
        return "", 401
    push_token = str((request.get_json(silent=True) or {}).get("pushToken") or "")[:200]
    if not push_token or len(device) > 100:
        return "", 400
    session = get_session()
    row = session.scalar(
        select(WalletRegistration).where(
            WalletRegistration.device_id == device, WalletRegistration.serial == serial
        )
    )
    if row is not None:
        row.push_token = push_token
        return "", 200
    session.add(WalletRegistration(device_id=device, push_token=push_token, serial=serial))
    return "", 201


@wallet_bp.delete("/v1/devices/<device>/registrations/<pass_type>/<serial>")
def unregister_device(device: str, pass_type: str, serial: str) -> Any:
    if not _known_pass(pass_type, serial) or not _authorised(serial):
        return "", 401
    session = get_session()
    for row in session.scalars(
        select(WalletRegistration).where(
            WalletRegistration.device_id == device, WalletRegistration.serial == serial
        )
    ):
        session.delete(row)
    return "", 200


@wallet_bp.get("/v1/devices/<device>/registrations/<pass_type>")
def updated_serials(device: str, pass_type: str) -> Any:
    """Serials of this device's passes changed after ``passesUpdatedSince`` (our own tag: Unix
    seconds of the latest change we reported)."""
    if pass_type != _settings().virtual.pass_type_identifier:
        return "", 404
    try:
        since = int(request.args.get("passesUpdatedSince") or 0)
    except ValueError:
        since = 0
    session = get_session()
    rows = session.execute(
        select(Card, Member)
        .join(WalletRegistration, WalletRegistration.serial == Card.number)
        .join(Member, Member.id == Card.member_id)
        .where(WalletRegistration.device_id == device)
    ).all()
    changed = [(card.number, int(last_modified(card, member).timestamp())) for card, member in rows]
    changed = [(serial, at) for serial, at in changed if at > since]
    if not changed:
        return "", 204
    return jsonify(
        {"serialNumbers": sorted(s for s, _ in changed), "lastUpdated": str(max(at for _, at in changed))}
    )


@wallet_bp.get("/v1/passes/<pass_type>/<serial>")
def latest_pass(pass_type: str, serial: str) -> Any:
    if not _known_pass(pass_type, serial) or not _authorised(serial):
        return "", 401
    session = get_session()
    card = session.scalar(select(Card).where(Card.number == serial))
    if card is None:
        return "", 404
    member = session.get(Member, card.member_id)
    assert member is not None
    modified = last_modified(card, member)
    since = request.headers.get("If-Modified-Since")
    if since:
        try:
            if modified <= email.utils.parsedate_to_datetime(since).astimezone(dt.UTC):
                return "", 304
        except (TypeError, ValueError):
            pass
    found = pass_for_number(session, _settings(), serial, request.url_root)
    assert found is not None
    data, modified = found
    return Response(
        data, mimetype=PKPASS, headers={"Last-Modified": email.utils.format_datetime(modified, usegmt=True)}
    )


@wallet_bp.post("/v1/log")
def device_log() -> Any:
    # Wallet reports its own errors here; they may quote URLs with serials: counted, not logged.
    return "", 200


def init_wallet(app: Flask) -> None:
    settings = app.extensions["gateway.settings"]
    app.register_blueprint(wallet_bp)
    app.extensions["gateway.pass_pusher"] = make_pusher(settings.virtual)
    if settings.environment != "production":
        from gateway.virtual.demo_page import demo_bp

        app.register_blueprint(demo_bp)  # the personal account's card view, played through the partner API
