"""``gateway user create`` against the committed test database."""

from __future__ import annotations

import json
from typing import Any

import pytest
from click.testing import CliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.accounts.users import verify_password
from gateway.cli import main
from gateway.models import AuditEntry, Role, User
from gateway.settings import get_settings
from tests.factories import make_region


@pytest.fixture()
def cli_env(committed_app: Any, settings: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    monkeypatch.setenv("GATEWAY_DATABASE_URL", settings.database_url)
    monkeypatch.setenv("GATEWAY_SECRET_KEY", settings.secret_key.get_secret_value())
    get_settings.cache_clear()
    yield committed_app.extensions["gateway.sessionmaker"]
    get_settings.cache_clear()


def test_user_create(cli_env: Any) -> None:
    with cli_env() as s:
        make_region(s, "77")
        s.commit()
    runner = CliRunner()
    res = runner.invoke(main, ["user", "create", "--login", "Reg77", "--role", "regional", "--region", "77"])
    assert res.exit_code == 0, res.output
    out = json.loads(res.output)
    assert out["login"] == "reg77" and len(out["password"]) >= 12
    res = runner.invoke(
        main,
        ["user", "create", "--login", "boss", "--role", "admin", "--password-stdin"],
        input="a long enough password\n",
    )
    assert res.exit_code == 0 and "password" not in json.loads(res.output)
    bad = runner.invoke(main, ["user", "create", "--login", "x", "--role", "regional"])
    assert bad.exit_code != 0 and "региональную организацию" in bad.output
    taken = runner.invoke(main, ["user", "create", "--login", "boss", "--role", "admin"])
    assert taken.exit_code != 0 and "занят" in taken.output
    with cli_env() as s:
        s: Session
        users = {u.login: u for u in s.scalars(select(User))}
        assert users["reg77"].role is Role.REGIONAL and users["reg77"].region_id is not None
        assert verify_password(users["reg77"], out["password"])
        assert verify_password(users["boss"], "a long enough password")
        assert len(s.scalars(select(AuditEntry).where(AuditEntry.actor == "cli")).all()) == 2
