"""A card printer driven over IPP/1.1 (CUPS, or an IPP Everywhere printer such as ippeveprinter).

Only what the station needs, encoded by hand (RFC 8010/8011) so nothing but ``requests`` is
required: Get-Printer-Attributes before each card (``printer-state-reasons`` become the typed
errors: ``media-empty`` → out of cards, ``marker-supply-empty`` → ribbon, ``media-jam`` → jam…),
Print-Job with both faces as a two-page PDF, then Get-Job-Attributes until the job completed.

A plain IPP printer has no chip encoding station and no reject tray: a station with an IPP
printer prints cards without a chip (encoder ``none``); ``reject`` only logs.
"""

from __future__ import annotations

import io
import itertools
import logging
import struct
import time
from dataclasses import dataclass, field
from typing import Any

import requests
from PIL import Image

from adapters.printers.base import (
    CoverOpenError,
    JammedError,
    OutOfCardsError,
    OutOfRibbonError,
    PrinterError,
    PrinterOfflineError,
    PrinterState,
    PrinterStatus,
    PrintJobFailedError,
    raise_for_status,
)
from adapters.printers.supplies import Supplies, from_ipp

log = logging.getLogger(__name__)

# Operations and tags (RFC 8011 §5.4.15, RFC 8010 §3.5).
PRINT_JOB, GET_JOB_ATTRIBUTES, GET_PRINTER_ATTRIBUTES = 0x0002, 0x0009, 0x000B
OPERATION_TAG, JOB_TAG, END_TAG, PRINTER_TAG = 0x01, 0x02, 0x03, 0x04
INTEGER, BOOLEAN, ENUM = 0x21, 0x22, 0x23
TEXT, NAME, KEYWORD, URI, CHARSET, LANGUAGE, MIME = 0x41, 0x42, 0x44, 0x45, 0x47, 0x48, 0x49
JOB_COMPLETED, JOB_CANCELED, JOB_ABORTED = 9, 7, 8
PRINTER_STOPPED = 5

# printer-state-reasons keywords (RFC 8011 §5.4.12, PWG 5100.9) → printer state. Suffixes
# (-report, -warning, -error) are stripped; only -error or bare keywords stop the station.
REASON_STATES: dict[str, PrinterState] = {
    "media-empty": PrinterState.OUT_OF_CARDS,
    "media-needed": PrinterState.OUT_OF_CARDS,
    "input-tray-missing": PrinterState.OUT_OF_CARDS,
    "marker-supply-empty": PrinterState.OUT_OF_RIBBON,
    "toner-empty": PrinterState.OUT_OF_RIBBON,
    "marker-supply-missing": PrinterState.OUT_OF_RIBBON,
    "media-jam": PrinterState.JAMMED,
    "door-open": PrinterState.COVER_OPEN,
    "cover-open": PrinterState.COVER_OPEN,
    "interlock-open": PrinterState.COVER_OPEN,
    "offline": PrinterState.OFFLINE,
    "shutdown": PrinterState.OFFLINE,
}


class IppProtocolError(PrinterError):
    code = "ipp_protocol_error"
    message_ru = "Принтер ответил непонятным образом (IPP). Проверьте адрес принтера в настройках."


@dataclass
class IppResponse:
    status: int
    request_id: int
    groups: list[tuple[int, dict[str, list[Any]]]] = field(default_factory=list)

    def first(self, tag: int) -> dict[str, list[Any]]:
        return next((attrs for t, attrs in self.groups if t == tag), {})

    @property
    def ok(self) -> bool:
        return self.status < 0x0100  # successful-ok and its variants


def _attr(tag: int, name: str, *values: Any) -> bytes:
    out = b""
    for index, value in enumerate(values):
        if tag in (INTEGER, ENUM):
            raw = struct.pack(">i", value)
        elif tag == BOOLEAN:
            raw = b"\x01" if value else b"\x00"
        else:
            raw = str(value).encode("utf-8")
        key = name.encode("ascii") if index == 0 else b""
        out += struct.pack(">BH", tag, len(key)) + key + struct.pack(">H", len(raw)) + raw
    return out


