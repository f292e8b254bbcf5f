"""Web users: argon2 password hashes, login with throttling, password changes, session revocation.

Services flush and never commit. Login attempts are recorded by the caller through its own short
transaction (see ``gateway.web.auth``), because a failed login must be remembered even though the
request that made it fails.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import hashlib
from dataclasses import dataclass

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from sqlalchemy import delete, func, select, text, update
from sqlalchemy.orm import Session, object_session, sessionmaker

from gateway.db.base import utcnow
from gateway.errors import DomainError
from gateway.models import LoginAttempt, Organisation, OrgKind, Role, User
from gateway.settings import WebSettings

MIN_PASSWORD_LENGTH = 10
_hasher = PasswordHasher()
# Verified against when the login is unknown, so both cases take the same time.
_DUMMY_HASH = _hasher.hash("dummy password for timing")


def hash_password(password: str) -> str:
    return _hasher.hash(password)


def check_password_rules(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise DomainError(
            "weak_password", f"Пароль должен быть не короче {MIN_PASSWORD_LENGTH} символов.", "password"
        )


def normalise_login(login: str) -> str:
    return login.strip().lower()


def _region_for(session: Session, role: Role, region_id: int | None) -> int | None:
    if role is Role.REGIONAL:
        region = session.get(Organisation, region_id) if region_id else None
        if region is None or region.kind is not OrgKind.REGION:
            raise DomainError(
                "region_required", "Для пользователя региона выберите региональную организацию.", "region"
            )
        return region.id
    if region_id is not None:
        raise DomainError(
            "region_not_allowed", "Регион указывается только для пользователя региона.", "region"
        )
    return None


def create_user(
    session: Session,
    *,
    login: str,
    password: str,
    role: Role,
    display_name: str = "",
    region_id: int | None = None,
) -> User:
    login = normalise_login(login)
    if not login or len(login) > 100 or not all(c.isalnum() or c in "._-@" for c in login):
        raise DomainError(
            "invalid_login", "Логин: латинские или русские буквы, цифры и знаки . _ - @ (до 100).", "login"
        )
    if session.scalar(select(User.id).where(User.login == login)) is not None:
        raise DomainError("login_taken", f"Логин «{login}» уже занят.", "login", status=409)
    check_password_rules(password)
    user = User(
        login=login,
        display_name=(display_name.strip() or login)[:200],
        password_hash=hash_password(password),
        role=role,
        region_id=_region_for(session, role, region_id),
        password_changed_at=utcnow(),
    )
    session.add(user)
    session.flush()
    return user


def update_user(
    session: Session, user: User, *, role: Role, region_id: int | None, active: bool, display_name: str
) -> None:
    user.region_id = _region_for(session, role, region_id)
    user.role = role
    if user.active and not active:
        revoke_sessions(user)  # logs the user out everywhere
    user.active = active
    user.display_name = (display_name.strip() or user.login)[:200]


def revoke_sessions(user: User) -> None:
    """Void every web session of this user: each carries the epoch it was started with.

    The increment runs in SQL, not in Python: two concurrent bumps (a logout and an admin's password
    reset) then give N+2, never a lost update that would let a session begun between them survive.
    Flushed at once so ``user.session_epoch`` reads the new value (e.g. for the session that stays).
    """
    user.session_epoch = User.session_epoch + 1  # type: ignore[assignment]
    session = object_session(user)
    assert session is not None, "revoke_sessions needs a persistent user"
    session.flush()


def set_password(user: User, password: str) -> None:
    check_password_rules(password)
    user.password_hash = hash_password(password)
    user.password_changed_at = utcnow()
    revoke_sessions(user)


def change_password(user: User, current: str, new: str) -> None:
    if not verify_password(user, current):
        raise DomainError("wrong_password", "Текущий пароль введён неверно.", "current_password")
    set_password(user, new)


def verify_password(user: User, password: str) -> bool:
    try:
        _hasher.verify(user.password_hash, password)
    except (VerificationError, InvalidHashError):
        return False
    if _hasher.check_needs_rehash(user.password_hash):
        user.password_hash = _hasher.hash(password)
    return True


@dataclass(frozen=True)
class LoginResult:
    user: User | None
    throttled: bool = False

    @property
    def ok(self) -> bool:
        return self.user is not None


THROTTLED_MESSAGE = (
    "Слишком много неудачных попыток входа. Вход временно заблокирован — повторите через {minutes} мин."
)


def is_throttled(
    session: Session, rules: WebSettings, login: str, ip: str, now: dt.datetime, exclude: int | None = None
) -> bool:
    """Whether the recent failures (other than the attempt ``exclude``) reach a limit."""
    since = now - dt.timedelta(minutes=rules.login_window_minutes)
    failures = select(func.count(LoginAttempt.id)).where(
        LoginAttempt.succeeded.is_(False), LoginAttempt.created_at > since
    )
    if exclude is not None:
        failures = failures.where(LoginAttempt.id != exclude)
    # A successful login forgives the account's earlier failures (the owner knows the password).
    last_success = session.scalar(
        select(func.max(LoginAttempt.created_at)).where(
            LoginAttempt.login == login, LoginAttempt.succeeded.is_(True), LoginAttempt.created_at > since
        )
    )
    account_failures = failures.where(LoginAttempt.login == login)
    if last_success is not None:
        account_failures = account_failures.where(LoginAttempt.created_at > last_success)
    per_account = session.scalar(account_failures) or 0
    if per_account >= rules.login_max_failures_per_account:
        return True
    per_ip = session.scalar(failures.where(LoginAttempt.ip == ip)) or 0
    return per_ip >= rules.login_max_failures_per_ip


def _lock_key(text: str) -> int:
    return int.from_bytes(hashlib.blake2b(text.encode(), digest_size=8).digest(), "big", signed=True)


def reserve_attempt(
    factory: sessionmaker[Session], rules: WebSettings, login: str, ip: str, now: dt.datetime | None = None
) -> int | None:
    """Count and check in one step: the id of a new attempt, recorded as failed until the password
    proves right, or None when throttled (nothing recorded).

    Counting first and recording after the (slow, ~50 ms) password check let 24 parallel bad
    logins check the password 10 times against a limit of 5: each counted before any had recorded.
    Here the attempt is recorded *before* the check, in a transaction that holds a lock per account
    and per address while it counts, so every password check has taken one of the allowed slots.
    On PostgreSQL the locks are transaction advisory locks; SQLite has one writer at a time, and
    the insert made first takes its write lock before the count.
    """
    now = now or utcnow()
    with factory() as s:
        if s.get_bind().dialect.name == "postgresql":
            # Always in the same order (account, then address): two logins never wait on each other in a cycle.
            for key in (f"login-account:{login}", f"login-ip:{ip}"):
                s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _lock_key(key)})
        attempt = LoginAttempt(login=login, ip=ip, succeeded=False, created_at=now)
        s.add(attempt)
        s.flush()
        if is_throttled(s, rules, login, ip, now, exclude=attempt.id):
            s.rollback()
            return None
        s.commit()
        return attempt.id


def prune_login_attempts(session: Session, rules: WebSettings, now: dt.datetime | None = None) -> int:
    """Delete attempts older than ``rules.login_attempts_keep_days``; returns how many went.

    Throttling reads only the last ``login_window_minutes`` (the settings keep the retention longer
    than that); the rest is kept for a while for the administrators' own look at past attacks.
    """
    cutoff = (now or utcnow()) - dt.timedelta(days=rules.login_attempts_keep_days)
    result = session.execute(
        delete(LoginAttempt).where(LoginAttempt.created_at < cutoff),
        execution_options={"synchronize_session": False},
    )
    return result.rowcount or 0  # type: ignore[attr-defined]


def authenticate(
    factory: sessionmaker[Session],
    session: Session,
    rules: WebSettings,
    login: str,
    password: str,
    ip: str,
    now: dt.datetime | None = None,
) -> LoginResult:
    """Take a throttling slot (committed at once through ``factory``), then check the password.

    The attempt stays recorded as failed unless the password is right; then it is marked succeeded
    in ``session``, which the caller commits.
    """
    now = now or utcnow()
    login = normalise_login(login)
    attempt_id = reserve_attempt(factory, rules, login, ip, now)
    if attempt_id is None:
        return LoginResult(None, throttled=True)
    user = session.scalar(select(User).where(User.login == login))
    if user is None:
        with contextlib.suppress(VerificationError):
            _hasher.verify(_DUMMY_HASH, password + "x")
        return LoginResult(None)
    if not verify_password(user, password) or not user.active:
        return LoginResult(None)
    user.last_login_at = now
    session.execute(update(LoginAttempt).where(LoginAttempt.id == attempt_id).values(succeeded=True))
    return LoginResult(user)


def create_demo_users(session: Session, region: Organisation) -> dict[str, str]:
    """One user per role for the embedded demo, with random passwords: {login: password}."""
    import secrets

    wanted = [
        ("admin", Role.ADMIN, "Администратор (демо)", None),
        ("operator", Role.OPERATOR, "Оператор ЦС (демо)", None),
        ("auditor", Role.AUDITOR, "Аудитор (демо)", None),
        (f"region{region.region_code}", Role.REGIONAL, f"{region.name} (демо)", region.id),
    ]
    out: dict[str, str] = {}
    for login, role, name, region_id in wanted:
        if session.scalar(select(User.id).where(User.login == login)) is not None:
            continue
        password = secrets.token_urlsafe(9)
        create_user(
            session, login=login, password=password, role=role, display_name=name, region_id=region_id
        )
        out[login] = password
    return out
