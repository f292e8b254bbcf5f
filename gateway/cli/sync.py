"""``gateway sync``, ``gateway reconcile`` and ``gateway outbox``: the 1C link from the command line."""

from __future__ import annotations

import json
from typing import Any

import click

from gateway.cli.settings import cli_settings


def _echo(value: Any) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, default=str))


@click.command("sync")
@click.option("--full", "kind", flag_value="full", help="Organisations, members, open card orders")
@click.option("--incremental", "kind", flag_value="incremental", help="Only what changed in 1C")
@click.option("--no-resume", is_flag=True, help="--full: start over instead of resuming an unfinished run")
def sync_command(kind: str | None, no_resume: bool) -> None:
    """Sync the registry from 1C (a full run resumes an unfinished one)."""
    from adapters.onec import OneCError
    from gateway.db.locks import LockBusy
    from gateway.db.session import make_engine, make_sessionmaker
    from gateway.sync.connect import open_registry
    from gateway.sync.full import run_full_sync
    from gateway.sync.incremental import run_incremental_sync

    if kind is None:
        raise click.UsageError("choose --full or --incremental")
    settings = cli_settings()
    engine = make_engine(settings.database_url)
    registry = open_registry(settings)
    try:
        if kind == "full":
            result = run_full_sync(
                make_sessionmaker(engine), engine, settings, registry, resume=not no_resume
            )
        else:
            result = run_incremental_sync(make_sessionmaker(engine), engine, settings, registry)
    except LockBusy:
        raise click.ClickException("another sync is running (lock held); try again later") from None
    except OneCError as exc:
        raise click.ClickException(f"1C error, the run can be resumed: {type(exc).__name__}: {exc}") from None
    finally:
        registry.close()
        engine.dispose()
    _echo(result)


@click.command("reconcile")
def reconcile_command() -> None:
    """Print the reconciliation report (gateway against 1C) as JSON."""
    from gateway.db.session import make_engine, make_sessionmaker
    from gateway.sync.connect import open_registry
    from gateway.sync.reconcile import reconciliation_report

    settings = cli_settings()
    engine = make_engine(settings.database_url)
    registry = open_registry(settings)
    try:
        with make_sessionmaker(engine)() as session:
            _echo(reconciliation_report(session, registry))
    finally:
        registry.close()
        engine.dispose()


@click.group("outbox")
def outbox_group() -> None:
    """Statuses waiting for 1C."""


@outbox_group.command("deliver")
def outbox_deliver() -> None:
    """Deliver due statuses now (what the beat task does)."""
    from gateway.db.session import make_engine, make_sessionmaker
    from gateway.sync.connect import open_registry
    from gateway.sync.outbox import deliver_outbox

    settings = cli_settings()
    engine = make_engine(settings.database_url)
    try:
        report = deliver_outbox(
            make_sessionmaker(engine), engine, settings.sync, lambda: open_registry(settings)
        )
    finally:
        engine.dispose()
    _echo(report.as_dict())
