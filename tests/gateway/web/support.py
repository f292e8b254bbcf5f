"""Helpers shared by the web tests: users with a known password, CSRF tokens, logging in."""

from __future__ import annotations

import functools
import re
from typing import Any

from sqlalchemy.orm import Session

from gateway.accounts.users import hash_password
from gateway.models import Organisation, Role, User

PASSWORD = "correct horse battery"


@functools.cache
def _password_hash() -> str:
    # argon2 takes ~0.15 s per hash on purpose: hash the shared test password once per run.
    return hash_password(PASSWORD)


def make_user(session: Session, login: str, role: Role, region: Organisation | None = None) -> User:
    u = User(
        login=login,
        display_name=f"Тест {login}",
        password_hash=_password_hash(),
        role=role,
        region_id=region.id if region else None,
    )
    session.add(u)
    session.flush()
    return u


def csrf_from(html: str) -> str:
    match = re.search(r'name="csrf_token" value="([^"]+)"', html)
    assert match, "no CSRF token in the page"
    return match.group(1)


def login(client: Any, login_name: str, password: str = PASSWORD) -> Any:
    form = client.get("/login")
    return client.post(
        "/login", data={"login": login_name, "password": password, "csrf_token": csrf_from(form.text)}
    )
