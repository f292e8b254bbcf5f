"""A virtual contactless card that plugs into ``vsmartcard-vpcd`` (the virtual PC/SC reader).

vpcd listens on TCP (35963 for the reader "Virtual PCD 00 00", 35964 for "... 00 01"); the card
connects to it as a client. Every message both ways is a 2-byte big-endian length and a body. A
1-byte body from vpcd is a control code: 0 power off, 1 power on, 2 reset (no answer to these three),
4 "send your ATR" (vpcd also uses this to poll whether the card is still present). Any longer body is
a command APDU and the card answers with the response APDU. Closing the socket removes the card.

The card emulates what a contactless reader presents for each card kind, so the encoder is tested
exactly as on a printer's reader: MIFARE Classic 1K and Ultralight/NTAG through the reader's PC/SC
Part 3 pseudo-APDUs (the reader would translate them into the card's own commands), and an ISO 7816-4
card with a file system (SELECT / READ BINARY / UPDATE BINARY). Fault switches make it misbehave.

Run alone:  python -m adapters.pcsc.virtual_card --type mifare_classic_1k --port 35963
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import os
import socket
import struct
import threading
import time
from dataclasses import dataclass

from adapters.pcsc.atr import (
    CARD_NAME_FELICA_212K,
    CARD_NAME_MIFARE_CLASSIC_1K,
    CARD_NAME_MIFARE_ULTRALIGHT,
    STANDARD_FELICA,
    STANDARD_ISO14443A_PART3,
    iso_card_atr,
    storage_card_atr,
)
from adapters.pcsc.mifare_keys import access_conditions

log = logging.getLogger(__name__)

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 35963
DEFAULT_MIFARE_KEY = b"\xff" * 6
DEFAULT_ISO_AID = bytes.fromhex("F0455042310001")
DEFAULT_ISO_FILE_ID = bytes.fromhex("E104")

CARD_TYPES = ("mifare_classic_1k", "mifare_ultralight", "ntag213", "iso7816", "unsupported")

SW_OK = b"\x90\x00"
SW_FAILED = b"\x63\x00"  # PC/SC Part 3: the operation failed (also a refused write)
SW_SECURITY = b"\x69\x82"  # security status not satisfied
SW_NOT_ALLOWED = b"\x69\x86"  # command not allowed (no current EF, read-only block)
SW_NOT_FOUND = b"\x6a\x82"
SW_WRONG_P1P2 = b"\x6b\x00"
SW_WRONG_LENGTH = b"\x67\x00"
SW_INS_UNKNOWN = b"\x6d\x00"
SW_CLA_UNKNOWN = b"\x6e\x00"
SW_FUNCTION_UNSUPPORTED = b"\x6a\x81"


@dataclass
class CardFaults:
    """Switches that make the card misbehave; change them at any time from a test."""

    remove_after_writes: int | None = None  # answer N writes, then leave the field on the next one
    reset_after_writes: int | None = None  # answer N writes, then power-cycle (leave and come back)
    refuse_writes: bool = False
    corrupt_reads: bool = False


class _Memory:
    """The card's persistent state: survives removal from the reader, like a real chip."""

    def __init__(
        self, card_type: str, uid: bytes, mifare_key: bytes, iso_aid: bytes, iso_file_id: bytes
    ) -> None:
        self.card_type = card_type
        self.uid = uid
        if card_type == "mifare_classic_1k":
            self.blocks = [bytearray(16) for _ in range(64)]
            self.blocks[0][: len(uid)] = uid
            self.blocks[0][4] = uid[0] ^ uid[1] ^ uid[2] ^ uid[3]  # BCC, as on a real card
            for sector in range(16):
                # Transport configuration: key A, access bits FF 07 80 69, key B.
                self.blocks[sector * 4 + 3][:] = mifare_key + bytes.fromhex("FF078069") + mifare_key
        elif card_type in ("mifare_ultralight", "ntag213"):
            page_count = 16 if card_type == "mifare_ultralight" else 45
            self.pages = [bytearray(4) for _ in range(page_count)]
            self.pages[0][:3] = uid[:3]
            self.pages[1][:] = uid[3:7]
            if card_type == "ntag213":
                self.pages[3][:] = bytes.fromhex("E1101200")  # NDEF capability container, 144 bytes
        self.iso_aid = iso_aid
        self.iso_file_id = iso_file_id
        self.iso_file = bytearray(512)


