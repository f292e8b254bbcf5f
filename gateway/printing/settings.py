"""The ``[printing]`` settings section: card template, signing key, retry limit and the stations.

Kept free of gateway imports: ``gateway.settings`` imports this module while it is being built.
Each station names its printer and its chip encoder; secrets (MIFARE keys) come from the
environment, e.g. ``GATEWAY_PRINTING__STATIONS__MAIN__ENCODER__MIFARE_KEY=A0A1A2A3A4A5``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field, SecretStr, field_validator, model_validator

STATION_NAME = re.compile(r"^[a-z0-9][a-z0-9_-]{0,63}$")
VIRTUAL_CARD_TYPES = ("mifare_classic_1k", "mifare_ultralight", "ntag213", "iso7816")


class PrinterSettings(BaseModel):
    kind: Literal["spool", "ipp", "evolis"] = "spool"
    # spool: the folder the printed faces go to (default: <data_dir>/spool/<station>).
    directory: Path | None = None
    # spool: a JSON file of fault switches re-read before each card (cards_in_hopper,
    # ribbon_prints_left, jam_at_card, offline, chip_faults): demos and tests "load cards" with it.
    control_file: Path | None = None
    # spool: each blank card fed carries a fresh virtual chip of this type, inserted into vpcd
    # when the card reaches the encoder ("" = blanks without a virtual chip).
    virtual_chip: str = ""
    virtual_chip_port: int = Field(35963, ge=1, le=65535)
    # ipp: the printer URI (ipp://host:631/printers/name or http://host:port/ipp/print).
    uri: str = ""
    # evolis: the printer name as the Evolis SDK lists it ("" = the first one found).
    device: str = ""
    timeout_seconds: float = Field(30.0, gt=0)
    # Prints a full ribbon makes (e.g. 200 for YMCKO): turns a ribbon level reported in percent into
    # cards left, for the stations page's warning that a batch will not fit. Unset: percent only.
    ribbon_capacity_prints: int | None = Field(None, gt=0)

    @field_validator("virtual_chip")
    @classmethod
    def _chip(cls, v: str) -> str:
        if v and v not in VIRTUAL_CARD_TYPES:
            raise ValueError(f"must be one of {', '.join(VIRTUAL_CARD_TYPES)} or empty")
        return v

    @model_validator(mode="after")
    def _uri(self) -> PrinterSettings:
        if self.kind == "ipp" and not self.uri.startswith(("ipp://", "ipps://", "http://", "https://")):
            raise ValueError("an ipp printer needs uri = ipp://host:port/path")
        return self


class EncoderSettingsModel(BaseModel):
    kind: Literal["pcsc", "memory", "none"] = "memory"
    # A regular expression searched in the PC/SC reader names; the printer's built-in reader.
    reader_pattern: str = r"^Virtual PCD 00 00"
    card_timeout_s: float = Field(5.0, gt=0)
    # MIFARE Classic sector key (12 hex digits). The default is the public transport key of blank
    # cards; production keys are set in the environment, never in the repository.
    mifare_key: SecretStr = SecretStr("FFFFFFFFFFFF")
    mifare_key_type: Literal["A", "B"] = "A"
    # AES-128 master key (32 hex digits) from which every MIFARE Classic sector the station writes
    # gets keys of its own per card (adapters/pcsc/mifare_keys.py). Environment only:
    # GATEWAY_PRINTING__STATIONS__<NAME>__ENCODER__MIFARE_MASTER_KEY. Unset: the blanks keep their
    # transport keys (development; a warning is logged when the station starts).
    mifare_master_key: SecretStr | None = None

    @field_validator("reader_pattern")
    @classmethod
    def _pattern(cls, v: str) -> str:
        try:
            re.compile(v)
        except re.error as exc:
            raise ValueError(f"not a regular expression: {exc}") from None
        return v

    @field_validator("mifare_key")
    @classmethod
    def _key(cls, v: SecretStr) -> SecretStr:
        raw = v.get_secret_value().replace(" ", "")
        if not re.fullmatch(r"[0-9A-Fa-f]{12}", raw):
            raise ValueError("must be 12 hexadecimal digits (6 bytes)")
        return SecretStr(raw.upper())

    @field_validator("mifare_master_key")
    @classmethod
    def _master(cls, v: SecretStr | None) -> SecretStr | None:
        if v is None or not v.get_secret_value().strip():
            return None
        raw = v.get_secret_value().replace(" ", "")
        if not re.fullmatch(r"[0-9A-Fa-f]{32}", raw):
            raise ValueError("must be 32 hexadecimal digits (a 16-byte AES key)")
        return SecretStr(raw.upper())


class StationSettings(BaseModel):
    printer: PrinterSettings = Field(default_factory=PrinterSettings)
    encoder: EncoderSettingsModel = Field(default_factory=EncoderSettingsModel)

    @model_validator(mode="after")
    def _encoder_needs_station(self) -> StationSettings:
        # An IPP printer has no encoding station: nothing would hold the card under a reader.
        if self.printer.kind == "ipp" and self.encoder.kind != "none":
            raise ValueError('an ipp printer has no encoding station: set encoder.kind = "none"')
        return self


class BureauSettings(BaseModel):
    """An outside personalisation bureau (gateway/bureau): its public keys are not secret."""

    title: str = ""
    # X25519 public key the export packages are encrypted to (PEM or base64 of the raw 32 bytes).
    encryption_public_key: str
    # The bureau's Ed25519 public key that signs the manifests it returns (PEM or base64 raw).
    signing_public_key: str

    @model_validator(mode="after")
    def _keys(self) -> BureauSettings:
        from gateway.bureau.envelope import load_ed25519_public, load_x25519_public

        try:
            load_x25519_public(self.encryption_public_key)
        except ValueError as exc:
            raise ValueError(f"encryption_public_key: not an X25519 public key ({exc})") from None
        try:
            load_ed25519_public(self.signing_public_key)
        except ValueError as exc:
            raise ValueError(f"signing_public_key: not an Ed25519 public key ({exc})") from None
        return self


class PrintingSettings(BaseModel):
    template: str = "union_default"
    # Ed25519 key that signs the card payloads (PEM). Empty: <data_dir>/keys/card-signing.pem,
    # generated on first use — fine for development, production sets a managed key file.
    signing_key_path: Path | None = None
    # Spoiled cards replaced automatically per order; past that the order returns to the pool.
    spoil_retry_limit: int = Field(3, ge=0, le=20)
    # A station whose heartbeat is older than this is shown as offline to operators.
    heartbeat_stale_seconds: float = Field(60.0, gt=0)
    stations: dict[str, StationSettings] = Field(default_factory=lambda: {"main": StationSettings()})
    # The link an NTAG chip carries as NDEF (a phone held to the card opens it); {card_number} is
    # replaced. The gateway serves it at /v/<number>. At most 38 bytes after the scheme (NTAG213).
    chip_link_template: str = "http://127.0.0.1:8080/v/{card_number}"
    # Outside personalisation bureaus a batch can be sent to instead of a station (by name).
    bureaus: dict[str, BureauSettings] = Field(default_factory=dict)

    @field_validator("bureaus")
    @classmethod
    def _bureau_names(cls, v: dict[str, BureauSettings]) -> dict[str, BureauSettings]:
        for name in v:
            if not STATION_NAME.match(name):
                raise ValueError(f"bureau name {name!r}: use lower-case letters, digits, - and _")
        return v

    @field_validator("chip_link_template")
    @classmethod
    def _link(cls, v: str) -> str:
        if not v:
            return v
        if "{card_number}" not in v or not v.startswith(("http://", "https://")):
            raise ValueError("must be an http(s) link containing {card_number}")
        # Imported here: this module must stay free of the heavier card-printing imports at load time.
        from card_printing.chip_content import NTAG213_LINK_BUDGET, link_length_after_scheme

        if link_length_after_scheme(v) > NTAG213_LINK_BUDGET:
            raise ValueError(
                f"too long for an NTAG213 chip: at most {NTAG213_LINK_BUDGET} characters "
                "after https:// with the 16-digit number in place"
            )
        return v

    @field_validator("stations")
    @classmethod
    def _names(cls, v: dict[str, StationSettings]) -> dict[str, StationSettings]:
        for name in v:
            if not STATION_NAME.match(name):
                raise ValueError(f"station name {name!r}: use lower-case letters, digits, - and _")
        return v
