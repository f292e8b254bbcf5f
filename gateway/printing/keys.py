"""The issuer's card-signing key: a managed PEM file in production, generated in development."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from card_printing.payload import load_or_create_private_key, load_private_key
from gateway.settings import Settings


def signing_key_path(settings: Settings) -> Path:
    return settings.printing.signing_key_path or settings.data_dir / "keys" / "card-signing.pem"


@lru_cache(maxsize=4)
def _load(path: str, create: bool) -> Ed25519PrivateKey:
    return load_or_create_private_key(path) if create else load_private_key(path)


def signing_key(settings: Settings) -> Ed25519PrivateKey:
    """The key; a missing file is created only when no path was configured (development default),
    so a mistyped production path fails loudly instead of signing with a throw-away key."""
    return _load(str(signing_key_path(settings)), settings.printing.signing_key_path is None)
