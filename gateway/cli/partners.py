"""``gateway partner create``: a partner account (personal-account site, app) with its token."""

from __future__ import annotations

import json

import click

from gateway.virtual.models import PartnerScope


@click.group()
def partner() -> None:
    """Partners of the virtual ЭПБ (personal account, mobile app)."""


@partner.command("create")
@click.option("--name", required=True)
@click.option(
    "--scope", "scopes", multiple=True, required=True, type=click.Choice([s.value for s in PartnerScope]),
    help="Repeat for several scopes.",
)  # fmt: skip
@click.option("--webhook-url", default=None, help="Where card changes are POSTed (scope webhooks)")
def partner_create(name: str, scopes: tuple[str, ...], webhook_url: str | None) -> None:
    """Create a partner; prints its API token and webhook secret once (never shown again)."""
    from gateway.db.session import make_engine, make_sessionmaker, unit_of_work
    from gateway.settings import load_settings
    from gateway.virtual.partners import create_partner

    settings = load_settings()
    with unit_of_work(make_sessionmaker(make_engine(settings.database_url))) as session:
        account, token, secret = create_partner(session, name=name, scopes=scopes, webhook_url=webhook_url)
        click.echo(
            json.dumps(
                {"id": account.id, "scopes": account.scopes, "token": token, "webhook_secret": secret},
                ensure_ascii=False,
            )
        )
