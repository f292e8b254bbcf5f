"""Start-up of the development PC/SC stack after an unclean stop."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from adapters.pcsc.devstack import clear_stale_runtime
from tests.helpers import wait_for


def _dead_pid() -> int:
    proc = subprocess.Popen([sys.executable, "-c", "pass"])
    proc.wait()
    return proc.pid


def test_stale_pid_file_of_a_killed_pcscd_is_removed(tmp_path: Path) -> None:
    # pcscd writes "<pid>\n\0"; its socket stays behind too.
    (tmp_path / "pcscd.pid").write_bytes(f"{_dead_pid()}\n\0".encode())
    (tmp_path / "pcscd.comm").write_bytes(b"")
    assert clear_stale_runtime(tmp_path) is True
    assert list(tmp_path.iterdir()) == []


def test_pid_file_of_another_program_is_stale_too(tmp_path: Path) -> None:
    # The pid was reused by a process that is not pcscd (this test): pcscd would still refuse.
    (tmp_path / "pcscd.pid").write_text(f"{Path('/proc/self').resolve().name}\n")
    assert clear_stale_runtime(tmp_path) is True


def test_live_pcscd_is_left_alone(tmp_path: Path) -> None:
    # A stand-in process named "pcscd" (a copy of sleep), so the test needs no second pcscd.
    fake = tmp_path / "bin" / "pcscd"
    fake.parent.mkdir()
    fake.write_bytes(Path("/bin/sleep").read_bytes())
    fake.chmod(0o755)
    proc = subprocess.Popen([str(fake), "30"])
    comm = Path(f"/proc/{proc.pid}/comm")
    # Until the child has exec'd.
    wait_for(
        lambda: comm.read_text().strip() == "pcscd", timeout=5, interval=0.01, what="the stand-in process"
    )
    try:
        (tmp_path / "pcscd.pid").write_text(f"{proc.pid}\n")
        assert clear_stale_runtime(tmp_path) is False
        assert (tmp_path / "pcscd.pid").exists()
    finally:
        proc.kill()
        proc.wait()


def test_no_pid_file_means_nothing_to_do(tmp_path: Path) -> None:
    assert clear_stale_runtime(tmp_path) is False


def test_a_port_held_by_another_socket_is_waited_for_then_reported() -> None:
    import socket

    import pytest

    from adapters.pcsc.devstack import DevStackError, port_free, wait_for_vpcd_ports

    with socket.socket() as holder:
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        assert not port_free(port)
        with pytest.raises(DevStackError, match="ip_local_reserved_ports"):
            wait_for_vpcd_ports(timeout=0.5, ports=(port,))
    assert port_free(port)
    wait_for_vpcd_ports(timeout=0.5, ports=(port,))  # free: returns at once
