"""The ``gateway`` command line."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from gateway.settings import Settings, SettingsError, get_settings


def _settings() -> Settings:
    try:
        return get_settings()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None


@click.group()
def main() -> None:
    """Card-issuance gateway of the union's electronic cards (ЭПБ)."""


@main.group()
def db() -> None:
    """Database schema (Alembic migrations are its only source)."""


@db.command("upgrade")
@click.option("--revision", default="head")
def db_upgrade(revision: str) -> None:
    from gateway.migrate import NewerDatabase, upgrade

    try:
        upgrade(_settings().database_url, revision)
    except NewerDatabase as exc:
        raise click.ClickException(str(exc)) from None
    click.echo("database is at " + revision)


@db.command("check")
def db_check() -> None:
    """Fail if the models and the migrated database disagree or there are several heads."""
    from gateway.migrate import engine_for, heads, model_drift

    settings = _settings()
    h = heads(settings.database_url)
    drift = model_drift(engine_for(settings.database_url))
    if len(h) != 1 or drift:
        raise click.ClickException(f"heads={h} drift={drift}")
    click.echo("models and migrations agree; single head " + h[0])


@main.command("serve")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=8080, type=int)
@click.option("--threads", default=8, type=int)
@click.option(
    "--trusted-proxy",
    default=None,
    help="Address of the reverse proxy whose X-Forwarded-For / -Proto headers are believed",
)
def serve(host: str, port: int, threads: int, trusted_proxy: str | None) -> None:
    """Serve the web service with waitress (a production WSGI server that also runs on Windows).

    One process with a pool of threads; in production run several processes (one per core) on
    different ports behind a reverse proxy — see deploy/ and the README.
    """
    from waitress import serve as waitress_serve

    from gateway.app import create_app

    app = create_app(_settings())
    click.echo(f"gateway listening on http://{host}:{port}/")
    proxy: dict[str, Any] = {}
    if trusted_proxy:
        # The client's address (login throttling, /metrics networks) comes from the proxy's header.
        proxy = {
            "trusted_proxy": trusted_proxy,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
            "clear_untrusted_proxy_headers": True,
        }
    waitress_serve(app, host=host, port=port, threads=threads, ident="gateway", **proxy)


@main.command("check")
def check() -> None:
    """The readiness checks of /readyz for scripts: JSON on stdout, exit code 0 when ready, 1 if not."""
    from gateway.app import create_app
    from gateway.health import readiness

    app = create_app(_settings())
    ext = app.extensions
    try:
        ok, body = readiness(ext["gateway.settings"], ext["gateway.engine"], ext.get("celery"))
    finally:
        ext["gateway.engine"].dispose()
    click.echo(json.dumps(body, ensure_ascii=False, indent=2))
    sys.exit(0 if ok else 1)


@main.command("worker", context_settings={"ignore_unknown_options": True})
@click.argument("celery_args", nargs=-1, type=click.UNPROCESSED)
def worker(celery_args: tuple[str, ...]) -> None:
    """Run a Celery worker (extra arguments go to Celery: -Q, -c, --pool …)."""
    from gateway.app import create_app

    celery = create_app(_settings()).extensions["celery"]
    celery.worker_main(["worker", "--loglevel=INFO", *celery_args])


@main.command("station", context_settings={"ignore_unknown_options": True})
@click.option("--name", required=True, help="Station name from [printing.stations]")
@click.argument("celery_args", nargs=-1, type=click.UNPROCESSED)
def station(name: str, celery_args: tuple[str, ...]) -> None:
    """Run a print station worker (Celery queue station.<name>, one card at a time)."""
    from gateway.printing.devices import UnknownStation
    from gateway.printing.runner import StationBusy, run_station

    try:
        sys.exit(run_station(_settings(), name, list(celery_args)))
    except (UnknownStation, StationBusy) as exc:
        raise click.ClickException(str(exc)) from None


