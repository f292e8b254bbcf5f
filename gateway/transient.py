"""Which errors are worth trying again: the database or the broker dropped a connection, or
PostgreSQL gave up a transaction that can simply run again (serialization failure, deadlock).

Everything else (a bug, bad data) fails at once: repeating it would only repeat the failure.
"""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError

# SQLSTATE classes that mean "run the transaction again": 40001 serialization failure,
# 40P01 deadlock, 08xxx connection exceptions, 57P01 admin shutdown (pg_terminate_backend).
_RETRYABLE_SQLSTATES = ("40001", "40P01", "57P01", "57P02", "57P03")


def _sqlstate(exc: BaseException) -> str | None:
    orig = getattr(exc, "orig", None)
    return getattr(orig, "sqlstate", None) or getattr(orig, "pgcode", None)


def is_transient(exc: BaseException) -> bool:
    """Whether ``exc`` is a passing failure of the database or the broker."""
    from kombu.exceptions import OperationalError as BrokerError

    if isinstance(exc, BrokerError | ConnectionError | TimeoutError):
        return True
    if isinstance(exc, DBAPIError):
        if exc.connection_invalidated or isinstance(exc, OperationalError | InterfaceError):
            return True
        state = _sqlstate(exc)
        return state is not None and (state.startswith("08") or state in _RETRYABLE_SQLSTATES)
    return False
