"""``gateway batches form``: print batches."""

from __future__ import annotations

import json

import click

from gateway.cli.settings import cli_settings


@click.group("batches")
def batches() -> None:
    """Print batches."""


@batches.command("form")
@click.option("--force", is_flag=True, help="Batch everything that waits, ignoring the minimum size")
def batches_form(force: bool) -> None:
    from gateway.batching.service import form_batches
    from gateway.db.session import make_engine, make_sessionmaker, unit_of_work

    settings = cli_settings()
    with unit_of_work(make_sessionmaker(make_engine(settings.database_url))) as session:
        formed = form_batches(session, settings.batching, actor="cli", force=force)
        ids = [(b.id, b.card_count) for b in formed]
    click.echo(json.dumps({"batches": ids}))
