"""Typed errors raised by the 1C clients.

Every error carries 1C's own error code and message when 1C sent one (``odata.error`` bodies,
SOAP faults), so an operator can match it against the 1C event log. ``retryable`` tells the
outbox/sync code whether trying again later can help.
"""

from __future__ import annotations

from typing import Any


class OneCError(Exception):
    """Base class of every error raised while talking to 1C."""

    retryable = False

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        code: str | None = None,
        onec_message: str | None = None,
        url: str | None = None,
    ) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.onec_message = onec_message
        self.url = url

    def __str__(self) -> str:
        parts = [self.args[0] if self.args else type(self).__name__]
        if self.status is not None:
            parts.append(f"HTTP {self.status}")
        if self.code is not None:
            parts.append(f"1C code {self.code}")
        if self.onec_message:
            parts.append(f"1C says: {self.onec_message}")
        return "; ".join(parts)


class OneCAuthError(OneCError):
    """401/403: wrong credentials or missing rights. Never retried: repeating only locks the user out."""


class OneCNotFound(OneCError):
    """404: the entity set is not published to OData, or the object does not exist."""


class OneCConflict(OneCError):
    """412 on a stale ``If-Match`` or a duplicate key: someone changed the object first."""


class OneCPreconditionFailed(OneCConflict):
    """412 Precondition Failed: the ``DataVersion`` sent in ``If-Match`` is no longer current."""


class OneCExchangeUnavailable(OneCNotFound):
    """The change feed cannot be used: the gateway's exchange-plan node is missing or marked for
    deletion, or 1C does not publish SelectChanges. ``reason`` says which; the incremental sync
    falls back to DataVersion comparison."""

    def __init__(self, message: str, *, reason: str, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.reason = reason


class OneCBadRequest(OneCError):
    """400: 1C rejected the request itself (bad filter, unknown field, unsupported function)."""


class OneCApplicationError(OneCError):
    """HTTP 500 with an ``odata.error`` body (code -1) or a SOAP fault: an error inside 1C's own code.

    Not retried automatically: the same request fails the same way until someone fixes the data.
    """


class OneCUnavailable(OneCError):
    """1C could not be reached or kept answering 406/5xx/timeouts after every retry.

    Retryable later: the outbox keeps the message and tries again.
    """

    retryable = True


class OneCTimeLimit(OneCUnavailable):
    """The call was not made (or not retried) because the caller's time limit was reached: nothing
    was sent this time, so it is not a failed attempt."""


class OneCWsdlError(OneCError):
    """The WSDL could not be fetched or zeep cannot parse it; names the URL and the construct."""


class OneCProtocolError(OneCError):
    """1C answered something this client cannot interpret (not JSON, missing ``value``...)."""
