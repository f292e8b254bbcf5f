"""Connection settings for the 1C adapters.

The field names match ``gateway.settings.OneCSettings`` so the core can pass its settings object
straight to :meth:`ConnectionSettings.from_object`. Secrets never have defaults here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal
from zoneinfo import ZoneInfo

from .retry import RetryPolicy

Transport = Literal["odata", "soap"]
SoapVersion = Literal["1.1", "1.2"]


@dataclass(frozen=True)
class ConnectionSettings:
    # Infobase publication root, e.g. http://1c.local/registry (the OData root is <base>/odata/standard.odata/)
    base_url: str
    username: str
    password: str = field(default="", repr=False)
    # 1C sends dates without a zone: they are the server's local time.
    server_timezone: str = "Europe/Moscow"
    timeout_seconds: float = 30.0
    connect_timeout_seconds: float = 5.0
    # The first call of a client (1C idle: working process started, configuration loaded,
    # session opened) may take much longer than the others.
    first_call_timeout_seconds: float = 120.0
    # A call after this long without an answer counts as a first call again.
    idle_after_seconds: float = 300.0
    retry: RetryPolicy = field(default_factory=RetryPolicy)
    # Size the connection pool to 1C's session pool: more parallel requests only earn 406s.
    pool_size: int = 4
    # Concurrent calls of this process to one base (all clients together); 406 backoff stays.
    max_concurrent_calls: int = 4
    # Keep one 1C session across a client's calls (IBSession: start / ibsession cookie / finish).
    reuse_sessions: bool = True
    # $format of JSON reads. nometadata (1C documents it for 8.3.x) drops odata.metadata and the
    # X@navigationLinkUrl annotations: a third less bytes per member row. "json" = minimal.
    json_format: str = "application/json;odata=nometadata"
    # $metadata is cached per base for this long (process-wide).
    metadata_cache_seconds: float = 3600.0
    page_size: int = 5000
    read_transport: Transport = "odata"
    push_transport: Transport = "odata"
    # Empty: <base_url>/ws/<mapping.soap.service>?wsdl
    soap_wsdl_url: str = ""
    # Empty: <base_url>/ws/<service>. 1C writes its internal host name into the WSDL, so the
    # address inside the WSDL is never used.
    soap_address: str = ""
    soap_version: SoapVersion = "1.1"
    # zeep's SQLite cache file for the WSDL; empty = in-memory cache for this process.
    wsdl_cache_path: str = ""
    wsdl_cache_seconds: int = 24 * 3600
    # Code of the gateway's exchange-plan node; empty = mapping.exchange.node_code.
    exchange_node: str = ""

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.server_timezone)

    @classmethod
    def from_object(cls, obj: Any, **overrides: Any) -> ConnectionSettings:
        """Build from any object with matching attributes (e.g. the gateway's pydantic settings)."""
        values: dict[str, Any] = {}
        for name in cls.__dataclass_fields__:
            if hasattr(obj, name):
                value = getattr(obj, name)
                if hasattr(value, "get_secret_value"):
                    value = value.get_secret_value()
                values[name] = value
        values.update(overrides)
        return cls(**values)
