"""The print station of the embedded run: ``main``, spool printer in the data dir, and the real
PC/SC stack with a virtual chip in every blank when pcscd and vpcd are installed."""

from __future__ import annotations

import logging

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
        handle = ensure_pcscd(log_file=settings.data_dir / "logs" / "pcscd.log")
    except DevStackError as exc:
        log.warning("print station main uses the memory encoder (no chip hardware): %s", exc)
        env[_PREFIX + "ENCODER__KIND"] = "memory"
        return env, None
    env[_PREFIX + "ENCODER__KIND"] = "pcsc"
    env.setdefault(_PREFIX + "PRINTER__VIRTUAL_CHIP", "mifare_classic_1k")
    log.info("print station main encodes chips through pcscd + vpcd (a virtual chip in every blank)")
    return env, handle
