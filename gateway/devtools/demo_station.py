"""The print station of the embedded run: ``main``, spool printer in the data dir, and the real
PC/SC stack with a virtual chip in every blank when pcscd and vpcd are installed."""

from __future__ import annotations

import logging
import os

from adapters.pcsc.devstack import DevStackError, PcscdHandle, ensure_pcscd
from gateway.settings import Settings

log = logging.getLogger(__name__)

_PREFIX = "GATEWAY_PRINTING__STATIONS__MAIN__"


def station_environment(settings: Settings, env: dict[str, str]) -> tuple[dict[str, str], PcscdHandle | None]:
    """Environment for ``gateway station --name main``; starts pcscd when it can (caller stops it)."""
    env = dict(env)
    env.setdefault(_PREFIX + "PRINTER__KIND", "spool")
    env.setdefault(_PREFIX + "PRINTER__DIRECTORY", str(settings.data_dir / "spool" / "main"))
    env.setdefault(_PREFIX + "PRINTER__CONTROL_FILE", str(settings.data_dir / "spool" / "main-control.json"))
    if _PREFIX + "ENCODER__KIND" in env:
        return env, None
    try:
        # A developer's run falls back to the memory encoder rather than wait long for vpcd's ports.
        handle = ensure_pcscd(log_file=settings.data_dir / "logs" / "pcscd.log", port_wait=5.0)
    except DevStackError as exc:
        log.warning("print station main uses the memory encoder (no chip hardware): %s", exc)
        env[_PREFIX + "ENCODER__KIND"] = "memory"
        return env, None
    env[_PREFIX + "ENCODER__KIND"] = "pcsc"
    env.setdefault(_PREFIX + "PRINTER__VIRTUAL_CHIP", "mifare_classic_1k")
    env.setdefault(_PREFIX + "ENCODER__MIFARE_MASTER_KEY", _dev_master_key(settings))
    log.info("print station main encodes chips through pcscd + vpcd (a virtual chip in every blank)")
    return env, handle


def _dev_master_key(settings: Settings) -> str:
    """The embedded run's MIFARE master key: made once in the data dir (mode 0600), so the demo's
    chips are sealed as in production; production sets its own key in the environment."""
    path = settings.data_dir / "keys" / "mifare-master.hex"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.touch(mode=0o600)
        path.write_text(os.urandom(16).hex().upper(), encoding="ascii")
    return path.read_text(encoding="ascii").strip()
