"""``gateway db upgrade | check``: the database schema."""

from __future__ import annotations

import click

from gateway.cli.settings import cli_settings


@click.group("db")
def db() -> None:
    """Database schema (Alembic migrations are its only source)."""


@db.command("upgrade")
@click.option("--revision", default="head")
def db_upgrade(revision: str) -> None:
    from gateway.db.migrate import NewerDatabase, upgrade

    try:
        upgrade(cli_settings().database_url, revision)
    except NewerDatabase as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("database is at " + revision)


@db.command("check")
def db_check() -> None:
    """Fail if the models and the migrated database disagree or there are several heads."""
    from gateway.db.migrate import engine_for, heads, model_drift

    settings = cli_settings()
    h = heads(settings.database_url)
    drift = model_drift(engine_for(settings.database_url))
    if len(h) != 1 or drift:
        raise click.ClickException(f"heads={h} drift={drift}")
    click.echo("models and migrations agree; single head " + h[0])
