"""Settings for a command: a configuration error ends the command with its message, not a traceback."""

from __future__ import annotations

import click

from gateway.settings import Settings, SettingsError, get_settings


def cli_settings() -> Settings:
    try:
        return get_settings()
    except SettingsError as exc:
        raise click.ClickException(str(exc)) from None
