"""The long-running processes: ``gateway serve | worker | station | beat``, and ``gateway check``."""

from __future__ import annotations

import json
import sys

import click

from gateway.cli.settings import cli_settings


@click.command("serve")
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

    app = create_app(cli_settings())
    click.echo(f"gateway listening on http://{host}:{port}/")
    proxy: dict[str, object] = {}
    if trusted_proxy:
        # The client's address (login throttling, /metrics networks) comes from the proxy's header.
        proxy = {
            "trusted_proxy": trusted_proxy,
            "trusted_proxy_headers": {"x-forwarded-for", "x-forwarded-proto"},
            "clear_untrusted_proxy_headers": True,
        }
    waitress_serve(app, host=host, port=port, threads=threads, ident="gateway", **proxy)


@click.command("check")
def check() -> None:
    """The readiness checks of /readyz for scripts: JSON on stdout, exit code 0 when ready, 1 if not."""
    from gateway.app import create_app
    from gateway.health import readiness

    app = create_app(cli_settings())
    ext = app.extensions
    try:
        ok, body = readiness(ext["gateway.settings"], ext["gateway.engine"], ext.get("celery"))
    finally:
        ext["gateway.engine"].dispose()
    click.echo(json.dumps(body, ensure_ascii=False, indent=2))
    sys.exit(0 if ok else 1)


@click.command("worker", context_settings={"ignore_unknown_options": True})
@click.argument("celery_args", nargs=-1, type=click.UNPROCESSED)
def worker(celery_args: tuple[str, ...]) -> None:
    """Run a Celery worker (extra arguments go to Celery: -Q, -c, --pool …)."""
    from gateway.app import create_app

    celery = create_app(cli_settings()).extensions["celery"]
    celery.worker_main(["worker", "--loglevel=INFO", *celery_args])


@click.command("station", context_settings={"ignore_unknown_options": True})
@click.option("--name", required=True, help="Station name from [printing.stations]")
@click.argument("celery_args", nargs=-1, type=click.UNPROCESSED)
def station(name: str, celery_args: tuple[str, ...]) -> None:
    """Run a print station worker (Celery queue station.<name>, one card at a time)."""
    from gateway.printing.devices import UnknownStation
    from gateway.printing.runner import StationBusy, run_station

    try:
        sys.exit(run_station(cli_settings(), name, list(celery_args)))
    except (UnknownStation, StationBusy) as exc:
        raise click.ClickException(str(exc)) from None


@click.command("beat", context_settings={"ignore_unknown_options": True})
@click.argument("celery_args", nargs=-1, type=click.UNPROCESSED)
def beat(celery_args: tuple[str, ...]) -> None:
    """Run Celery beat (the periodic jobs: batching, incremental 1C sync)."""
    from gateway.app import create_app
    from gateway.beat_jobs import install_beat_recorder

    settings = cli_settings()
    app = create_app(settings)
    celery = app.extensions["celery"]
    # Each job beat sends is recorded in the database: /readyz and the queues page read it.
    install_beat_recorder(celery, app.extensions["gateway.engine"])
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    schedule = str(settings.data_dir / "celerybeat-schedule")
    celery.start(["beat", "--loglevel=INFO", "-s", schedule, *celery_args])