def encode_request(operation: int, request_id: int, attributes: list[bytes]) -> bytes:
    return (
        struct.pack(">BBHI", 1, 1, operation, request_id)
        + bytes([OPERATION_TAG])
        + b"".join(attributes)
        + bytes([END_TAG])
    )


def decode_response(data: bytes) -> IppResponse:
    if len(data) < 9:
        raise IppProtocolError(f"IPP response of {len(data)} bytes is too short")
    _major, _minor, status, request_id = struct.unpack_from(">BBHI", data)
    response = IppResponse(status, request_id)
    pos, last = 8, ""
    current: dict[str, list[Any]] | None = None
    while pos < len(data):
        tag = data[pos]
        pos += 1
        if tag == END_TAG:
            break
        if tag < 0x10:  # a delimiter: a new attribute group
            current = {}
            response.groups.append((tag, current))
            continue
        if current is None or pos + 2 > len(data):
            raise IppProtocolError("IPP response: value before any attribute group")
        (name_len,) = struct.unpack_from(">H", data, pos)
        name = data[pos + 2 : pos + 2 + name_len].decode("utf-8", "replace")
        pos += 2 + name_len
        (value_len,) = struct.unpack_from(">H", data, pos)
        raw = data[pos + 2 : pos + 2 + value_len]
        pos += 2 + value_len
        if tag in (INTEGER, ENUM) and value_len == 4:
            value: Any = struct.unpack(">i", raw)[0]
        elif tag == BOOLEAN:
            value = raw != b"\x00"
        elif 0x40 <= tag <= 0x4F:
            value = raw.decode("utf-8", "replace")
        else:
            value = raw
        if name:
            last = name
            current.setdefault(name, []).append(value)
        elif last:
            current[last].append(value)
    return response


def state_from_reasons(printer_state: int | None, reasons: list[str]) -> PrinterStatus:
    for reason in reasons:
        keyword = reason
        for suffix in ("-report", "-warning", "-error"):
            keyword = keyword.removesuffix(suffix)
        if reason.endswith(("-report", "-warning")):
            continue
        state = REASON_STATES.get(keyword)
        if state is not None:
            return PrinterStatus(state, f"printer-state-reasons: {', '.join(reasons)}", tuple(reasons))
    if printer_state == PRINTER_STOPPED:
        return PrinterStatus(PrinterState.ERROR, f"printer stopped: {', '.join(reasons)}", tuple(reasons))
    busy = printer_state == 4
    return PrinterStatus(PrinterState.BUSY if busy else PrinterState.READY, "", tuple(reasons))