@main.command("beat", context_settings={"ignore_unknown_options": True})
@click.argument("celery_args", nargs=-1, type=click.UNPROCESSED)
def beat(celery_args: tuple[str, ...]) -> None:
    """Run Celery beat (the periodic jobs: batching, incremental 1C sync)."""
    from gateway.app import create_app
    from gateway.beat_jobs import install_beat_recorder

    settings = _settings()
    app = create_app(settings)
    celery = app.extensions["celery"]
    # Each job beat sends is recorded in the database: /readyz and the queues page read it.
    install_beat_recorder(celery, app.extensions["gateway.engine"])
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    schedule = str(settings.data_dir / "celerybeat-schedule")
    celery.start(["beat", "--loglevel=INFO", "-s", schedule, *celery_args])


@main.group()
def token() -> None:
    """API tokens."""


@token.command("create")
@click.option("--name", required=True)
@click.option("--kind", type=click.Choice(["region", "onec_sync", "operator"]), required=True)
@click.option("--region", "region_code", help="Region code, for --kind region")
def token_create(name: str, kind: str, region_code: str | None) -> None:
    """Create a token and print it once (only its hash is stored)."""
    from sqlalchemy import select

    from gateway.api_tokens import create_token
    from gateway.db import make_engine, make_sessionmaker, unit_of_work
    from gateway.errors import DomainError
    from gateway.models import Organisation, TokenKind

    settings = _settings()
    with unit_of_work(make_sessionmaker(make_engine(settings.database_url))) as session:
        region_id = None
        if region_code:
            region_id = session.scalar(select(Organisation.id).where(Organisation.region_code == region_code))
            if region_id is None:
                raise click.ClickException(f"no region with code {region_code}")
        try:
            tok, plain = create_token(session, name=name, kind=TokenKind(kind), region_id=region_id)
        except DomainError as exc:
            raise click.ClickException(exc.message) from None
        click.echo(json.dumps({"id": tok.id, "kind": kind, "token": plain}, ensure_ascii=False))


@main.command("demo-data")
@click.option("--regions", default=5, type=int)
@click.option("--members", default=2000, type=int)
@click.option("--seed", default=1, type=int)
def demo_data(regions: int, members: int, seed: int) -> None:
    """Generate a small registry (organisations and members) for demos."""
    from gateway.db import make_engine
    from gateway.demo import generate_registry

    settings = _settings()
    counts = generate_registry(
        make_engine(settings.database_url), regions=regions, members=members, seed=seed
    )
    click.echo(json.dumps(counts))


@main.group()
def batches() -> None:
    """Print batches."""


@batches.command("form")
@click.option("--force", is_flag=True, help="Batch everything that waits, ignoring the minimum size")
def batches_form(force: bool) -> None:
    from gateway.batching.service import form_batches
    from gateway.db import make_engine, make_sessionmaker, unit_of_work

    settings = _settings()
    with unit_of_work(make_sessionmaker(make_engine(settings.database_url))) as session:
        formed = form_batches(session, settings.batching, actor="cli", force=force)
        ids = [(b.id, b.card_count) for b in formed]
    click.echo(json.dumps({"batches": ids}))


@main.command("embedded")
@click.option("--host", default="127.0.0.1")
@click.option("--port", default=8080, type=int)
@click.option("--members", default=5000, type=int, help="Size of the generated demo registry")
@click.option("--regions", default=5, type=int)
def embedded(host: str, port: int, members: int, regions: int) -> None:
    """Run everything on the embedded default (SQLite, SQLite broker): web, worker, beat."""
    from gateway.embedded import banner, prepare, supervise

    settings = _settings()
    demo = prepare(settings, members=members, regions=regions)
    click.echo(banner(host, port, demo, settings.data_dir))
    sys.exit(supervise(settings, host=host, port=port))


def _register_adapters() -> None:
    from adapters.onec.emulator.cli import emulator_1c

    main.add_command(emulator_1c, "emulator-1c")
    from gateway.sync.cli import COMMANDS as sync_commands  # gateway sync | reconcile | outbox

    for command in sync_commands:
        main.add_command(command)


from gateway.users_cli import user as _user_group  # noqa: E402  (web users: gateway user create)

main.add_command(_user_group, "user")
from gateway.virtual.cli import partner as _partner_group  # noqa: E402  (gateway partner create)

main.add_command(_partner_group, "partner")
_register_adapters()

if __name__ == "__main__":
    sys.exit(main())
