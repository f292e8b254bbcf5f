"""The ``gateway`` command line: one module per command group, assembled here.

Every command keeps the name and options the README documents; ``python -m gateway.cli`` runs it
too (the embedded run starts its children that way).
"""

from __future__ import annotations

import click

from adapters.onec.emulator.cli import emulator_1c
from gateway.cli.batches import batches
from gateway.cli.db import db
from gateway.cli.devtools import demo_data, embedded
from gateway.cli.partners import partner
from gateway.cli.processes import beat, check, serve, station, worker
from gateway.cli.sync import outbox_group, reconcile_command, sync_command
from gateway.cli.tokens import token
from gateway.cli.users import user


@click.group()
def main() -> None:
    """Card-issuance gateway of the union's electronic cards (ЭПБ)."""


for _command in (db, serve, check, worker, station, beat, token, demo_data, batches, embedded, user, partner):
    main.add_command(_command)
main.add_command(emulator_1c, "emulator-1c")
for _command in (sync_command, reconcile_command, outbox_group):  # gateway sync | reconcile | outbox
    main.add_command(_command)