class VirtualCard:
    """One virtual card in one virtual reader, served from a background thread.

    ``insert()`` connects the card to vpcd (the reader sees it at its next poll, up to ~0.4 s),
    ``remove()`` takes it out; the chip memory persists between the two. Use as a context manager.
    """

    def __init__(
        self,
        card_type: str = "mifare_classic_1k",
        *,
        host: str = DEFAULT_HOST,
        port: int = DEFAULT_PORT,
        uid: bytes | None = None,
        mifare_key: bytes = DEFAULT_MIFARE_KEY,
        iso_aid: bytes = DEFAULT_ISO_AID,
        iso_file_id: bytes = DEFAULT_ISO_FILE_ID,
        faults: CardFaults | None = None,
    ) -> None:
        if card_type not in CARD_TYPES:
            raise ValueError(f"unknown virtual card type {card_type!r}; known: {', '.join(CARD_TYPES)}")
        uid_length = 7 if card_type in ("mifare_ultralight", "ntag213") else 4
        uid = uid or os.urandom(uid_length)
        if len(uid) != uid_length:
            raise ValueError(f"a {card_type} UID has {uid_length} bytes")
        self.card_type = card_type
        self.host, self.port = host, port
        self.faults = faults or CardFaults()
        self.memory = _Memory(card_type, uid, mifare_key, iso_aid, iso_file_id)
        self.atr = _atr_for(card_type)
        self.writes = 0
        self.apdu_count = 0
        self._sock: socket.socket | None = None
        self._thread: threading.Thread | None = None
        self._stop = threading.Event()
        self._connected = threading.Event()
        self._reset_volatile()

    @property
    def uid(self) -> bytes:
        return self.memory.uid

    # -- lifecycle -------------------------------------------------------------------------------
    def insert(self, timeout: float = 5.0) -> VirtualCard:
        """Put the card in the reader (connect to vpcd); raises ConnectionError if vpcd is absent."""
        if self._thread and self._thread.is_alive():
            return self
        self._stop.clear()
        self._connected.clear()
        deadline = time.monotonic() + timeout
        while True:
            try:
                sock = socket.create_connection((self.host, self.port), timeout=1.0)
                break
            except OSError as exc:
                if time.monotonic() > deadline:
                    raise ConnectionError(f"vpcd not reachable at {self.host}:{self.port}: {exc}") from exc
                time.sleep(0.05)
        sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        sock.settimeout(None)
        self._sock = sock
        self._reset_volatile()
        self._thread = threading.Thread(
            target=self._serve, args=(sock,), name=f"virtual-card-{self.port}", daemon=True
        )
        self._thread.start()
        self._connected.set()
        return self

    def remove(self) -> None:
        """Take the card out of the reader."""
        self._stop.set()
        sock, self._sock = self._sock, None
        if sock is not None:
            with contextlib.suppress(OSError):
                sock.shutdown(socket.SHUT_RDWR)
            sock.close()
        if self._thread is not None and self._thread is not threading.current_thread():
            self._thread.join(timeout=2.0)
        self._thread = None

    @property
    def inserted(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def __enter__(self) -> VirtualCard:
        return self.insert()

    def __exit__(self, *exc: object) -> None:
        self.remove()

    # -- wire ------------------------------------------------------------------------------------
    def _serve(self, sock: socket.socket) -> None:
        try:
            while not self._stop.is_set():
                header = _recv_exact(sock, 2)
                if header is None:
                    break
                (length,) = struct.unpack(">H", header)
                body = _recv_exact(sock, length) if length else b""
                if body is None:
                    break
                answer = self._control(body[0]) if length == 1 else self._apdu(body)
                if answer is _LEAVE_FIELD:
                    break
                if answer is _POWER_CYCLE:
                    sock.close()
                    self._reconnect_later()
                    return
                if isinstance(answer, bytes):
                    sock.sendall(struct.pack(">H", len(answer)) + answer)
        except OSError as exc:
            if not self._stop.is_set():
                log.debug("virtual card connection closed: %s", exc)
        finally:
            with contextlib.suppress(OSError):
                sock.close()

    def _reconnect_later(self) -> None:
        # A power glitch: the card drops out of the field and comes straight back.
        def again() -> None:
            time.sleep(0.05)
            if not self._stop.is_set():
                self._thread = None
                self.insert()

        threading.Thread(target=again, daemon=True).start()

    def _control(self, code: int) -> bytes | None:
        if code == 4:
            return self.atr
        if code in (0, 1, 2):  # power off / on / reset: volatile state is lost, nothing is answered
            self._reset_volatile()
            return None
        log.warning("virtual card: unknown vpcd control code %d", code)
        return None

    def _reset_volatile(self) -> None:
        self._keys: dict[int, bytes] = {}
        self._authenticated_sector: int | None = None
        self._authenticated_key: int | None = None
        self._application_selected = False
        self._file_selected = False

    # -- commands --------------------------------------------------------------------------------
    def _apdu(self, apdu: bytes) -> bytes | object | None:
        self.apdu_count += 1
        if len(apdu) < 4:
            return SW_WRONG_LENGTH
        cla, ins, p1, p2 = apdu[:4]
        is_write = (cla, ins) in ((0xFF, 0xD6), (0x00, 0xD6))
        if is_write:
            if self.faults.remove_after_writes is not None and self.writes >= self.faults.remove_after_writes:
                self._stop.set()
                return _LEAVE_FIELD
            if self.faults.reset_after_writes is not None and self.writes >= self.faults.reset_after_writes:
                self.faults.reset_after_writes = None
                return _POWER_CYCLE
        if cla == 0xFF and ins == 0xCA and p1 == 0x00:
            return self.uid + SW_OK
        if self.card_type == "unsupported":
            return SW_FUNCTION_UNSUPPORTED
        if self.card_type == "mifare_classic_1k":
            return self._mifare_classic(apdu)
        if self.card_type in ("mifare_ultralight", "ntag213"):
            return self._ultralight(apdu)
        return self._iso7816(apdu)

    def _write_refused(self) -> bool:
        return self.faults.refuse_writes

    def _corrupt(self, data: bytes) -> bytes:
        if not self.faults.corrupt_reads or not data:
            return data
        return bytes([data[0] ^ 0x01]) + data[1:]

    def _mifare_classic(self, apdu: bytes) -> bytes:
        cla, ins, p1, p2 = apdu[:4]
        if cla != 0xFF:
            return SW_CLA_UNKNOWN
        if ins == 0x82:  # LOAD KEYS into the reader's volatile key slot p2
            if len(apdu) != 11 or apdu[4] != 6:
                return SW_WRONG_LENGTH
            self._keys[p2] = bytes(apdu[5:11])
            return SW_OK
        if ins in (0x86, 0x88):  # GENERAL AUTHENTICATE (or the obsolete short form)
            if ins == 0x86:
                if len(apdu) < 10 or apdu[4] != 5 or apdu[5] != 0x01:
                    return SW_WRONG_LENGTH
                block, key_type, slot = apdu[7], apdu[8], apdu[9]
            else:
                block = p2
                key_type = apdu[4] if len(apdu) > 4 else 0x60
                slot = apdu[5] if len(apdu) > 5 else 0
            if block >= 64 or key_type not in (0x60, 0x61) or slot not in self._keys:
                return SW_FAILED
            trailer = self.memory.blocks[(block // 4) * 4 + 3]
            expected = bytes(trailer[0:6]) if key_type == 0x60 else bytes(trailer[10:16])
            if self._keys[slot] != expected:
                self._authenticated_sector = None
                return SW_FAILED
            self._authenticated_sector = block // 4
            self._authenticated_key = key_type
            return SW_OK
        if ins in (0xB0, 0xD6):
            block = p2
            if p1 != 0 or block >= 64:
                return SW_WRONG_P1P2
            if self._authenticated_sector != block // 4:
                return SW_SECURITY
            if ins == 0xB0:
                length = apdu[4] if len(apdu) > 4 else 16
                if length not in (0, 16):
                    return SW_WRONG_LENGTH
                return self._corrupt(bytes(self.memory.blocks[block])) + SW_OK
            if len(apdu) != 21 or apdu[4] != 16:
                return SW_WRONG_LENGTH
            if block == 0:
                return SW_NOT_ALLOWED  # manufacturer block is read-only
            if not self._write_allowed(block):
                return SW_FAILED  # the access bits forbid this key to write here, as on the chip
            if self._write_refused():
                return SW_FAILED
            self.memory.blocks[block][:] = apdu[5:21]
            self.writes += 1
            return SW_OK
        return SW_INS_UNKNOWN

    def _write_allowed(self, block: int) -> bool:
        """MF1S50 access conditions for writing a data block or a trailer with the authenticated key."""
        trailer = self.memory.blocks[(block // 4) * 4 + 3]
        conditions = access_conditions(bytes(trailer[6:9]))
        if conditions is None:
            return False  # malformed access bits block the sector on a real chip
        c = conditions[block % 4]
        key_b = self._authenticated_key == 0x61
        if block % 4 == 3:  # trailer: who may write the keys (and access bits)
            return c in ((0, 0, 0), (0, 0, 1)) if not key_b else c in ((1, 0, 0), (0, 1, 1))
        if c == (0, 0, 0):
            return True
        return key_b and c in ((1, 0, 0), (1, 1, 0), (0, 1, 1))

    def _ultralight(self, apdu: bytes) -> bytes:
        cla, ins, p1, page = apdu[:4]
        pages = self.memory.pages
        if cla != 0xFF:
            return SW_CLA_UNKNOWN
        if ins == 0xB0:  # READ: the card answers 4 pages (16 bytes) from the given page, reader trims
            length = apdu[4] if len(apdu) > 4 else 16
            if p1 != 0 or page >= len(pages):
                return SW_FAILED
            if length == 0 or length > 16:
                length = 16
            data = b"".join(bytes(pages[(page + i) % len(pages)]) for i in range(4))[:length]
            return self._corrupt(data) + SW_OK
        if ins == 0xD6:  # WRITE one page
            if len(apdu) != 9 or apdu[4] != 4:
                return SW_WRONG_LENGTH
            if p1 != 0 or page >= len(pages) or page < 2:
                return SW_FAILED
            if self._write_refused():
                return SW_FAILED
            if page in (2, 3):  # lock bytes and OTP bits can only be set, never cleared
                pages[page][:] = bytes(a | b for a, b in zip(pages[page], apdu[5:9], strict=True))
            else:
                pages[page][:] = apdu[5:9]
            self.writes += 1
            return SW_OK
        return SW_INS_UNKNOWN

    def _iso7816(self, apdu: bytes) -> bytes:
        cla, ins, p1, p2 = apdu[:4]
        if cla == 0xFF:
            return SW_FUNCTION_UNSUPPORTED
        if cla & 0xF0 != 0x00:
            return SW_CLA_UNKNOWN
        lc = apdu[4] if len(apdu) > 5 else 0
        data = apdu[5 : 5 + lc]
        if ins == 0xA4:  # SELECT
            if p1 == 0x04:
                self._application_selected = data == self.memory.iso_aid
                self._file_selected = False
                return SW_OK if self._application_selected else SW_NOT_FOUND
            if p1 in (0x00, 0x02):
                if not self._application_selected or data != self.memory.iso_file_id:
                    return SW_NOT_FOUND
                self._file_selected = True
                return SW_OK
            return SW_WRONG_P1P2
        if ins in (0xB0, 0xD6):
            if not self._file_selected:
                return SW_NOT_ALLOWED
            offset = (p1 << 8) | p2
            size = len(self.memory.iso_file)
            if ins == 0xB0:
                length = apdu[4] if len(apdu) == 5 else 0
                length = length or 256
                if offset >= size:
                    return SW_WRONG_P1P2
                return self._corrupt(bytes(self.memory.iso_file[offset : offset + length])) + SW_OK
            if offset + len(data) > size:
                return SW_WRONG_P1P2
            if self._write_refused():
                return SW_SECURITY
            self.memory.iso_file[offset : offset + len(data)] = data
            self.writes += 1
            return SW_OK
        return SW_INS_UNKNOWN


_LEAVE_FIELD = object()
_POWER_CYCLE = object()


def _atr_for(card_type: str) -> bytes:
    if card_type == "mifare_classic_1k":
        return storage_card_atr(STANDARD_ISO14443A_PART3, CARD_NAME_MIFARE_CLASSIC_1K)
    if card_type in ("mifare_ultralight", "ntag213"):
        return storage_card_atr(STANDARD_ISO14443A_PART3, CARD_NAME_MIFARE_ULTRALIGHT)
    if card_type == "unsupported":
        return storage_card_atr(STANDARD_FELICA, CARD_NAME_FELICA_212K)
    return iso_card_atr(b"EPB-VCARD1")


def _recv_exact(sock: socket.socket, size: int) -> bytes | None:
    chunks = bytearray()
    while len(chunks) < size:
        chunk = sock.recv(size - len(chunks))
        if not chunk:
            return None
        chunks += chunk
        # vpcd writes the length and the APDU as two small segments without TCP_NODELAY; unless we
        # acknowledge at once, Nagle on its side waits for our delayed ACK: 40 ms on every APDU.
        if _QUICKACK is not None:
            sock.setsockopt(socket.IPPROTO_TCP, _QUICKACK, 1)
    return bytes(chunks)


_QUICKACK = getattr(socket, "TCP_QUICKACK", None)


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description="Virtual contactless card for vsmartcard-vpcd")
    parser.add_argument("--type", choices=CARD_TYPES, default="mifare_classic_1k")
    parser.add_argument("--host", default=DEFAULT_HOST)
    parser.add_argument("--port", type=int, default=DEFAULT_PORT)
    parser.add_argument("--uid", help="UID in hex (4 bytes for MIFARE Classic/ISO, 7 for Ultralight/NTAG)")
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.INFO)
    card = VirtualCard(
        args.type, host=args.host, port=args.port, uid=bytes.fromhex(args.uid) if args.uid else None
    )
    card.insert()
    log.info(
        "virtual %s card with UID %s inserted in vpcd %s:%d",
        args.type,
        card.uid.hex().upper(),
        args.host,
        args.port,
    )
    try:
        while card.inserted:
            time.sleep(0.5)
    except KeyboardInterrupt:
        pass
    finally:
        card.remove()


if __name__ == "__main__":
    main()
