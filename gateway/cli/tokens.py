"""``gateway token create``: API tokens."""

from __future__ import annotations

import json

import click

from gateway.cli.settings import cli_settings


@click.group("token")
def token() -> None:
    """API tokens."""


@token.command("create")
@click.option("--name", required=True)
@click.option("--kind", type=click.Choice(["region", "onec_sync", "operator"]), required=True)
@click.option("--region", "region_code", help="Region code, for --kind region")
def token_create(name: str, kind: str, region_code: str | None) -> None:
    """Create a token and print it once (only its hash is stored)."""
    from sqlalchemy import select

    from gateway.accounts.api_tokens import create_token
    from gateway.db.session import make_engine, make_sessionmaker, unit_of_work
    from gateway.errors import DomainError
    from gateway.models import Organisation, TokenKind

    settings = cli_settings()
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
