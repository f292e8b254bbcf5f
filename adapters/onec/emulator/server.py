"""Running the emulator: build the store, generate data if needed, serve with waitress.

waitress (already the gateway's own WSGI server) keeps HTTP/1.1 connections alive like the
Apache/IIS in front of a real 1C; werkzeug's development server closes every connection, which
made each small request (a status push) several times slower than against real 1C. Its thread
pool is larger than the emulated 1C session pool, so excess requests reach the application and
get 1C's 406 instead of queueing silently in the web server.
"""

from __future__ import annotations

import logging
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from waitress.server import create_server

from ..mapping import OneCMapping
from .app import EmulatorApp, EmulatorConfig
from .faults import FaultConfig, Faults
from .store import Store

log = logging.getLogger(__name__)


@dataclass
class EmulatorOptions:
    host: str = "127.0.0.1"
    port: int = 8081
    members: int = 10_000
    seed: int = 1
    data_file: str | None = None
    mapping: OneCMapping = field(default_factory=OneCMapping)
    config: EmulatorConfig = field(default_factory=EmulatorConfig)
    faults: FaultConfig = field(default_factory=FaultConfig)


def build_server(options: EmulatorOptions) -> tuple[Any, Store]:
    """(server, store); ``server.effective_port`` is the bound port, ``server.run()`` serves."""
    path = options.data_file
    if path is None:
        fd, path = tempfile.mkstemp(prefix="onec-emulator-", suffix=".sqlite")
        os.close(fd)
        os.unlink(path)
    else:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    store = Store(path, options.mapping)
    if store.initialise(options.members, options.seed):
        log.info("generated %d members (seed %d) in %s", options.members, options.seed, path)
    else:
        log.info("reusing data in %s", path)
    app = EmulatorApp(store, options.config, Faults(options.faults, seed=options.seed))
    server = create_server(
        app,
        host=options.host,
        port=options.port,
        threads=options.config.session_limit * 2 + 4,
        connection_limit=1000,
        ident="Apache",
        # Pages of 10,000 members are ~8 MB: keep them in memory rather than spill to temp files.
        outbuf_overflow=64 * 2**20,
        outbuf_high_watermark=256 * 2**20,
        channel_timeout=300,
    )
    return server, store
