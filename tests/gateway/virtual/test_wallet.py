"""Wallet pass: pass.json content, manifest hashes, a detached PKCS #7 signature that openssl
verifies, and Apple's pass web service voiding the pass on the phone after a reissue (the push goes
through the fake adapter, which stands in for APNs: Apple's service cannot be reached from tests)."""

from __future__ import annotations

import email.utils
import hashlib
import io
import json
import subprocess
import zipfile
from pathlib import Path
from typing import Any

from cryptography.hazmat.primitives import serialization
from sqlalchemy.orm import Session

from gateway.models import Member, OrderReason
from gateway.settings import Settings
from gateway.virtual.push import FakePusher
from gateway.virtual.wallet import authentication_token, dev_pass_identity

from .conftest import Partner, order

PASS_TYPE = "pass.ru.eseur.epb"


def _unzip(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()}


def _pass(client: Any, member: Member, p: Partner) -> dict[str, bytes]:
    r = client.get(f"/api/v1/partner/members/{member.onec_ref}/card.pkpass", headers=p.headers)
    assert r.status_code == 200 and r.mimetype == "application/vnd.apple.pkpass"
    return _unzip(r.data)


def test_pass_content_manifest_and_signature_verify_with_openssl(
    client: Any, db: Session, settings: Settings, member: Member, full_partner: Partner, tmp_path: Path
) -> None:
    card = order(db, settings, member)
    files = _pass(client, member, full_partner)
    info = json.loads(files["pass.json"])
    assert info["serialNumber"] == card.number and info["passTypeIdentifier"] == PASS_TYPE
    assert info["organizationName"] == "Общероссийский Профсоюз образования" and info["voided"] is False
    fields = info["generic"]
    assert fields["primaryFields"][0]["value"].replace(" ", "") == card.number
    assert fields["secondaryFields"][0]["value"] == "Иванова Мария Петровна"
    link = info["barcodes"][0]["message"]
    assert "/v/EPB1:" in link and client.get(link[link.index("/v/") :]).status_code == 200
    manifest = json.loads(files["manifest.json"])
    assert set(manifest) == set(files) - {"manifest.json", "signature"}
    for name, digest in manifest.items():
        assert hashlib.sha1(files[name]).hexdigest() == digest  # noqa: S324 - the format's hash
    (tmp_path / "manifest.json").write_bytes(files["manifest.json"])
    (tmp_path / "signature").write_bytes(files["signature"])
    cert = dev_pass_identity(PASS_TYPE, settings.virtual.pass_team_identifier).certificate
    (tmp_path / "cert.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    verify = [
        "openssl", "smime", "-verify", "-binary", "-inform", "DER", "-in", str(tmp_path / "signature"),
        "-content", str(tmp_path / "manifest.json"), "-CAfile", str(tmp_path / "cert.pem"), "-purpose", "any",
        "-out", "/dev/null",
    ]  # fmt: skip
    ok = subprocess.run(verify, capture_output=True, text=True, check=False)
    assert ok.returncode == 0, ok.stderr
    (tmp_path / "manifest.json").write_bytes(files["manifest.json"].replace(b"}", b', "x": "0"}'))
    tampered = subprocess.run(verify, capture_output=True, text=True, check=False)
    assert tampered.returncode != 0


def test_web_service_registers_lists_and_voids_after_reissue(
    app: Any, client: Any, db: Session, settings: Settings, member: Member, full_partner: Partner
) -> None:
    card = order(db, settings, member)
    serial = card.number
    base = f"/api/wallet/v1/devices/dev-1/registrations/{PASS_TYPE}"
    token = {"Authorization": f"ApplePass {authentication_token(settings, serial)}"}
    wrong = {"Authorization": "ApplePass 0000"}
    assert client.post(f"{base}/{serial}", json={"pushToken": "push-1"}, headers=wrong).status_code == 401
    assert client.post(f"{base}/{serial}", json={"pushToken": "push-1"}, headers=token).status_code == 201
    assert client.post(f"{base}/{serial}", json={"pushToken": "push-1"}, headers=token).status_code == 200
    listed = client.get(base)
    assert listed.status_code == 200 and listed.json["serialNumbers"] == [serial]
    tag = listed.json["lastUpdated"]
    assert client.get(f"{base}?passesUpdatedSince={tag}").status_code == 204

    latest = client.get(f"/api/wallet/v1/passes/{PASS_TYPE}/{serial}", headers=token)
    assert latest.status_code == 200 and json.loads(_unzip(latest.data)["pass.json"])["voided"] is False
    since = latest.headers["Last-Modified"]
    assert (
        client.get(
            f"/api/wallet/v1/passes/{PASS_TYPE}/{serial}", headers={**token, "If-Modified-Since": since}
        ).status_code
        == 304
    )
    assert client.get(f"/api/wallet/v1/passes/{PASS_TYPE}/{serial}", headers=wrong).status_code == 401

    pusher: FakePusher = app.extensions["gateway.pass_pusher"]
    with app.app_context():  # as in a request or a task: the pass pusher belongs to the app
        order(db, settings, member, reason=OrderReason.LOST)  # reissue: the old number is void everywhere
        db.commit()
    assert pusher.sent == ["push-1"]  # the phone is told (the fake stands in for APNs)
    # The change is at least a second later in the tag's resolution only if time moved: compare with 0.
    assert serial in client.get(f"{base}?passesUpdatedSince=0").json["serialNumbers"]
    voided = client.get(f"/api/wallet/v1/passes/{PASS_TYPE}/{serial}", headers=token)
    info = json.loads(_unzip(voided.data)["pass.json"])
    assert info["voided"] is True and "заменён" in info["generic"]["backFields"][0]["value"]
    assert email.utils.parsedate_to_datetime(
        voided.headers["Last-Modified"]
    ) >= email.utils.parsedate_to_datetime(since)
    # The partner no longer hands out a pass for the old number (its current card is the new one).
    assert json.loads(_pass(client, member, full_partner)["pass.json"])["serialNumber"] != serial

    assert client.delete(f"{base}/{serial}", headers=token).status_code == 200
    assert client.get(f"{base}?passesUpdatedSince=0").status_code == 204
