"""The phone's wallet: a signed ``.pkpass`` for each card (Apple Wallet; PassWallet and similar
apps on Android read the same file).

No well-kept pkpass library exists on PyPI (the candidates — ``apple-wallet``, ``py-pkpass``,
``wallet-pass``, ``passbook`` — are single-author packages with a release or two, the last ones
years old, or sign through M2Crypto / the openssl binary), and the format is small: a ZIP of
``pass.json``, images, ``manifest.json`` (SHA-1 of every file) and ``signature``, a detached
PKCS #7 signature of the manifest made with the pass-type certificate (``cryptography``'s
``PKCS7SignatureBuilder``), with Apple's WWDR intermediate included.

The certificate and key come from settings (``[virtual] pass_certificate`` …), never from the
repository; in development and tests a self-made certificate is generated at run time.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import io
import json
import zipfile
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs7
from cryptography.x509.oid import NameOID
from PIL import Image, ImageDraw

from card_printing.card_data import format_card_number
from gateway.settings import Settings

ORGANISATION = "Общероссийский Профсоюз образования"
DESCRIPTION = "Электронный профсоюзный билет"


@dataclass(frozen=True)
class PassIdentity:
    certificate: x509.Certificate
    key: Any  # an RSA or EC private key
    wwdr: x509.Certificate | None
    pass_type_identifier: str
    team_identifier: str


@dataclass(frozen=True)
class PassContent:
    serial: str  # the card number
    holder: str  # the member's name as on the card
    organisation: str  # the primary organisation
    issue_date: dt.date
    barcode: str  # the verification link the QR code holds
    valid: bool
    void_text: str | None
    web_service_url: str
    authentication_token: str


def dev_pass_identity(pass_type_identifier: str, team_identifier: str) -> PassIdentity:
    """A self-made pass-type certificate for development and tests (made at run time, cached)."""
    return _dev_identity(pass_type_identifier, team_identifier)


@lru_cache(maxsize=4)
def _dev_identity(pass_type_identifier: str, team_identifier: str) -> PassIdentity:
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.USER_ID, pass_type_identifier),
            x509.NameAttribute(NameOID.COMMON_NAME, f"Pass Type ID: {pass_type_identifier} (development)"),
            x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, team_identifier),
        ]
    )
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=365))
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    return PassIdentity(cert, key, None, pass_type_identifier, team_identifier)


def pass_identity(settings: Settings) -> PassIdentity:
    v = settings.virtual
    if v.pass_certificate is None or v.pass_key is None:
        if settings.environment == "production":
            raise RuntimeError("wallet passes need [virtual] pass_certificate and pass_key in production")
        return dev_pass_identity(v.pass_type_identifier, v.pass_team_identifier)
    return _load_identity(
        str(v.pass_certificate), str(v.pass_key), v.pass_key_password.get_secret_value(),
        str(v.pass_wwdr_certificate or ""), v.pass_type_identifier, v.pass_team_identifier,
    )  # fmt: skip


@lru_cache(maxsize=4)
def _load_identity(cert: str, key: str, password: str, wwdr: str, type_id: str, team: str) -> PassIdentity:
    with open(cert, "rb") as f:
        certificate = x509.load_pem_x509_certificate(f.read())
    with open(key, "rb") as f:
        private = serialization.load_pem_private_key(f.read(), password=password.encode() or None)
    intermediate = None
    if wwdr:
        with open(wwdr, "rb") as f:
            intermediate = x509.load_pem_x509_certificate(f.read())
    return PassIdentity(certificate, private, intermediate, type_id, team)


def authentication_token(settings: Settings, serial: str) -> str:
    """The pass's token for the web service, derived (nothing stored): HMAC of the serial."""
    secret = settings.secret_key.get_secret_value().encode()
    return hmac.new(secret, b"wallet-pass:" + serial.encode(), hashlib.sha256).hexdigest()


@lru_cache(maxsize=1)
def _images() -> dict[str, bytes]:
    """Icon and logo (required by Wallet): a plain mark drawn once per process."""
    out = {}
    for name, size in (("icon.png", 29), ("icon@2x.png", 58), ("logo.png", 50), ("logo@2x.png", 100)):
        img = Image.new("RGB", (size, size), (0, 84, 147))
        ImageDraw.Draw(img).ellipse(
            (size // 5, size // 5, size - size // 5, size - size // 5), fill=(255, 255, 255)
        )
        buf = io.BytesIO()
        img.save(buf, "PNG")
        out[name] = buf.getvalue()
    return out


def pass_json(identity: PassIdentity, content: PassContent) -> dict[str, Any]:
    barcode = {"format": "PKBarcodeFormatQR", "message": content.barcode, "messageEncoding": "iso-8859-1"}
    back = [{"key": "verify", "label": "Проверка подлинности", "value": content.barcode}]
    if content.void_text:
        back.insert(0, {"key": "status", "label": "Билет недействителен", "value": content.void_text})
    return {
        "formatVersion": 1,
        "passTypeIdentifier": identity.pass_type_identifier,
        "teamIdentifier": identity.team_identifier,
        "serialNumber": content.serial,
        "organizationName": ORGANISATION,
        "description": DESCRIPTION,
        "logoText": "Профсоюз образования",
        "foregroundColor": "rgb(255, 255, 255)",
        "backgroundColor": "rgb(0, 84, 147)",
        "labelColor": "rgb(200, 220, 240)",
        "webServiceURL": content.web_service_url,
        "authenticationToken": content.authentication_token,
        # A withdrawn, replaced or otherwise invalid card shows as voided on the phone.
        "voided": not content.valid,
        "barcodes": [barcode],
        "barcode": barcode,  # iOS 8 and PassWallet read the singular key
        "generic": {
            "primaryFields": [
                {"key": "number", "label": "Номер билета", "value": format_card_number(content.serial)}
            ],
            "secondaryFields": [{"key": "holder", "label": "Член Профсоюза", "value": content.holder}],
            "auxiliaryFields": [
                {"key": "organisation", "label": "Организация", "value": content.organisation},
                {"key": "issued", "label": "Дата выпуска", "value": content.issue_date.strftime("%d.%m.%Y")},
            ],
            "backFields": back,
        },
    }


def manifest(files: dict[str, bytes]) -> bytes:
    return json.dumps({name: hashlib.sha1(data).hexdigest() for name, data in sorted(files.items())}).encode()  # noqa: S324 - the format prescribes SHA-1


def sign_manifest(identity: PassIdentity, manifest_bytes: bytes) -> bytes:
    builder = (
        pkcs7.PKCS7SignatureBuilder()
        .set_data(manifest_bytes)
        .add_signer(identity.certificate, identity.key, hashes.SHA256())
    )
    if identity.wwdr is not None:
        builder = builder.add_certificate(identity.wwdr)
    return builder.sign(
        serialization.Encoding.DER, [pkcs7.PKCS7Options.DetachedSignature, pkcs7.PKCS7Options.Binary]
    )


def build_pkpass(identity: PassIdentity, content: PassContent) -> bytes:
    files = {"pass.json": json.dumps(pass_json(identity, content), ensure_ascii=False).encode(), **_images()}
    manifest_bytes = manifest(files)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as z:
        for name, data in files.items():
            # PNGs are compressed already: stored, not deflated again.
            z.writestr(name, data, zipfile.ZIP_STORED if name.endswith(".png") else zipfile.ZIP_DEFLATED)
        z.writestr("manifest.json", manifest_bytes)
        z.writestr("signature", sign_manifest(identity, manifest_bytes))
    return out.getvalue()
