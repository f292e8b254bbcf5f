"""Client for 1C:Enterprise's standard OData interface (OData v3, ``…/odata/standard.odata/``).

Rows come back as plain dicts after the type-independent clean-up of :func:`wire.normalize_row`
(padded strings stripped, empty date / empty reference → ``None``). Typed conversion (Int64,
dates in the server's zone) is the caller's job because only the caller knows the field types;
see :mod:`adapters.onec.registry`.
"""

from __future__ import annotations

import contextlib
import json
import logging
import threading
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any, TypedDict, Unpack
from urllib.parse import quote

import requests
from requests.adapters import HTTPAdapter

from . import wire
from .auth import Utf8BasicAuth
from .errors import OneCError, OneCProtocolError, OneCTimeLimit, OneCUnavailable
from .http_errors import error_for_response, is_session_lost, is_transient
from .settings import ConnectionSettings

log = logging.getLogger(__name__)

ODATA_PATH = "odata/standard.odata/"
REF_KEY = "Ref_Key"


IBSESSION_HEADER = "IBSession"
IBSESSION_COOKIE = "ibsession"


class Call(TypedDict, total=False):
    """What one OData call sends besides its method and path."""

    params: Mapping[str, Any] | None
    body: Any  # JSON-encoded when given
    headers: Mapping[str, str] | None
    idempotent: bool | None  # None: True for everything but POST


@dataclass
class CallStats:
    """What this client cost 1C: HTTP requests answered and response bytes read."""

    requests: int = 0
    response_bytes: int = 0


_SLOTS: dict[tuple[str, int], threading.BoundedSemaphore] = {}
_SLOTS_LOCK = threading.Lock()


def base_slots(settings: ConnectionSettings) -> threading.BoundedSemaphore:
    """The per-base cap on concurrent calls of this process, shared by every client of that base:
    1C's web server has a small session pool (shared with the union's users), and more parallel
    calls than ``max_concurrent_calls`` only earn 406s."""
    key = (settings.base_url.rstrip("/"), settings.max_concurrent_calls)
    with _SLOTS_LOCK:
        slots = _SLOTS.get(key)
        if slots is None:
            slots = _SLOTS[key] = threading.BoundedSemaphore(settings.max_concurrent_calls)
        return slots


# $metadata per OData root: (fetched at, document). The lock also makes concurrent first callers
# wait for one fetch instead of each asking 1C for 16 MB.
_METADATA: dict[str, tuple[float, bytes]] = {}
_METADATA_LOCK = threading.Lock()


@dataclass(frozen=True)
class QueryResult:
    rows: list[dict[str, Any]]
    # Only with inlinecount=True; 1C sends it as a string.
    count: int | None = None


def make_session(settings: ConnectionSettings) -> requests.Session:
    """A pooled session with UTF-8 Basic auth, shared by the OData and SOAP clients."""
    session = requests.Session()
    session.auth = Utf8BasicAuth(settings.username, settings.password)
    # Retries are ours (they know which 1C answers are transient); urllib3's stay off.
    adapter = HTTPAdapter(pool_connections=2, pool_maxsize=settings.pool_size, max_retries=0)
    session.mount("http://", adapter)
    session.mount("https://", adapter)
    return session


def _format_refused(exc: Exception) -> bool:
    if not isinstance(exc, OneCError) or exc.status not in (400, 406, 415):
        return False
    text = (exc.onec_message or "").lower()
    return exc.status == 415 or "format" in text or "формат" in text


def _query_string(params: Mapping[str, Any]) -> str:
    # requests would encode "$filter" as "%24filter" and spaces as "+"; build the query the way
    # 1C's own documentation writes it: literal "$" names, %20 for spaces, quotes kept.
    parts = []
    for name, value in params.items():
        if value is None:
            continue
        parts.append(f"{name}={quote(str(value), safe=chr(39) + '(),:=/')}")
    return "&".join(parts)


