"""What the gateway puts on a chip once the encoder knows the chip's UID.

- the payload, re-signed as the chip-bound v2 form (``card_printing.payload.bind_to_chip``), so the
  same bytes on another chip fail verification;
- on NTAG (NDEF) tags, before it, the link a phone opens: ``link_template`` with ``{card_number}``,
  e.g. ``https://cards.example.ru/v/{card_number}``. The link carries only the number printed on the
  card; the page it opens (``/v/<number>``) shows the card's state and the UID of the chip the card
  was issued with, which an NFC app on the phone shows for the chip in hand: a copied tag has another
  UID. (NTAG213's 144 bytes cannot hold a signature inside a link; the signed payload rides in the
  second NDEF record for the gateway's readers.)
"""

from __future__ import annotations

from dataclasses import dataclass

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from card_printing.payload import bind_to_chip, card_number_of

# NTAG213: 144 bytes = 106 of NDEF framing and payload + at most 38 bytes of link after the scheme.
NTAG213_LINK_BUDGET = 38


def link_length_after_scheme(template: str) -> int:
    from adapters.pcsc.ndef import uri_record_payload

    return len(uri_record_payload(template.format(card_number="0" * 16))) - 1


@dataclass(frozen=True)
class SignedChipContent:
    """The gateway's chip content: payloads bound to the chip, NDEF links from ``link_template``."""

    key: Ed25519PrivateKey
    link_template: str = ""

    def bind(self, payload: bytes, uid: bytes) -> bytes:
        return bind_to_chip(payload, uid, self.key)

    def link(self, payload: bytes) -> str | None:
        if not self.link_template:
            return None
        return self.link_template.format(card_number=card_number_of(payload))

    def __repr__(self) -> str:
        return f"SignedChipContent(link_template={self.link_template!r})"
