"""The PC/SC chip encoder: writes the signed card payload to the card in the reader and reads it back.

Works on the reader inside the card printer (any PC/SC reader, matched by a name pattern), through
pyscard's thin ``smartcard.scard`` layer so that every PC/SC return code is seen and turned into an
``EncodeResult`` status: the station must never hang on a card or die on a traceback.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Literal

from smartcard import scard

from adapters.pcsc import ndef
from adapters.pcsc.atr import ChipKind, classify_atr
from adapters.pcsc.chip_layout import HEADER_LENGTH, MAGIC, frame, mifare_classic_data_blocks, pad, unframe
from adapters.pcsc.mifare_keys import KeyDiversifier
from adapters.pcsc.reader_state import ReaderStateError, reader_states
from adapters.pcsc.results import ChipContent, EncodeResult, EncodeStatus
from adapters.pcsc.virtual_card import DEFAULT_ISO_AID, DEFAULT_ISO_FILE_ID, DEFAULT_MIFARE_KEY

log = logging.getLogger(__name__)

SW_OK = 0x9000
_WRITE_REFUSED_SW = {0x6300, 0x6581, 0x6982, 0x6985, 0x6986, 0x6A81}
_OUT_OF_MEMORY_SW = {0x6A84, 0x6B00, 0x6A86, 0x6700}

_REMOVED = {scard.SCARD_W_REMOVED_CARD, scard.SCARD_E_NO_SMARTCARD}
_RESET = {scard.SCARD_W_RESET_CARD}
_READER_GONE = {
    scard.SCARD_E_READER_UNAVAILABLE,
    scard.SCARD_E_UNKNOWN_READER,
    scard.SCARD_E_NO_SERVICE,
    scard.SCARD_E_SERVICE_STOPPED,
    scard.SCARD_E_NO_READERS_AVAILABLE,
    scard.SCARD_E_INVALID_HANDLE,
}
_BUSY = {scard.SCARD_E_SHARING_VIOLATION}


@dataclass(frozen=True, slots=True)
class EncoderSettings:
    """Station settings for the chip encoder (the lead's settings object builds this)."""

    reader_pattern: str = r"^Virtual PCD 00 00"  # regular expression searched in reader names
    card_timeout_s: float = 5.0
    mifare_key: bytes = DEFAULT_MIFARE_KEY
    mifare_key_type: Literal["A", "B"] = "A"
    mifare_start_block: int = 4
    ultralight_start_page: int = 4
    iso_aid: bytes = DEFAULT_ISO_AID
    iso_file_id: bytes = DEFAULT_ISO_FILE_ID
    iso_chunk_size: int = 128
    # Exclusive access keeps another program on the same PC from talking to the card mid-write.
    exclusive: bool = True
    # 16-byte AES master key from which every written MIFARE Classic sector gets its own keys (see
    # adapters.pcsc.mifare_keys). None keeps the blanks' transport keys: development only.
    mifare_master_key: bytes | None = field(default=None, repr=False)


class _Failure(Exception):
    def __init__(self, status: EncodeStatus, detail: str) -> None:
        super().__init__(detail)
        self.status = status
        self.detail = detail


@dataclass
class _Link:
    """One connected card: transmit APDUs, fail with a typed status."""

    encoder: PcscEncoder
    handle: int
    protocol: int
    reader: str
    atr: bytes

    def transmit(self, apdu: bytes, what: str) -> tuple[bytes, int]:
        hresult, response = scard.SCardTransmit(self.handle, self.protocol, list(apdu))
        if hresult != scard.SCARD_S_SUCCESS:
            raise self.encoder._failure_from(
                hresult, f"{what}: {scard.SCardGetErrorMessage(hresult)}", self.reader
            )
        if not response:
            # The reader got nothing back: the chip left the field or lost power mid-command.
            raise self.encoder._lost_contact(f"{what}: no answer from the chip", self.reader)
        if len(response) < 2:
            raise _Failure(EncodeStatus.COMMUNICATION_ERROR, f"{what}: response shorter than a status word")
        return bytes(response[:-2]), (response[-2] << 8) | response[-1]


@dataclass(frozen=True, slots=True)
class _ChipKindOps:
    write: Callable[[_Link, bytes], bytes]  # framed data -> what was read back
    read: Callable[[_Link], bytes]


@dataclass(frozen=True, slots=True)
class _Done:
    detail: str
    data: bytes | None = None
    uri: str | None = None


class PcscEncoder:
    """``content`` (optional) decides what the chip holds once its UID is known: the payload bound to
    the UID, and the link an NTAG carries as NDEF. Without it the payload is written as given."""

    def __init__(
        self, settings: EncoderSettings | None = None, *, content: ChipContent | None = None
    ) -> None:
        self.settings = settings or EncoderSettings()
        self._pattern = re.compile(self.settings.reader_pattern, re.IGNORECASE)
        self._context: int | None = None
        self._content = content
        master = self.settings.mifare_master_key
        self._diversifier = KeyDiversifier(master) if master else None
        self._uid_bytes: bytes | None = None

    # -- public --------------------------------------------------------------------------------
    def encode(self, payload: bytes) -> EncodeResult:
        def write(link: _Link, kind: ChipKind, ops: _ChipKindOps, uid: str | None) -> _Done:
            data = payload
            if self._content is not None and uid:
                data = self._content.bind(data, bytes.fromhex(uid))
            uri = self._content.link(data) if self._content is not None else None
            # Phones read NDEF: an NTAG with a link carries it first.
            framed = ndef.encode(uri, data) if kind is ChipKind.MIFARE_ULTRALIGHT and uri else frame(data)
            read_back = ops.write(link, framed)
            if read_back[: len(framed)] != framed:
                raise _Failure(
                    EncodeStatus.VERIFY_MISMATCH,
                    f"read back {read_back[: len(framed)].hex()} differs from written {framed.hex()}",
                )
            return _Done(f"{len(data)} bytes written and verified")

        return self._on_card(write)

    def read(self) -> EncodeResult:
        def read(link: _Link, kind: ChipKind, ops: _ChipKindOps, uid: str | None) -> _Done:
            raw = ops.read(link)
            data: bytes | None
            uri = None
            if kind is ChipKind.MIFARE_ULTRALIGHT and raw[:1] == bytes([ndef.NDEF_TLV]):
                try:
                    parsed = ndef.parse(raw)
                except ndef.NdefError:
                    data = None
                else:
                    data, uri = parsed.payload, parsed.uri
            else:
                data = unframe(raw)
            return _Done("read" if data else "chip holds no card payload", data, uri)

        return self._on_card(read)

    def _on_card(self, work: Callable[[_Link, ChipKind, _ChipKindOps, str | None], _Done]) -> EncodeResult:
        """Connect to the card, tell its kind and UID, run ``work``; every failure becomes a result."""
        started = time.perf_counter()
        uid = chip = None
        try:
            with self._connected() as link:
                kind, chip = classify_atr(link.atr)
                uid = self._uid(link)
                ops = self._chip_kind_ops(kind)
                if ops is None:
                    raise _Failure(
                        EncodeStatus.WRONG_CARD_TYPE, f"unsupported chip: {chip}, ATR {link.atr.hex()}"
                    )
                done = work(link, kind, ops, uid)
        except _Failure as failure:
            return self._result(failure.status, uid, chip, failure.detail, started)
        return self._result(EncodeStatus.OK, uid, chip, done.detail, started, done.data, done.uri)

    def _chip_kind_ops(self, kind: ChipKind) -> _ChipKindOps | None:
        """How to write and read the data area of this kind of chip (the one dispatch table)."""
        return {
            ChipKind.MIFARE_CLASSIC_1K: _ChipKindOps(self._mifare_classic, self._read_mifare_classic),
            ChipKind.MIFARE_ULTRALIGHT: _ChipKindOps(self._ultralight, self._read_ultralight),
            ChipKind.ISO7816: _ChipKindOps(self._iso7816, self._read_iso7816),
        }.get(kind)

    def close(self) -> None:
        if self._context is not None:
            scard.SCardReleaseContext(self._context)
            self._context = None

    # -- connection ------------------------------------------------------------------------------
    def _result(
        self,
        status: EncodeStatus,
        uid: str | None,
        chip: str | None,
        detail: str,
        started: float,
        data: bytes | None = None,
        uri: str | None = None,
    ) -> EncodeResult:
        elapsed = (time.perf_counter() - started) * 1000
        level = logging.INFO if status is EncodeStatus.OK else logging.WARNING
        log.log(level, "encoder %s: uid=%s chip=%s %s (%.1f ms)", status.value, uid, chip, detail, elapsed)
        return EncodeResult(status, uid, chip, detail, elapsed, data, uri)

    def _get_context(self) -> int:
        if self._context is None:
            hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
            if hresult != scard.SCARD_S_SUCCESS:
                raise _Failure(
                    EncodeStatus.READER_NOT_FOUND,
                    f"PC/SC service unavailable: {scard.SCardGetErrorMessage(hresult)}",
                )
            self._context = context
        return self._context

    def _find_reader(self) -> str:
        for attempt in range(2):
            context = self._get_context()
            hresult, readers = scard.SCardListReaders(context, [])
            if (
                hresult
                in (scard.SCARD_E_NO_SERVICE, scard.SCARD_E_SERVICE_STOPPED, scard.SCARD_E_INVALID_HANDLE)
                and attempt == 0
            ):
                self.close()  # pcscd restarted since the context was made: make a new one
                continue
            if hresult == scard.SCARD_E_NO_READERS_AVAILABLE:
                readers = []
            elif hresult != scard.SCARD_S_SUCCESS:
                raise _Failure(
                    EncodeStatus.READER_NOT_FOUND,
                    f"cannot list readers: {scard.SCardGetErrorMessage(hresult)}",
                )
            for reader in readers:
                if self._pattern.search(reader):
                    return reader
            raise _Failure(
                EncodeStatus.READER_NOT_FOUND,
                f"no reader matches {self.settings.reader_pattern!r}; readers: {readers}",
            )
        raise _Failure(EncodeStatus.READER_NOT_FOUND, "PC/SC service unavailable")

    def _wait_for_card(self, reader: str) -> None:
        try:
            for event_state in reader_states(self._get_context(), reader, self.settings.card_timeout_s):
                if event_state & (scard.SCARD_STATE_UNKNOWN | scard.SCARD_STATE_UNAVAILABLE):
                    raise _Failure(EncodeStatus.READER_GONE, f"reader {reader} disappeared")
                if event_state & scard.SCARD_STATE_PRESENT and not event_state & scard.SCARD_STATE_MUTE:
                    return
        except ReaderStateError as exc:
            raise self._failure_from(exc.hresult, "waiting for card", reader) from None
        raise _Failure(EncodeStatus.NO_CARD, f"no card in {reader} within {self.settings.card_timeout_s} s")

    @contextmanager
    def _connected(self) -> Iterator[_Link]:
        reader = self._find_reader()
        self._wait_for_card(reader)
        share = scard.SCARD_SHARE_EXCLUSIVE if self.settings.exclusive else scard.SCARD_SHARE_SHARED
        hresult, handle, protocol = scard.SCardConnect(
            self._get_context(), reader, share, scard.SCARD_PROTOCOL_T0 | scard.SCARD_PROTOCOL_T1
        )
        if hresult != scard.SCARD_S_SUCCESS:
            raise self._failure_from(hresult, f"connect: {scard.SCardGetErrorMessage(hresult)}", reader)
        try:
            hresult, _, _, _, atr = scard.SCardStatus(handle)
            if hresult != scard.SCARD_S_SUCCESS:
                raise self._failure_from(hresult, f"status: {scard.SCardGetErrorMessage(hresult)}", reader)
            yield _Link(self, handle, protocol, reader, bytes(atr))
        finally:
            scard.SCardDisconnect(handle, scard.SCARD_LEAVE_CARD)

    def _failure_from(self, hresult: int, detail: str, reader: str) -> _Failure:
        if hresult in _REMOVED:
            return _Failure(EncodeStatus.CARD_REMOVED, detail)
        if hresult in _RESET:
            return _Failure(EncodeStatus.CARD_RESET, detail)
        if hresult in _READER_GONE:
            self.close()
            return _Failure(EncodeStatus.READER_GONE, detail)
        if hresult in _BUSY:
            return _Failure(EncodeStatus.READER_BUSY, detail)
        # "Transaction failed" and the like: tell a card that left the field from a flaky link by
        # asking pcscd, which notices a removal at its next poll of the reader (~0.4 s).
        if self._card_left(reader):
            return _Failure(EncodeStatus.CARD_REMOVED, f"{detail} (card no longer present)")
        return _Failure(EncodeStatus.COMMUNICATION_ERROR, detail)

    def _lost_contact(self, detail: str, reader: str) -> _Failure:
        if self._card_left(reader):
            return _Failure(EncodeStatus.CARD_REMOVED, f"{detail} (card left the reader)")
        # Still (or again) in the field: it was power-cycled and lost its session (authentication,
        # selected file), so whatever was being written is in an unknown state.
        return _Failure(EncodeStatus.CARD_RESET, f"{detail} (card still present: it was reset)")

    def _card_left(self, reader: str, within_s: float = 1.0) -> bool:
        try:
            context = self._get_context()
        except _Failure:
            return False
        try:
            return any(state & scard.SCARD_STATE_EMPTY for state in reader_states(context, reader, within_s))
        except ReaderStateError:
            return True  # the reader itself failed: the card is no longer reachable there

    # -- card kinds ------------------------------------------------------------------------------
    def _uid(self, link: _Link) -> str | None:
        self._uid_bytes = None
        data, sw = link.transmit(bytes.fromhex("FFCA000000"), "get UID")
        if sw != SW_OK:
            return None  # a contact card has no UID; it is not an error
        self._uid_bytes = data
        return data.hex().upper()

    def _mifare_auth(
        self, link: _Link, block: int, key_type: str | None = None, *, raise_on_refusal: bool = True
    ) -> bool:
        code = 0x60 if (key_type or self.settings.mifare_key_type) == "A" else 0x61
        _, sw = link.transmit(
            bytes([0xFF, 0x86, 0x00, 0x00, 0x05, 0x01, 0x00, block, code, 0x00]),
            f"authenticate block {block}",
        )
        if sw != SW_OK and raise_on_refusal:
            raise _Failure(
                EncodeStatus.AUTH_FAILED, f"authentication to sector {block // 4} refused (SW {sw:04X})"
            )
        return sw == SW_OK

    def _mifare_load_key(self, link: _Link, key: bytes | None = None) -> None:
        _, sw = link.transmit(
            bytes([0xFF, 0x82, 0x00, 0x00, 0x06]) + (key or self.settings.mifare_key), "load key"
        )
        if sw != SW_OK:
            raise _Failure(EncodeStatus.AUTH_FAILED, f"reader refused to load the key (SW {sw:04X})")

    def _mifare_open_sector(self, link: _Link, block: int, *, write: bool) -> None:
        """Authenticate to the sector of ``block``. Diversified cards: key B to write, key A to read;
        a blank still on its transport key is opened with that key (first personalisation)."""
        if self._diversifier is None or self._uid_bytes is None:
            self._mifare_auth(link, block)
            return
        keys = self._diversifier.keys(self._uid_bytes, block // 4)
        self._mifare_load_key(link, keys.key_b if write else keys.key_a)
        if self._mifare_auth(link, block, "B" if write else "A", raise_on_refusal=False):
            return
        # Not (yet) ours: a blank with the configured transport key.
        self._mifare_load_key(link)
        self._mifare_auth(link, block)

    def _mifare_read_blocks(self, link: _Link, blocks: list[int]) -> bytes:
        out = bytearray()
        sector = None
        for block in blocks:
            if block // 4 != sector:
                self._mifare_open_sector(link, block, write=False)
                sector = block // 4
            data, sw = link.transmit(bytes([0xFF, 0xB0, 0x00, block, 0x10]), f"read block {block}")
            if sw != SW_OK or len(data) != 16:
                raise _Failure(
                    EncodeStatus.COMMUNICATION_ERROR, f"read of block {block} failed (SW {sw:04X})"
                )
            out += data
        return bytes(out)

    def _mifare_classic(self, link: _Link, framed: bytes) -> bytes:
        data = pad(framed, 16)
        try:
            blocks = mifare_classic_data_blocks(self.settings.mifare_start_block, len(data) // 16)
        except ValueError as exc:
            raise _Failure(EncodeStatus.CARD_TOO_SMALL, str(exc)) from None
        self._mifare_load_key(link)
        sector = None
        for index, block in enumerate(blocks):
            if block // 4 != sector:
                if sector is not None:
                    self._mifare_seal(link, sector)
                self._mifare_open_sector(link, block, write=True)
                sector = block // 4
            chunk = data[index * 16 : index * 16 + 16]
            _, sw = link.transmit(bytes([0xFF, 0xD6, 0x00, block, 0x10]) + chunk, f"write block {block}")
            if sw != SW_OK:
                raise _Failure(EncodeStatus.WRITE_REFUSED, f"write of block {block} refused (SW {sw:04X})")
        if sector is not None:
            self._mifare_seal(link, sector)
        # Read back through the new keys: proves the data and that the sector opens with them.
        return self._mifare_read_blocks(link, blocks)

    def _mifare_seal(self, link: _Link, sector: int) -> None:
        """Write the sector trailer: this card's own keys and the access bits (still authenticated)."""
        if self._diversifier is None or self._uid_bytes is None:
            return
        trailer = sector * 4 + 3
        sealed = self._diversifier.keys(self._uid_bytes, sector).trailer()
        _, sw = link.transmit(bytes([0xFF, 0xD6, 0x00, trailer, 0x10]) + sealed, f"write trailer {trailer}")
        if sw != SW_OK:
            raise _Failure(
                EncodeStatus.WRITE_REFUSED, f"write of the keys of sector {sector} refused (SW {sw:04X})"
            )

    def _read_mifare_classic(self, link: _Link) -> bytes:
        self._mifare_load_key(link)
        first = mifare_classic_data_blocks(self.settings.mifare_start_block, 1)
        head = self._mifare_read_blocks(link, first)
        if not head.startswith(MAGIC):
            return head
        count = -(-(HEADER_LENGTH + head[HEADER_LENGTH - 1]) // 16)
        return self._mifare_read_blocks(
            link, mifare_classic_data_blocks(self.settings.mifare_start_block, count)
        )

    def _ultralight_read(self, link: _Link, first_page: int, length: int) -> bytes:
        out = bytearray()
        page = first_page
        while len(out) < length:
            data, sw = link.transmit(bytes([0xFF, 0xB0, 0x00, page, 0x10]), f"read page {page}")
            if sw != SW_OK or len(data) != 16:
                raise _Failure(EncodeStatus.COMMUNICATION_ERROR, f"read of page {page} failed (SW {sw:04X})")
            out += data
            page += 4
        return bytes(out[:length])

    def _ultralight(self, link: _Link, framed: bytes) -> bytes:
        data = pad(framed, 4)
        start = self.settings.ultralight_start_page
        last_page = start + len(data) // 4 - 1
        # Probe the last page needed before writing anything: an Ultralight (48 user bytes) must be
        # rejected as too small untouched, not half written.
        _, sw = link.transmit(bytes([0xFF, 0xB0, 0x00, last_page, 0x04]), f"probe page {last_page}")
        if sw != SW_OK or last_page > 0xFF:
            raise _Failure(
                EncodeStatus.CARD_TOO_SMALL,
                f"chip has no page {last_page} (SW {sw:04X}); needs {len(data)} bytes from page {start}",
            )
        if framed[:1] == bytes([ndef.NDEF_TLV]):
            # An NDEF tag says its data area size in the capability container (page 3).
            cc, sw = link.transmit(bytes([0xFF, 0xB0, 0x00, 0x03, 0x04]), "read capability container")
            size = ndef.capacity(cc) if sw == SW_OK else None
            if size is not None and len(framed) > size:
                raise _Failure(
                    EncodeStatus.CARD_TOO_SMALL,
                    f"NDEF message of {len(framed)} bytes exceeds the tag's {size}-byte data area",
                )
        for index in range(len(data) // 4):
            page = start + index
            _, sw = link.transmit(
                bytes([0xFF, 0xD6, 0x00, page, 0x04]) + data[index * 4 : index * 4 + 4], f"write page {page}"
            )
            if sw != SW_OK:
                raise _Failure(EncodeStatus.WRITE_REFUSED, f"write of page {page} refused (SW {sw:04X})")
        return self._ultralight_read(link, start, len(data))

    def _read_ultralight(self, link: _Link) -> bytes:
        head = self._ultralight_read(link, self.settings.ultralight_start_page, 16)
        if head[:1] == bytes([ndef.NDEF_TLV]):
            length = head[1] + 3 if head[1] != 0xFF else int.from_bytes(head[2:4], "big") + 5
            return self._ultralight_read(link, self.settings.ultralight_start_page, length)
        if not head.startswith(MAGIC):
            return head
        return self._ultralight_read(link, self.settings.ultralight_start_page, HEADER_LENGTH + head[3])

    def _iso_select(self, link: _Link) -> None:
        aid = self.settings.iso_aid
        _, sw = link.transmit(bytes([0x00, 0xA4, 0x04, 0x00, len(aid)]) + aid + b"\x00", "select application")
        if sw != SW_OK and sw >> 8 != 0x61:
            raise _Failure(
                EncodeStatus.WRONG_CARD_TYPE, f"card has no union card application {aid.hex()} (SW {sw:04X})"
            )
        fid = self.settings.iso_file_id
        _, sw = link.transmit(bytes([0x00, 0xA4, 0x02, 0x0C, len(fid)]) + fid, "select file")
        if sw != SW_OK:
            raise _Failure(EncodeStatus.WRONG_CARD_TYPE, f"card has no file {fid.hex()} (SW {sw:04X})")

    def _iso_read(self, link: _Link, length: int) -> bytes:
        out = bytearray()
        while len(out) < length:
            size = min(self.settings.iso_chunk_size, length - len(out))
            offset = len(out)
            data, sw = link.transmit(
                bytes([0x00, 0xB0, offset >> 8, offset & 0xFF, size]), f"read at {offset}"
            )
            if sw != SW_OK or not data:
                raise _Failure(
                    EncodeStatus.COMMUNICATION_ERROR, f"read binary at {offset} failed (SW {sw:04X})"
                )
            out += data
        return bytes(out[:length])

    def _iso7816(self, link: _Link, framed: bytes) -> bytes:
        self._iso_select(link)
        chunk = self.settings.iso_chunk_size
        for offset in range(0, len(framed), chunk):
            part = framed[offset : offset + chunk]
            _, sw = link.transmit(
                bytes([0x00, 0xD6, offset >> 8, offset & 0xFF, len(part)]) + part,
                f"update binary at {offset}",
            )
            if sw in _OUT_OF_MEMORY_SW:
                raise _Failure(
                    EncodeStatus.CARD_TOO_SMALL, f"file too small at offset {offset} (SW {sw:04X})"
                )
            if sw != SW_OK:
                refused = sw in _WRITE_REFUSED_SW
                status = EncodeStatus.WRITE_REFUSED if refused else EncodeStatus.COMMUNICATION_ERROR
                raise _Failure(status, f"update binary at {offset} refused (SW {sw:04X})")
        return self._iso_read(link, len(framed))

    def _read_iso7816(self, link: _Link) -> bytes:
        self._iso_select(link)
        head = self._iso_read(link, HEADER_LENGTH)
        if not head.startswith(MAGIC):
            return head
        return self._iso_read(link, HEADER_LENGTH + head[3])
