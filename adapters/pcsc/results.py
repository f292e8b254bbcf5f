"""What an encoding attempt can come to, and the encoder interface the pipeline calls.

Every outcome is a value, never an exception: the print station records it as an event on the card
and decides from ``pauses_station`` whether to reject this card and go on, or stop and call the
operator (the reader itself is missing).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Protocol, runtime_checkable


class EncodeStatus(enum.StrEnum):
    OK = "ok"
    NO_CARD = "no_card"  # no card reached the reader within the timeout
    READER_NOT_FOUND = "reader_not_found"
    READER_GONE = "reader_gone"
    READER_BUSY = "reader_busy"
    CARD_REMOVED = "card_removed"
    CARD_RESET = "card_reset"
    WRONG_CARD_TYPE = "wrong_card_type"
    CARD_TOO_SMALL = "card_too_small"
    AUTH_FAILED = "auth_failed"
    WRITE_REFUSED = "write_refused"
    VERIFY_MISMATCH = "verify_mismatch"
    COMMUNICATION_ERROR = "communication_error"


MESSAGES_RU: dict[EncodeStatus, str] = {
    EncodeStatus.OK: "Чип записан и проверен.",
    EncodeStatus.NO_CARD: "Карта не обнаружена в кодировщике за отведённое время.",
    EncodeStatus.READER_NOT_FOUND: (
        "Кодировщик (считыватель) не найден. Проверьте подключение и настройки станции."
    ),
    EncodeStatus.READER_GONE: "Кодировщик (считыватель) отключился во время работы. Проверьте подключение.",
    EncodeStatus.READER_BUSY: "Кодировщик занят другой программой.",
    EncodeStatus.CARD_REMOVED: "Карта покинула кодировщик во время записи.",
    EncodeStatus.CARD_RESET: "Чип карты был перезагружен во время записи.",
    EncodeStatus.WRONG_CARD_TYPE: "Неподдерживаемый тип чипа карты. Проверьте заготовки в лотке.",
    EncodeStatus.CARD_TOO_SMALL: "Памяти чипа недостаточно для записи данных билета.",
    EncodeStatus.AUTH_FAILED: "Чип отклонил ключ доступа. Проверьте ключи в настройках.",
    EncodeStatus.WRITE_REFUSED: "Чип отказал в записи.",
    EncodeStatus.VERIFY_MISMATCH: "Данные, прочитанные с чипа, не совпадают с записанными.",
    EncodeStatus.COMMUNICATION_ERROR: "Ошибка связи с чипом карты.",
}

# Failures of the station's hardware rather than of this card: rejecting more cards would not help.
STATION_FAULTS = frozenset(
    {EncodeStatus.READER_NOT_FOUND, EncodeStatus.READER_GONE, EncodeStatus.READER_BUSY}
)


@dataclass(frozen=True, slots=True)
class EncodeResult:
    status: EncodeStatus
    uid: str | None = None  # hex, upper case
    chip: str | None = None  # what the ATR said the card is
    detail: str = ""  # English, for the logs
    elapsed_ms: float = 0.0
    data: bytes | None = None  # what was read back (read operations)
    uri: str | None = None  # the NDEF link read from an NTAG (read operations)

    @property
    def ok(self) -> bool:
        return self.status is EncodeStatus.OK

    @property
    def message_ru(self) -> str:
        return MESSAGES_RU[self.status]

    @property
    def pauses_station(self) -> bool:
        return self.status in STATION_FAULTS


class ChipContent(Protocol):
    """What a chip holds, decided once the encoder knows which chip it is (card_printing.chip_content)."""

    def bind(self, payload: bytes, uid: bytes) -> bytes:
        """The payload to write on the chip with this UID (bound to it)."""
        ...

    def link(self, payload: bytes) -> str | None:
        """The link an NDEF tag carries for this payload (None: no NDEF)."""
        ...


@runtime_checkable
class Encoder(Protocol):
    def encode(self, payload: bytes) -> EncodeResult:
        """Write ``payload`` to the card in the encoder, read it back and compare."""
        ...

    def read(self) -> EncodeResult:
        """Read the payload from the card in the encoder (``data``), for inspection."""
        ...
