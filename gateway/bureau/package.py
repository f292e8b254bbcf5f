"""What is inside an export package (the ZIP that ``envelope.seal_package`` encrypts).

- ``cards.csv``: UTF-8, ``;``-separated, a header row, one row per card, columns::

      card_number        16 digits, as printed (the manifest answers by this number)
      surname; name; patronymic; organisation; region    the texts printed on the card
      issue_date         DD.MM.YYYY
      qr_text            what the QR code on the face carries (``EPB1:`` + base32, see
                         card_printing/payload.py); the print PDF already has it drawn
      chip_payload_hex   the 95-byte signed payload to write to the chip, hex (PC/SC chip layout:
                         adapters/pcsc/chip_layout.py; the bureau does not hold the union's key,
                         so it writes this v1 payload and reports the chip's UID in the manifest)
      link               the verification link for an NDEF (NTAG) chip, "" when none is configured

- ``print.pdf``: every card of the package, a front page and a back page each, in the CSV's order.
- ``index.json``: format, batch, the files and their SHA-256.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from collections.abc import Sequence
from typing import Any

from card_printing.card_data import CardData
from card_printing.payload import decode_text
from card_printing.printfiles import write_batch_pdf
from card_printing.render import renderer_for
from gateway.settings import Settings

COLUMNS = (
    "card_number",
    "surname",
    "name",
    "patronymic",
    "organisation",
    "region",
    "issue_date",
    "qr_text",
    "chip_payload_hex",
    "link",
)


def cards_csv(cards: Sequence[CardData], link_template: str) -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for c in cards:
        link = link_template.format(card_number=c.card_number) if link_template else ""
        writer.writerow(
            (
                c.card_number,
                c.surname,
                c.name,
                c.patronymic,
                c.organisation_name,
                c.region_name,
                c.issue_date_text,
                c.payload,
                decode_text(c.payload).hex(),
                link,
            )
        )
    return out.getvalue().encode("utf-8")


def build_content(cards: Sequence[CardData], settings: Settings) -> bytes:
    pdf = io.BytesIO()
    write_batch_pdf(cards, renderer_for(settings.printing.template), pdf, workers=1)
    files = {"cards.csv": cards_csv(cards, settings.printing.chip_link_template), "print.pdf": pdf.getvalue()}
    index = {
        "format": "epb-bureau-content/1",
        "card_count": len(cards),
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in files.items()},
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("index.json", json.dumps(index, indent=2))
        for name, data in files.items():
            archive.writestr(name, data)
    return out.getvalue()


def read_content(content: bytes) -> tuple[list[dict[str, str]], bytes]:
    """The bureau's side: the card rows and the print PDF, after checking the index's hashes."""
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        index: dict[str, Any] = json.loads(archive.read("index.json"))
        files = {name: archive.read(name) for name in index["files"]}
    for name, digest in index["files"].items():
        if hashlib.sha256(files[name]).hexdigest() != digest:
            raise ValueError(f"{name} does not match its hash in index.json")
    rows = list(csv.DictReader(io.StringIO(files["cards.csv"].decode("utf-8")), delimiter=";"))
    return rows, files["print.pdf"]
