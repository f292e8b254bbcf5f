"""Chip encoding cost of the secured layouts, through pcscd + vpcd + the project's virtual card.

For each layout, N blank cards are inserted one after another and encoded by the PC/SC encoder as a
station does (payload bound to the UID; MIFARE Classic sectors sealed with diversified keys; NTAG as
NDEF with the link), then the median encode + read-back time is printed (JSON, one line a layout).

    .venv/bin/python bench/chips.py [--cards 20]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import statistics
import sys
import uuid
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from adapters.pcsc.devstack import ensure_pcscd, wait_for_reader_state  # noqa: E402
from adapters.pcsc.encoder import EncoderSettings, PcscEncoder  # noqa: E402
from adapters.pcsc.virtual_card import VirtualCard  # noqa: E402
from card_printing import payload  # noqa: E402
from card_printing.chip_content import SignedChipContent  # noqa: E402

READER = "Virtual PCD 00 00"
LAYOUTS = [
    ("mifare_classic_1k", "transport keys kept", False),
    ("mifare_classic_1k", "sealed, diversified keys", True),
    ("ntag213", "NDEF link + payload", True),
    ("iso7816", "file in the union application", True),
]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cards", type=int, default=20)
    args = parser.parse_args()
    handle = ensure_pcscd()
    key = payload.generate_private_key()
    blob = payload.sign(payload.CardPayload("4276000000000017", uuid.uuid4(), dt.date(2026, 12, 1)), key).blob
    content = SignedChipContent(key, "https://cards.example.ru/v/{card_number}")
    try:
        for card_type, label, secured in LAYOUTS:
            encoder = PcscEncoder(
                EncoderSettings(card_timeout_s=3, mifare_master_key=os.urandom(16) if secured else None),
                content=content,
            )
            times = []
            for _ in range(args.cards):
                card = VirtualCard(card_type).insert()
                assert wait_for_reader_state(READER, card_present=True, timeout=3)
                result = encoder.encode(blob)
                assert result.ok, result.detail
                times.append(result.elapsed_ms)
                card.remove()
                assert wait_for_reader_state(READER, card_present=False, timeout=3)
            encoder.close()
            print(
                json.dumps(
                    {
                        "chip": card_type,
                        "layout": label,
                        "cards": args.cards,
                        "encode_verify_ms_median": round(statistics.median(times), 1),
                        "encode_verify_ms_max": round(max(times), 1),
                    }
                ),
                flush=True,
            )
    finally:
        handle.stop()


if __name__ == "__main__":
    main()
