"""Starting and stopping the development PC/SC stack: ``pcscd`` with the vpcd virtual readers.

Debian's packaged pcscd is socket-activated and exits when idle, which loses the vpcd readers
between test runs; so the stack is run as ``pcscd -f`` in the foreground, owned by the caller.
If a pcscd that already lists the virtual reader is running, it is used as is and left alone.
Used by the tests, the development run command and a print station without a real reader.
"""

from __future__ import annotations

import errno
import logging
import shutil
import socket
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

from smartcard import scard

from adapters.pcsc.reader_state import ReaderStateError, reader_states

log = logging.getLogger(__name__)

VIRTUAL_READER_PREFIX = "Virtual PCD"
VPCD_READER_PORTS = {"Virtual PCD 00 00": 35963, "Virtual PCD 00 01": 35964}
VPCD_DRIVER = Path("/usr/lib/pcsc/drivers/serial/libifdvpcd.so")
PCSCD_RUN_DIR = Path("/run/pcscd")


class DevStackError(RuntimeError):
    """The PC/SC development stack cannot be started; the message says what to install or run."""


def list_readers() -> list[str]:
    """Reader names pcscd reports, [] when pcscd is not running or has no reader."""
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return []
    try:
        hresult, readers = scard.SCardListReaders(context, [])
        return list(readers) if hresult == scard.SCARD_S_SUCCESS else []
    finally:
        scard.SCardReleaseContext(context)


@dataclass
class PcscdHandle:
    """A running pcscd; ``stop()`` ends it only if this handle started it."""

    process: subprocess.Popen[bytes] | None
    readers: list[str] = field(default_factory=list)

    @property
    def started_here(self) -> bool:
        return self.process is not None

    def stop(self, timeout: float = 5.0) -> None:
        if self.process is None or self.process.poll() is not None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=timeout)
        log.info("stopped pcscd (pid %d)", self.process.pid)


def _pid_alive(pid: int) -> bool:
    comm = Path(f"/proc/{pid}/comm")
    try:
        return comm.read_text().strip() == "pcscd"
    except OSError:
        return False


def clear_stale_runtime(run_dir: Path = PCSCD_RUN_DIR) -> bool:
    """Remove the pid file and socket a killed pcscd left behind; True if it removed them.

    pcscd refuses to start while ``pcscd.pid`` exists, even when that process is long gone (a
    machine stopped with pcscd running, a ``kill -9``), so the next start would fail for nothing.
    A pid file naming a live pcscd is left alone.
    """
    pid_file = run_dir / "pcscd.pid"
    try:
        pid = int(pid_file.read_text().strip("\0 \n") or "0")  # pcscd writes "1234\n\0"
    except (OSError, ValueError):
        pid = 0
    if not pid_file.exists() or (pid and _pid_alive(pid)):
        return False
    for name in ("pcscd.pid", "pcscd.comm"):
        (run_dir / name).unlink(missing_ok=True)
    log.warning("removed the stale pcscd runtime files in %s (pid %d was not running)", run_dir, pid)
    return True


def port_free(port: int, host: str = "") -> bool:
    """True when a listening socket could bind ``port`` now (vpcd binds it without SO_REUSEADDR)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        try:
            probe.bind((host, port))
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return False
            raise
    return True


def wait_for_vpcd_ports(timeout: float = 70.0, ports: tuple[int, ...] | None = None) -> None:
    """Wait until vpcd's fixed ports can be bound.

    They lie inside Linux's ephemeral range (32768-60999): any outgoing connection of any program
    (a database client, say) may take 35963 or 35964 as its source port, and keeps it in TIME-WAIT
    for 60 s after closing. vpcd then cannot listen and pcscd starts without the virtual readers. The
    lasting fix is to reserve the ports: ``sysctl -w net.ipv4.ip_local_reserved_ports=35963-35964``.
    """
    ports = ports or tuple(VPCD_READER_PORTS.values())
    deadline = time.monotonic() + timeout
    busy = [p for p in ports if not port_free(p)]
    if busy:
        log.warning("vpcd port(s) %s taken by another socket: waiting up to %.0f s", busy, timeout)
    while busy:
        if time.monotonic() > deadline:
            raise DevStackError(
                f"vpcd port(s) {busy} are taken by other sockets (an outgoing connection's "
                "source port?); reserve them: sysctl -w "
                "net.ipv4.ip_local_reserved_ports=35963-35964"
            )
        time.sleep(1.0)
        busy = [p for p in busy if not port_free(p)]


def ensure_pcscd(timeout: float = 10.0, log_file: Path | None = None, port_wait: float = 70.0) -> PcscdHandle:
    """Return a pcscd that lists the vpcd reader, starting ``pcscd -f`` if none runs."""
    readers = list_readers()
    if any(r.startswith(VIRTUAL_READER_PREFIX) for r in readers):
        return PcscdHandle(None, readers)
    binary = shutil.which("pcscd") or ("/usr/sbin/pcscd" if Path("/usr/sbin/pcscd").exists() else None)
    if binary is None:
        raise DevStackError(
            "pcscd is not installed: run scripts/install-system-deps.sh (Debian package pcscd)"
        )
    if not VPCD_DRIVER.exists():
        raise DevStackError(f"vpcd driver {VPCD_DRIVER} missing: install the Debian package vsmartcard-vpcd")
    clear_stale_runtime()
    wait_for_vpcd_ports(port_wait)
    output = log_file.open("ab") if log_file else subprocess.DEVNULL
    process = subprocess.Popen([binary, "-f"], stdout=output, stderr=output, stdin=subprocess.DEVNULL)
    log.info("started pcscd -f (pid %d)", process.pid)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise DevStackError(
                f"pcscd exited at once with code {process.returncode} "
                "(another pcscd holding /run/pcscd? not root?)"
            )
        readers = list_readers()
        if any(r.startswith(VIRTUAL_READER_PREFIX) for r in readers):
            return PcscdHandle(process, readers)
        time.sleep(0.1)
    handle = PcscdHandle(process)
    handle.stop()
    raise DevStackError(f"pcscd started but listed no '{VIRTUAL_READER_PREFIX}' reader within {timeout} s")


def wait_for_reader_state(reader: str, *, card_present: bool, timeout: float = 3.0) -> bool:
    """Block until pcscd reports the reader with (or without) a card; False on timeout.

    pcscd polls a vpcd reader every ~0.4 s, so a card swapped faster than that goes unnoticed:
    whoever inserts or removes virtual cards waits for pcscd to see it first.
    """
    hresult, context = scard.SCardEstablishContext(scard.SCARD_SCOPE_USER)
    if hresult != scard.SCARD_S_SUCCESS:
        return False
    try:
        return any(
            bool(state & scard.SCARD_STATE_PRESENT) == card_present
            for state in reader_states(context, reader, timeout)
        )
    except ReaderStateError:
        return False
    finally:
        scard.SCardReleaseContext(context)