class ODataClient:
    def __init__(self, settings: ConnectionSettings, session: requests.Session | None = None) -> None:
        self.settings = settings
        self.tz = settings.tz
        self.root = settings.base_url.rstrip("/") + "/" + ODATA_PATH
        self.session = session or make_session(settings)
        self._metadata: bytes | None = None
        self.deadline: float | None = None
        # When 1C last answered: the first call, and the first after idle, get the longer timeout.
        self._answered_at: float | None = None
        self.stats = CallStats()
        self._slots = base_slots(settings)
        self._json_format = settings.json_format

    # ---- plumbing --------------------------------------------------------------------------

    def close(self) -> None:
        self.finish_session()
        self.session.close()

    def __enter__(self) -> ODataClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def url(self, path: str, params: Mapping[str, Any] | None = None) -> str:
        url = self.root + quote(path, safe="'(),=:/$_-.")
        query = _query_string(params or {})
        return f"{url}?{query}" if query else url

    # ---- 1C session reuse -----------------------------------------------------------------
    #
    # Without it every call is a new 1C session (a log-in: licence check, session data, rights),
    # the slowest part of a small call and a drain on the web server's small session pool. 1C
    # 8.3.9+ keeps a session across calls when the client asks for it (developer guide, chapter
    # «Механизмы интернет-сервисов», «Повторное использование сеансов»): the first request carries
    # ``IBSession: start``, 1C answers with an ``ibsession`` cookie, later requests send the cookie
    # back (requests' cookie jar does), and ``IBSession: finish`` ends the session.

    @property
    def ib_session(self) -> str | None:
        return next((c.value for c in self.session.cookies if c.name == IBSESSION_COOKIE), None)

    def _session_headers(self) -> dict[str, str]:
        if not self.settings.reuse_sessions or self.ib_session:
            return {}
        return {IBSESSION_HEADER: "start"}

    def finish_session(self) -> None:
        """End the reused 1C session (best effort: 1C also ends it after its idle timeout)."""
        if not self.ib_session:
            return
        timeout = 5.0
        if self.deadline is not None:
            timeout = min(timeout, self.deadline - time.monotonic())
            if timeout <= 0.05:  # the run's limit first: 1C ends the session after its idle timeout
                self.session.cookies.clear()
                return
        try:
            with self._slot("session finish", self.root):  # it is a call like any other
                self.session.get(
                    self.root,
                    headers={IBSESSION_HEADER: "finish"},
                    timeout=(min(self.settings.connect_timeout_seconds, timeout), timeout),
                ).close()
        except (requests.RequestException, OneCTimeLimit) as exc:
            log.debug("1C session finish failed: %s", type(exc).__name__)
        finally:
            self.session.cookies.clear()

    # ---- deadlines -------------------------------------------------------------------------

    def set_deadline(self, deadline: float | None) -> None:
        """A ``time.monotonic()`` instant no call may outlive (a delivery run's time limit):
        each call's timeouts and the retry backoff are cut to the time left, and a call is not
        started once it is over. ``None`` lifts it."""
        self.deadline = deadline

    def _timeout(self, what: str, url: str) -> tuple[float, float]:
        # The first call after idle can take much longer (1C starts a working process, loads the
        # configuration, opens the session): it gets first_call_timeout_seconds — the client's first
        # call, and any call after idle_after_seconds without an answer.
        read = self.settings.timeout_seconds
        idle = (
            self._answered_at is None
            or time.monotonic() - self._answered_at > self.settings.idle_after_seconds
        )
        if idle:
            read = max(read, self.settings.first_call_timeout_seconds)
        connect = self.settings.connect_timeout_seconds
        if self.deadline is not None:
            left = self.deadline - time.monotonic()
            if left <= 0.05:
                raise OneCTimeLimit(f"no time left for {what} within the run's limit", url=url)
            connect, read = min(connect, left), min(read, left)
        return connect, read

    @contextlib.contextmanager
    def _slot(self, what: str, url: str) -> Iterator[None]:
        """One of the base's call slots, waiting no longer than the deadline allows."""
        wait = None if self.deadline is None else max(0.0, self.deadline - time.monotonic())
        if not self._slots.acquire(timeout=wait):
            raise OneCTimeLimit(f"no free call slot for {what} within the run's limit", url=url)
        try:
            yield
        finally:
            self._slots.release()

    def _sleep(self, attempt: int) -> bool:
        """Back off before the next attempt; False when the deadline leaves no time for it."""
        delay = self.settings.retry.delay(attempt)
        if self.deadline is not None and time.monotonic() + delay >= self.deadline - 0.05:
            return False
        time.sleep(delay)
        return True

    # ---- requests --------------------------------------------------------------------------

    def send(
        self, method: str, path: str, *, stream: bool = False, **call: Unpack[Call]
    ) -> requests.Response:
        """One call with retries; returns the (successful) response. ``stream=True`` leaves the
        body unread: the caller reads it (``response.raw``) and closes the response.

        ``idempotent`` defaults to True for GET/PATCH/DELETE. A non-idempotent call (POST) is
        retried only when the request certainly did not run: 406 (no free 1C session), 503 and
        connection failures before sending.
        """
        idempotent = call.get("idempotent")
        if idempotent is None:
            idempotent = method != "POST"
        body = call.get("body")
        url = self.url(path, call.get("params") or {})
        send_headers: dict[str, str] = {}
        data = None
        if body is not None:
            data = json.dumps(body, ensure_ascii=False).encode()
            send_headers["Content-Type"] = "application/json;charset=utf-8"
        send_headers.update(call.get("headers") or {})
        what = f"{method} {path.split('(')[0].split('?')[0]}"
        policy = self.settings.retry
        attempt = 0
        while True:
            attempt += 1
            started = time.monotonic()
            timeout = self._timeout(what, url)
            try:
                with self._slot(what, url):
                    response = self.session.request(
                        method,
                        url,
                        data=data,
                        headers={**self._session_headers(), **send_headers},
                        timeout=timeout,
                        stream=stream,
                    )
                    if not stream:
                        response.content  # noqa: B018 - read the body while holding the slot
            # ChunkedEncodingError: the connection broke in the middle of a (large) page.
            except (
                requests.ConnectionError,
                requests.Timeout,
                requests.exceptions.ChunkedEncodingError,
            ) as exc:
                not_sent = isinstance(exc, requests.ConnectTimeout) or "refused" in str(exc).lower()
                if attempt < policy.max_attempts and (idempotent or not_sent) and self._sleep(attempt):
                    log.warning(
                        "1C %s failed (%s), attempt %d/%d",
                        what,
                        type(exc).__name__,
                        attempt,
                        policy.max_attempts,
                    )
                    continue
                raise OneCUnavailable(
                    f"cannot reach 1C ({what}) after {attempt} attempt(s): {exc}", url=url
                ) from exc
            self._answered_at = time.monotonic()
            self.stats.requests += 1
            elapsed_ms = (time.monotonic() - started) * 1000
            if response.status_code < 400:
                if not stream:
                    self.stats.response_bytes += len(response.content)
                log.debug("1C %s -> %d in %.0f ms", what, response.status_code, elapsed_ms)
                return response
            response.content  # noqa: B018 - error bodies are small
            self.stats.response_bytes += len(response.content)
            error = error_for_response(response, what)
            if self.ib_session and is_session_lost(response):
                # 1C ended the reused session (idle timeout, restart): start a new one once.
                self.session.cookies.clear()
                if attempt < policy.max_attempts:
                    continue
            retry_ok = idempotent or response.status_code in (406, 503)
            if is_transient(response) and retry_ok and attempt < policy.max_attempts and self._sleep(attempt):
                log.warning(
                    "1C %s -> %d, attempt %d/%d", what, response.status_code, attempt, policy.max_attempts
                )
                continue
            if isinstance(error, OneCUnavailable):
                error.args = (f"{error.args[0]} after {attempt} attempt(s)",)
            log.info("1C %s -> %d (code %s)", what, response.status_code, error.code)
            raise error

    def request(self, method: str, path: str, *, expect_json: bool = True, **call: Unpack[Call]) -> Any:
        """One call with retries; returns the decoded JSON (or raw bytes with expect_json=False).

        JSON is asked for explicitly: without ``$format`` 1C answers Atom.
        """
        params = call.get("params") or {}
        all_params = {"$format": self._json_format, **params} if expect_json else dict(params)
        send_headers = {"Accept": "application/json"} if expect_json else {}
        send_headers.update(call.get("headers") or {})
        try:
            response = self.send(
                method,
                path,
                params=all_params,
                body=call.get("body"),
                headers=send_headers,
                idempotent=call.get("idempotent"),
            )
        except OneCError as exc:
            if not (expect_json and self._json_format != "json" and _format_refused(exc)):
                raise
            # A publication that does not know odata=nometadata: minimal metadata costs bytes only.
            log.warning("1C refused $format=%s; using $format=json", self._json_format)
            self._json_format = "json"
            return self.request(method, path, **call)
        if not expect_json:
            return response.content
        if response.status_code == 204 or not response.content:
            return None
        try:
            return response.json()
        except ValueError as exc:
            raise OneCProtocolError(
                f"1C answered {method} {path.split('(')[0]} with something that is not JSON",
                status=response.status_code,
                url=response.url,
            ) from exc

    # ---- reads -----------------------------------------------------------------------------

    def metadata(self) -> bytes:
        """``$metadata`` (XML, 10-16 MB and ~20 s on big configurations): fetched once per base and
        process, kept for ``metadata_cache_seconds`` (it changes only with the configuration)."""
        if self._metadata is None:
            key = self.root
            with _METADATA_LOCK:
                cached = _METADATA.get(key)
                if cached is not None and time.monotonic() - cached[0] < self.settings.metadata_cache_seconds:
                    self._metadata = cached[1]
                    return self._metadata
                self._metadata = self.request("GET", "$metadata", expect_json=False)
                _METADATA[key] = (time.monotonic(), self._metadata)
        return self._metadata

    def query(
        self,
        entity_set: str,
        *,
        filter: str | None = None,
        select: list[str] | tuple[str, ...] | None = None,
        orderby: str | None = None,
        top: int | None = None,
        skip: int | None = None,
        inlinecount: bool = False,
        expand: str | None = None,
        normalize: bool = True,
    ) -> QueryResult:
        """One request on a collection. Without ``top`` 1C returns the whole table: page instead.

        ``normalize=False`` hands the rows over as 1C sent them, for a caller that normalises the
        fields it reads itself (:meth:`RowConverter.member`, millions of rows in a full sync)."""
        params: dict[str, Any] = {
            "$filter": filter,
            "$select": ",".join(select) if select else None,
            "$orderby": orderby,
            "$top": top,
            "$skip": skip,
            "$expand": expand,
            "$inlinecount": "allpages" if inlinecount else None,
        }
        payload = self.request("GET", entity_set, params=params)
        if not isinstance(payload, dict) or not isinstance(payload.get("value"), list):
            raise OneCProtocolError(f"1C answered {entity_set} without a 'value' list")
        count = payload.get("odata.count")
        return QueryResult(
            rows=[wire.normalize_row(row) for row in payload["value"]] if normalize else payload["value"],
            count=None if count is None else int(count),
        )

    def count(self, entity_set: str, *, filter: str | None = None, select: list[str] | None = None) -> int:
        # The one row that comes with the count: select a key field (a register record has no
        # Ref_Key: pass Period) so the count does not carry a whole object.
        result = self.query(entity_set, filter=filter, top=1, inlinecount=True, select=select)
        if result.count is None:
            raise OneCProtocolError(f"1C did not return odata.count for {entity_set}")
        return result.count

    def iter_keyset(
        self,
        entity_set: str,
        *,
        page_size: int,
        after: str | None = None,
        filter: str | None = None,
        select: list[str] | tuple[str, ...] | None = None,
        key: str = REF_KEY,
        normalize: bool = True,
    ) -> Iterator[dict[str, Any]]:
        """Every row of a set in key order, one page in memory at a time.

        Keyset paging (``$orderby=key`` + ``key gt guid'last'`` + ``$top``) instead of ``$skip``:
        1C runs ``$skip`` by reading and discarding rows, so late pages of a million-row catalog
        get slower and slower, and rows inserted during the scan shift the pages. The last key
        yielded is the resume point: pass it back as ``after`` to continue a crashed scan. The
        ordering is 1C's (it compares references in its own binary order), so the client never
        compares keys itself — it only hands back the last one it saw.
        """
        if select and key not in select:
            select = [key, *select]
        last = after
        while True:
            conditions = [f"({filter})"] if filter else []
            if last is not None:
                conditions.append(f"{key} gt {wire.guid_literal(last)}")
            rows = self.query(
                entity_set,
                filter=" and ".join(conditions) or None,
                select=select,
                orderby=key,
                top=page_size,
                normalize=normalize,
            ).rows
            if not rows:
                return
            last = rows[-1][key]
            full_page = len(rows) == page_size
            yield from rows
            del rows
            if not full_page:
                return

    def get(self, entity_set: str, ref: str, *, select: list[str] | None = None) -> dict[str, Any]:
        params = {"$select": ",".join(select) if select else None}
        return wire.normalize_row(
            self.request("GET", f"{entity_set}({wire.guid_literal(ref)})", params=params)
        )

    def get_by_key(self, entity_set: str, key: Mapping[str, Any]) -> dict[str, Any]:
        """A register record by its compound key (``Period=datetime'…',Member_Key=guid'…'``)."""
        path = f"{entity_set}({wire.compound_key(dict(key), self.tz)})"
        return wire.normalize_row(self.request("GET", path))

    # ---- writes ----------------------------------------------------------------------------

    def create(self, entity_set: str, body: Mapping[str, Any], *, idempotent: bool = False) -> dict[str, Any]:
        """POST a new object or record (1C answers 201 with the created entity)."""
        return wire.normalize_row(
            self.request("POST", entity_set, body=dict(body), idempotent=idempotent) or {}
        )

    def update(
        self,
        entity_set: str,
        ref: str,
        changes: Mapping[str, Any],
        *,
        if_match: str | None = None,
    ) -> dict[str, Any]:
        """PATCH the given fields; with ``if_match`` (a DataVersion) a concurrent change → 412.

        PATCH is retried on transient failures. With ``if_match``, a retry after a lost answer to a
        PATCH that did apply also gets 412 (the version moved on): re-read before treating a 412
        as someone else's change.
        """
        headers = {"If-Match": if_match} if if_match else None
        path = f"{entity_set}({wire.guid_literal(ref)})"
        return wire.normalize_row(self.request("PATCH", path, body=dict(changes), headers=headers) or {})

    def delete(self, entity_set: str, ref: str, *, if_match: str | None = None) -> None:
        """Physically delete (1C's DELETE does not set the deletion mark: PATCH DeletionMark for that)."""
        headers = {"If-Match": if_match} if if_match else None
        self.request("DELETE", f"{entity_set}({wire.guid_literal(ref)})", headers=headers)

    def post_document(self, entity_set: str, ref: str, *, operational: bool = False) -> None:
        """Post (провести) a document: ``POST Document_X(guid'…')/Post``."""
        params = {"PostingModeOperational": "true" if operational else "false"}
        self.request("POST", f"{entity_set}({wire.guid_literal(ref)})/Post", params=params, idempotent=True)

    def call_bound(
        self,
        entity_set: str,
        ref: str,
        function: str,
        params: Mapping[str, Any] | None = None,
        *,
        method: str = "POST",
        idempotent: bool = True,
    ) -> Any:
        """Call a function bound to an object, e.g. ``Document_X(guid'…')/Unpost``. (The change feed's
        functions are not bound to the node: see :meth:`ODataRegistry.open_changes`.)"""
        path = f"{entity_set}({wire.guid_literal(ref)})/{function}"
        return self.request(method, path, params=params, idempotent=idempotent)
