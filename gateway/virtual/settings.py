"""Settings of the virtual ЭПБ (``[virtual]`` in gateway.toml, ``GATEWAY_VIRTUAL__…`` in the env)."""

from __future__ import annotations

from pathlib import Path

from pydantic import BaseModel, Field, SecretStr


class VirtualSettings(BaseModel):
    # The address the QR code opens: the code holds <public_base_url>/v/<payload>. Empty: the
    # payload alone (offline checks only), as before this setting existed.
    public_base_url: str = ""
    # Member self-check (card number + date of birth): failures allowed per card number and per
    # partner within the window before every answer is 429 until the window passes.
    self_check_window_minutes: float = Field(15.0, gt=0)
    self_check_max_failures_per_card: int = Field(5, ge=1)
    self_check_max_failures_per_partner: int = Field(200, ge=1)
    # Partner webhooks: beat interval (a voided card reaches an app within a minute), backoff and
    # the attempts after which a message is dead (an operator can retry it).
    webhook_interval_seconds: float = Field(20.0, gt=0)
    webhook_timeout_seconds: float = Field(5.0, gt=0)
    webhook_base_delay_seconds: float = Field(10.0, gt=0)
    webhook_max_delay_seconds: float = Field(3600.0, gt=0)
    webhook_max_attempts: int = Field(12, ge=1)
    # Wallet pass (Apple Wallet / PassWallet): the pass-type certificate and key (PEM) and the WWDR
    # intermediate from Apple. Never in the repository; empty in development and tests, where a
    # self-made certificate is generated at run time (gateway.virtual.wallet.dev_pass_identity).
    pass_type_identifier: str = "pass.ru.eseur.epb"
    pass_team_identifier: str = "EPBTEST000"
    pass_certificate: Path | None = None
    pass_key: Path | None = None
    pass_key_password: SecretStr = SecretStr("")
    pass_wwdr_certificate: Path | None = None
    # Push to the phones: "apns" (Apple's service, HTTP/2 with the pass certificate) or "fake"
    # (a local outbox for development and tests).
    push: str = "fake"
