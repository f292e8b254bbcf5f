"""One typed settings object for the whole service.

Values come from ``config/gateway.toml`` (documented defaults) and are overridden by environment
variables prefixed ``GATEWAY_`` (nested sections with ``__``: ``GATEWAY_BATCHING__MAX_SIZE=300``).
Invalid values stop the process at start-up with a message naming the setting.
"""

from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import (
    BaseSettings,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PROJECT_ROOT = Path(__file__).resolve().parent.parent
CONFIG_DIR = Path(os.environ.get("GATEWAY_CONFIG_DIR", PROJECT_ROOT / "config"))


class NumberScheme(BaseModel):
    """16-digit card numbers: issuer prefix + region code + sequence + Luhn check digit."""

    issuer_prefix: str = "964300"
    region_digits: int = 2
    # Sequence width is whatever is left of the 15 payload digits.

    @field_validator("issuer_prefix")
    @classmethod
    def _digits(cls, v: str) -> str:
        if not v.isdigit():
            raise ValueError("must contain digits only")
        return v

    @model_validator(mode="after")
    def _fits(self) -> NumberScheme:
        if len(self.issuer_prefix) + self.region_digits > 13:
            raise ValueError("issuer_prefix + region_digits leave fewer than 2 digits for the sequence")
        return self

    @property
    def sequence_digits(self) -> int:
        return 15 - len(self.issuer_prefix) - self.region_digits


class RegionBatching(BaseModel):
    max_size: int | None = None
    min_size: int | None = None
    max_wait_hours: float | None = None


class BatchingRules(BaseModel):
    max_size: int = Field(500, ge=1)
    min_size: int = Field(100, ge=1)
    max_wait_hours: float = Field(72.0, gt=0)
    reissue_first: bool = True
    split_by_region: bool = False
    card_cost_rub: float = Field(95.0, ge=0)
    schedule_minutes: float = Field(15.0, gt=0)
    regions: dict[str, RegionBatching] = Field(default_factory=dict)

    @model_validator(mode="after")
    def _sizes(self) -> BatchingRules:
        if self.min_size > self.max_size:
            raise ValueError("min_size must not exceed max_size")
        return self


class UploadSettings(BaseModel):
    max_file_mb: float = Field(50.0, gt=0)
    max_rows: int = Field(200_000, ge=1)
    chunk_rows: int = Field(2_000, ge=10)
    writers: int = Field(2, ge=1, le=8)
    max_bulk_items: int = Field(1_000, ge=1)


class OneCSettings(BaseModel):
    base_url: str = "http://127.0.0.1:8081/registry"
    username: str = "Шлюз"
    password: SecretStr = SecretStr("")
    server_timezone: str = "Europe/Moscow"
    mapping_file: Path = CONFIG_DIR / "onec.toml"
    read_transport: Literal["odata"] = "odata"
    push_transport: Literal["odata", "soap"] = "odata"
    soap_wsdl_url: str = ""
    soap_address: str = ""
    soap_version: Literal["1.1", "1.2"] = "1.1"
    timeout_seconds: float = Field(30.0, gt=0)
    page_size: int = Field(5_000, ge=1)
    exchange_node: str = ""
    # 1C's first call after idle (working process start, session log-in) may be slow.
    first_call_timeout_seconds: float = Field(120.0, gt=0)
    # Concurrent calls of one process to this base; 1C's web-server session pool is small.
    max_concurrent_calls: int = Field(4, ge=1)
    # One 1C session per client (IBSession: start / ibsession cookie / finish), not one per call.
    reuse_sessions: bool = True
    incremental_minutes: float = Field(10.0, gt=0)
    emulator: bool = True


class WebSettings(BaseModel):
    """The web pages: sessions and login throttling."""

    session_hours: float = Field(12.0, gt=0)
    login_window_minutes: float = Field(15.0, gt=0)
    login_max_failures_per_account: int = Field(5, ge=1)
    login_max_failures_per_ip: int = Field(30, ge=1)
    # Login attempts older than this are deleted by a daily beat job; throttling needs only the window.
    login_attempts_keep_days: float = Field(30.0, gt=0)
    page_size: int = Field(50, ge=5, le=500)

    @model_validator(mode="after")
    def _keep_covers_window(self) -> WebSettings:
        # Pruning inside the window would forget failures and silently lift a throttle.
        if self.login_attempts_keep_days * 24 * 60 < self.login_window_minutes:
            raise ValueError("login_attempts_keep_days must cover login_window_minutes")
        return self


class OperationsSettings(BaseModel):
    """Running in production: logs, metrics, readiness (``[ops]``)."""

    # text: the human format; json: one JSON object per line for log collectors.
    log_format: Literal["text", "json"] = "text"
    # /metrics answers only with this bearer token when set; without one, only to allowed_networks.
    metrics_token: SecretStr = SecretStr("")
    # Addresses that may read /metrics without a token (the scraper reaches the web processes
    # directly, not through the reverse proxy, which must not forward /metrics).
    metrics_networks: list[str] = Field(default_factory=lambda: ["127.0.0.0/8", "::1/128"])
    # /readyz fails when Celery beat has sent nothing for this long (at least twice its shortest
    # interval is used, so a slow schedule never reads as a dead beat).
    beat_stale_seconds: float = Field(300.0, gt=0)
    # Seconds each readiness probe (database, broker) may take.
    probe_timeout_seconds: float = Field(3.0, gt=0)

    @field_validator("metrics_networks")
    @classmethod
    def _networks(cls, v: list[str]) -> list[str]:
        import ipaddress

        for net in v:
            ipaddress.ip_network(net, strict=False)  # ValueError names the bad entry
        return v


class WatchdogSettings(BaseModel):
    """The watchdog beat job that finds work whose owner is gone (gateway/watchdog.py)."""

    minutes: float = Field(2.0, gt=0)  # beat interval
    # A batch on a live station with queued cards and no card started or finished for this long
    # is started again; a queued upload waits this long in the broker before it is sent again.
    stale_minutes: float = Field(10.0, gt=0)


from gateway.printing.settings import PrintingSettings  # noqa: E402  (print stations: [printing])
from gateway.sync.settings import SyncSettings  # noqa: E402  (1C sync and outbox: [sync])
from gateway.virtual.settings import VirtualSettings  # noqa: E402  (virtual ЭПБ: [virtual])


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="GATEWAY_",
        env_nested_delimiter="__",
        extra="forbid",
    )

    environment: Literal["development", "production", "test"] = "development"
    database_url: str = "sqlite:///var/gateway.sqlite"
    broker_url: str = "sqla+sqlite:///var/broker.sqlite"
    secret_key: SecretStr = SecretStr("")
    data_dir: Path = PROJECT_ROOT / "var"
    log_level: str = "INFO"
    numbers: NumberScheme = Field(default_factory=NumberScheme)
    batching: BatchingRules = Field(default_factory=BatchingRules)
    uploads: UploadSettings = Field(default_factory=UploadSettings)
    onec: OneCSettings = Field(default_factory=OneCSettings)
    printing: PrintingSettings = Field(default_factory=PrintingSettings)
    sync: SyncSettings = Field(default_factory=SyncSettings)
    web: WebSettings = Field(default_factory=WebSettings)
    ops: OperationsSettings = Field(default_factory=OperationsSettings)
    watchdog: WatchdogSettings = Field(default_factory=WatchdogSettings)
    virtual: VirtualSettings = Field(default_factory=VirtualSettings)

    @field_validator("database_url")
    @classmethod
    def _db_url(cls, v: str) -> str:
        if not v.startswith(("postgresql", "sqlite")):
            raise ValueError("only postgresql:// and sqlite:// URLs are supported")
        # psycopg 3 is the driver we ship; a bare postgresql:// would pick psycopg2.
        if v.startswith("postgresql://"):
            v = "postgresql+psycopg://" + v[len("postgresql://") :]
        return v

    @field_validator("secret_key")
    @classmethod
    def _secret(cls, v: SecretStr) -> SecretStr:
        if len(v.get_secret_value()) < 16:
            raise ValueError("must be set to a random string of at least 16 characters")
        return v

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml_file = Path(os.environ.get("GATEWAY_CONFIG_FILE", CONFIG_DIR / "gateway.toml"))
        return (
            init_settings,
            env_settings,
            TomlConfigSettingsSource(settings_cls, toml_file=toml_file, deep_merge=True),
        )


class SettingsError(RuntimeError):
    """Raised at start-up when the configuration is invalid; the message names each bad setting."""


def load_settings(**overrides: Any) -> Settings:
    try:
        return Settings(**overrides)
    except ValidationError as exc:
        lines = []
        for err in exc.errors():
            path = "__".join(str(p) for p in err["loc"]).upper()
            lines.append(f"  GATEWAY_{path}: {err['msg']}")
        raise SettingsError("Invalid gateway settings:\n" + "\n".join(lines)) from None


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    return load_settings()
