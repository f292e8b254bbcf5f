"""The 1C registry the sync jobs use, built from the gateway's settings."""

from __future__ import annotations

from typing import Any

from adapters.onec import ConnectionSettings, ODataRegistry, build_registry, load_mapping
from gateway.metrics import instrument_onec_session
from gateway.settings import Settings


def connection_settings(settings: Settings, **overrides: Any) -> ConnectionSettings:
    return ConnectionSettings.from_object(settings.onec, **overrides)


def open_registry(settings: Settings, **overrides: Any) -> ODataRegistry:
    """A registry client (nothing is sent until the first call); close it when done."""
    mapping = load_mapping(settings.onec.mapping_file)
    registry = build_registry(connection_settings(settings, **overrides), mapping)
    instrument_onec_session(registry.client.session)  # 1C latency and errors in /metrics (OData and SOAP)
    return registry
