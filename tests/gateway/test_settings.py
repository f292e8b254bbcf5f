from __future__ import annotations

import pytest

from gateway.settings import SettingsError, load_settings


def test_env_overrides_toml(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_SECRET_KEY", "x" * 32)
    monkeypatch.setenv("GATEWAY_BATCHING__MAX_SIZE", "250")
    monkeypatch.setenv("GATEWAY_DATABASE_URL", "postgresql://u@db:5432/gw")
    s = load_settings()
    assert s.batching.max_size == 250
    assert s.batching.min_size == 100  # from config/gateway.toml
    assert s.database_url == "postgresql+psycopg://u@db:5432/gw"


@pytest.mark.parametrize(
    ("env", "named"),
    [
        ({"GATEWAY_SECRET_KEY": "short"}, "GATEWAY_SECRET_KEY"),
        ({"GATEWAY_DATABASE_URL": "mysql://x"}, "GATEWAY_DATABASE_URL"),
        ({"GATEWAY_BATCHING__MIN_SIZE": "1000"}, "GATEWAY_BATCHING"),
        ({"GATEWAY_BATCHING__MAX_SIZE": "many"}, "GATEWAY_BATCHING__MAX_SIZE"),
        ({"GATEWAY_NUMBERS__ISSUER_PREFIX": "96A3"}, "GATEWAY_NUMBERS__ISSUER_PREFIX"),
    ],
)
def test_bad_settings_fail_naming_the_setting(
    monkeypatch: pytest.MonkeyPatch, env: dict[str, str], named: str
) -> None:
    monkeypatch.setenv("GATEWAY_SECRET_KEY", "x" * 32)
    for k, v in env.items():
        monkeypatch.setenv(k, v)
    with pytest.raises(SettingsError) as exc:
        load_settings()
    assert named in str(exc.value)


def test_missing_secret_key_fails(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GATEWAY_SECRET_KEY", raising=False)
    with pytest.raises(SettingsError, match="GATEWAY_SECRET_KEY"):
        load_settings()


def test_ipp_station_with_a_chip_encoder_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("GATEWAY_SECRET_KEY", "x" * 32)
    monkeypatch.setenv("GATEWAY_PRINTING__STATIONS__MAIN__PRINTER__KIND", "ipp")
    monkeypatch.setenv("GATEWAY_PRINTING__STATIONS__MAIN__PRINTER__URI", "ipp://127.0.0.1:631/printers/cards")
    monkeypatch.setenv("GATEWAY_PRINTING__STATIONS__MAIN__ENCODER__KIND", "pcsc")
    with pytest.raises(SettingsError, match="GATEWAY_PRINTING__STATIONS__MAIN.*encoding station"):
        load_settings()
    monkeypatch.setenv("GATEWAY_PRINTING__STATIONS__MAIN__ENCODER__KIND", "none")
    assert load_settings().printing.stations["main"].encoder.kind == "none"
