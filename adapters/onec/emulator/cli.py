"""``gateway emulator-1c`` / ``python -m adapters.onec.emulator``: run the 1C emulator."""

from __future__ import annotations

import logging
import sys
import time

import click

from ..mapping import load_mapping
from .app import EmulatorConfig
from .faults import FaultConfig
from .server import EmulatorOptions, build_server


@click.command("emulator-1c")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8081, show_default=True, type=int, help="0 picks a free port (printed).")
@click.option("--members", default=10_000, show_default=True, type=int, help="Members to generate.")
@click.option("--seed", default=1, show_default=True, type=int, help="Same seed, same data.")
@click.option(
    "--data-file",
    type=click.Path(dir_okay=False),
    default=None,
    help="SQLite file; data survives restarts. Default: a temporary file.",
)
@click.option(
    "--mapping",
    "mapping_file",
    type=click.Path(exists=True, dir_okay=False),
    default=None,
    help="1C names (config/onec.toml format). Default: built-in defaults.",
)
@click.option("--base", default="registry", show_default=True, help="Infobase publication name in URLs.")
@click.option("--user", default="Шлюз", show_default=True)
@click.option("--password", default="эпб-2024", show_default=True)
@click.option(
    "--sessions",
    default=8,
    show_default=True,
    type=int,
    help="Size of 1C's session pool; more concurrent requests get 406.",
)
@click.option(
    "--internal-address",
    default="http://srv-1c-app01.eseur.local",
    show_default=True,
    help="Host written into the WSDL, as 1C does.",
)
@click.option("--latency-ms", default=0, type=int, help="Fault: added latency per request.")
@click.option("--fault-406-probability", default=0.0, type=float, help="Fault: random 406 answers.")
@click.option("--fault-500-probability", default=0.0, type=float, help="Fault: random 500 (code -1) answers.")
@click.option("--fault-drop-probability", default=0.0, type=float, help="Fault: random dropped connections.")
@click.option("--down", is_flag=True, help="Fault: answer 503 to everything.")
def emulator_1c(
    host: str,
    port: int,
    members: int,
    seed: int,
    data_file: str | None,
    mapping_file: str | None,
    base: str,
    user: str,
    password: str,
    sessions: int,
    internal_address: str,
    latency_ms: int,
    fault_406_probability: float,
    fault_500_probability: float,
    fault_drop_probability: float,
    down: bool,
) -> None:
    """Serve an emulated 1C:Enterprise registry (OData + SOAP) with realistic data and faults."""
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    started = time.monotonic()
    options = EmulatorOptions(
        host=host,
        port=port,
        members=members,
        seed=seed,
        data_file=data_file,
        mapping=load_mapping(mapping_file),
        config=EmulatorConfig(
            base=base,
            username=user,
            password=password,
            session_limit=sessions,
            internal_address=internal_address,
        ),
        faults=FaultConfig(
            latency_ms=latency_ms,
            status_406_probability=fault_406_probability,
            status_500_probability=fault_500_probability,
            drop_probability=fault_drop_probability,
            down=down,
        ),
    )
    server, _store = build_server(options)
    actual_port = server.effective_port
    # Tests and scripts wait for this exact line (stdout, flushed).
    click.echo(
        f"1C emulator ready on http://{host}:{actual_port}/{base} (startup {time.monotonic() - started:.1f}s)"
    )
    sys.stdout.flush()
    try:
        server.run()
    except KeyboardInterrupt:
        pass
    finally:
        server.close()