class IppPrinter:
    has_encoding_station = False

    def __init__(
        self,
        uri: str,
        name: str = "ipp",
        *,
        timeout: float = 30.0,
        user: str = "gateway",
        job_timeout: float = 120.0,
    ) -> None:
        self.name = name
        self.uri = uri
        self.url = "http" + uri[3:] if uri.startswith("ipp") else uri  # ipp:// and ipps:// run over HTTP(S)
        self.timeout, self.job_timeout, self.user = timeout, job_timeout, user
        self._ids = itertools.count(1)
        self._http = requests.Session()
        self._loaded = False

    def _call(self, operation: int, extra: list[bytes], document: bytes = b"") -> IppResponse:
        body = (
            encode_request(
                operation,
                next(self._ids),
                [
                    _attr(CHARSET, "attributes-charset", "utf-8"),
                    _attr(LANGUAGE, "attributes-natural-language", "ru"),
                    _attr(URI, "printer-uri", self.uri),
                    _attr(NAME, "requesting-user-name", self.user),
                    *extra,
                ],
            )
            + document
        )
        try:
            reply = self._http.post(
                self.url, data=body, headers={"Content-Type": "application/ipp"}, timeout=self.timeout
            )
        except requests.RequestException as exc:
            raise PrinterOfflineError(
                f"IPP printer {self.uri} unreachable: {exc.__class__.__name__}"
            ) from None
        if reply.status_code != 200:
            raise IppProtocolError(f"IPP printer {self.uri} answered HTTP {reply.status_code}")
        return decode_response(reply.content)

    def attributes(self) -> dict[str, list[Any]]:
        response = self._call(
            GET_PRINTER_ATTRIBUTES,
            [
                _attr(
                    KEYWORD,
                    "requested-attributes",
                    "printer-state",
                    "printer-state-reasons",
                    "document-format-supported",
                    "printer-name",
                )
            ],
        )
        if not response.ok:
            raise IppProtocolError(f"Get-Printer-Attributes failed: status 0x{response.status:04x}")
        return response.first(PRINTER_TAG)

    def supplies(self, ribbon_capacity_prints: int | None = None) -> Supplies:
        """Ribbon and blank cards left, as the printer reports them (adapters/printers/supplies.py)."""
        response = self._call(
            GET_PRINTER_ATTRIBUTES,
            [
                _attr(
                    KEYWORD,
                    "requested-attributes",
                    "printer-supply",
                    "printer-supply-description",
                    "marker-names",
                    "marker-levels",
                    "marker-types",
                    "printer-input-tray",
                )
            ],
        )
        if not response.ok:
            raise IppProtocolError(f"Get-Printer-Attributes failed: status 0x{response.status:04x}")
        return from_ipp(response.first(PRINTER_TAG), ribbon_capacity_prints)

    # -- Printer interface ---------------------------------------------------------------------
    def status(self) -> PrinterStatus:
        attrs = self.attributes()
        state = (attrs.get("printer-state") or [None])[0]
        reasons = [r for r in attrs.get("printer-state-reasons", []) if r != "none"]
        return state_from_reasons(state, reasons)

    def feed(self) -> None:
        # IPP has no "feed" step: the printer feeds when the job arrives. Check it can, now.
        raise_for_status(self.status())
        self._loaded = True

    def move_to_encoder(self) -> None:
        raise PrinterError(
            f"IPP printer {self.name} has no chip encoding station",
            message_ru="У этого принтера нет кодировщика чипов: настройте станцию без чипа.",
        )

    def print_card(self, front: Image.Image, back: Image.Image, job_name: str) -> str:
        document = io.BytesIO()
        front.convert("RGB").save(
            document, format="PDF", resolution=300, save_all=True, append_images=[back.convert("RGB")]
        )
        response = self._call(
            PRINT_JOB,
            [
                _attr(NAME, "job-name", job_name),
                _attr(MIME, "document-format", "application/pdf"),
            ],
            document.getvalue(),
        )
        if not response.ok:
            raise PrintJobFailedError(f"Print-Job refused: status 0x{response.status:04x}")
        job_id = (response.first(JOB_TAG).get("job-id") or [None])[0]
        if job_id is None:
            raise IppProtocolError("Print-Job answer carries no job-id")
        self._wait_for_job(int(job_id))
        return str(job_id)

    def _wait_for_job(self, job_id: int) -> None:
        deadline = time.monotonic() + self.job_timeout
        while True:
            response = self._call(
                GET_JOB_ATTRIBUTES,
                [
                    _attr(INTEGER, "job-id", job_id),
                    _attr(KEYWORD, "requested-attributes", "job-state", "job-state-reasons"),
                ],
            )
            attrs = response.first(JOB_TAG)
            state = (attrs.get("job-state") or [None])[0]
            if state == JOB_COMPLETED:
                return
            if state in (JOB_CANCELED, JOB_ABORTED):
                # The job died: a printer condition explains it better than the job does.
                raise_for_status(self.status())
                raise PrintJobFailedError(
                    f"job {job_id} ended in state {state}: {', '.join(attrs.get('job-state-reasons', []))}"
                )
            if time.monotonic() > deadline:
                raise_for_status(self.status())
                raise PrintJobFailedError(f"job {job_id} not completed within {self.job_timeout} s")
            time.sleep(0.2)  # polling interval of the printer, not a wait for correctness

    def eject(self) -> None:
        self._loaded = False  # the printer ejects the card at the end of the job

    def reject(self) -> None:
        self._loaded = False
        log.warning("IPP printer %s has no reject tray: the operator must set the card aside", self.name)

    def close(self) -> None:
        self._http.close()


__all__ = ["CoverOpenError", "IppPrinter", "JammedError", "OutOfCardsError", "OutOfRibbonError"]
