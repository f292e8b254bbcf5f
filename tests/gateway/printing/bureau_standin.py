"""A stand-in personalisation bureau for the tests: it holds its own keys, opens the gateway's
package with nothing but this project's reference code (gateway/bureau/envelope.py, package.py)
and the union's public key, "makes" the cards, and answers a signed manifest. What is faked: the
bureau's printers and chips (each produced card gets a fresh random 7-byte UID)."""

from __future__ import annotations

import os
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.asymmetric.x25519 import X25519PrivateKey

from card_printing.payload import decode_text, verify
from gateway.bureau import envelope
from gateway.bureau.package import read_content


class StandInBureau:
    def __init__(self, name: str = "acme") -> None:
        self.name = name
        self.decryption_key = X25519PrivateKey.generate()
        self.signing_key = Ed25519PrivateKey.generate()
        self.received: list[dict[str, Any]] = []

    def settings_entry(self) -> dict[str, str]:
        return {
            "title": "Бюро «Акме»",
            "encryption_public_key": envelope.public_pem(self.decryption_key.public_key()),
            "signing_public_key": envelope.public_pem(self.signing_key.public_key()),
        }

    def produce(
        self,
        package: bytes,
        union_key: Ed25519PublicKey,
        *,
        spoil: set[str] = frozenset(),
        signer: Ed25519PrivateKey | None = None,
    ) -> tuple[bytes, list[dict[str, str]]]:
        """Open the package, check every card's payload with the union's public key, make the cards."""
        import hashlib

        header, content = envelope.open_package(package, self.decryption_key, union_key)
        rows, pdf = read_content(content)
        assert pdf.startswith(b"%PDF") and len(rows) == header["card_count"]
        for row in rows:
            # The chip payload and the QR text are the same signed payload, genuine for this card.
            assert bytes.fromhex(row["chip_payload_hex"]) == decode_text(row["qr_text"])
            assert verify(bytes.fromhex(row["chip_payload_hex"]), union_key).card_number == row["card_number"]
        self.received.append(header)
        cards = [
            {
                "card_number": r["card_number"],
                "result": "spoiled" if r["card_number"] in spoil else "produced",
                "chip_uid": None if r["card_number"] in spoil else os.urandom(7).hex().upper(),
                "reason": "misprint" if r["card_number"] in spoil else None,
            }
            for r in rows
        ]
        body = {
            "batch_id": header["batch_id"],
            "bureau": self.name,
            "package_sha256": hashlib.sha256(package).hexdigest(),
            "cards": cards,
        }
        return envelope.sign_manifest(body, signer or self.signing_key), rows
