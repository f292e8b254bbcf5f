"""``gateway demo-data`` and ``gateway embedded``: demo data and the embedded default run."""

from __future__ import annotations

import json
import sys

import click

from gateway.cli.settings import cli_settings


@click.command("demo-data")
@click.option("--regions", default=5, type=int)
@click.option("--members", default=2000, type=int)
@click.option("--seed", default=1, type=int)
def demo_data(regions: int, members: int, seed: int) -> None:
    """Generate a small registry (organisations and members) for demos."""
    from gateway.db.session import make_engine
    from gateway.devtools.demo_registry import generate_registry

    settings = cli_settings()
    counts = generate_registry(
        make_engine(settings.database_url), regions=regions, members=members, seed=seed
    )
    click.echo(json.dumps(counts))


@click.command("embedded")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=8080, type=int)
@click.option("--members", default=5000, type=int, help="Size of the generated demo registry")
@click.option("--regions", default=5, type=int)
def embedded(host: str, port: int, members: int, regions: int) -> None:
    """Run everything on the embedded default (SQLite, SQLite broker): web, worker, beat."""
    from gateway.devtools.embedded_run import banner, prepare, supervise

    settings = cli_settings()
    demo = prepare(settings, members=members, regions=regions)
    click.echo(banner(host, port, demo, settings.data_dir))
    sys.exit(supervise(settings, host=host, port=port))
