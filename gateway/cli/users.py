"""``gateway user …``: web users from the command line (the first administrator, above all)."""

from __future__ import annotations

import json
import secrets
import sys

import click

from gateway.cli.settings import cli_settings


@click.group("user")
def user() -> None:
    """Users of the web pages."""


@user.command("create")
@click.option("--login", "login_name", required=True)
@click.option("--role", type=click.Choice(["admin", "operator", "regional", "auditor"]), required=True)
@click.option("--region", "region_code", help="Region code, for --role regional")
@click.option("--name", "display_name", default="", help="Name shown in the pages")
@click.option(
    "--password-stdin", is_flag=True, help="Read the password from standard input instead of generating one"
)
def user_create(
    login_name: str, role: str, region_code: str | None, display_name: str, password_stdin: bool
) -> None:
    """Create a user. Without --password-stdin a random password is generated and printed once."""
    from sqlalchemy import select

    from gateway.accounts.audit import audit
    from gateway.accounts.users import create_user
    from gateway.db.session import make_engine, make_sessionmaker, unit_of_work
    from gateway.errors import DomainError
    from gateway.models import Organisation, OrgKind, Role

    password = sys.stdin.readline().rstrip("\r\n") if password_stdin else None
    generated = password is None
    password = password or secrets.token_urlsafe(12)
    settings = cli_settings()
    engine = make_engine(settings.database_url)
    try:
        with unit_of_work(make_sessionmaker(engine)) as session:
            region_id = None
            if region_code:
                region_id = session.scalar(
                    select(Organisation.id).where(
                        Organisation.region_code == region_code, Organisation.kind == OrgKind.REGION
                    )
                )
                if region_id is None:
                    raise click.ClickException(f"no region with code {region_code}")
            try:
                u = create_user(
                    session,
                    login=login_name,
                    password=password,
                    role=Role(role),
                    display_name=display_name,
                    region_id=region_id,
                )
            except DomainError as exc:
                raise click.ClickException(exc.message) from None
            audit(
                session,
                "user_created",
                actor="cli",
                target_type="user",
                target_id=u.id,
                details={"role": role},
            )
            out: dict[str, object] = {"id": u.id, "login": u.login, "role": role}
            if generated:
                out["password"] = password
    finally:
        engine.dispose()
    click.echo(json.dumps(out, ensure_ascii=False))
