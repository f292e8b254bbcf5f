"""The emulator's WSGI application: 1C's publication on a web server (OData, web services, admin).

Request path: fault injection → Basic auth (UTF-8, like 1C's web extension) → a session from
the pool (406 when none is free, exactly what 1C does when its pool is exhausted) → handler.
The session is held until the response body has been sent, so slow clients and injected latency
exhaust the pool the way they do in production.
"""

from __future__ import annotations

import base64
import binascii
import collections
import json
import logging
import socket
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

from werkzeug.wrappers import Request, Response

from .admin import AdminApi
from .atom import XML_CONTENT_TYPE, error_xml
from .faults import Faults
from .faults_errors import ODataFault
from .odata_service import ODataService
from .soap_service import SOAP11, SOAP12, SoapService
from .store import Store

log = logging.getLogger(__name__)

LOCK_CONFLICT = "Ошибка при выполнении операции над данными: Конфликт блокировок при выполнении транзакции"


@dataclass(frozen=True)
class EmulatorConfig:
    base: str = "registry"
    username: str = "Шлюз"
    password: str = "эпб-2024"
    # Concurrent 1C sessions the publication allows; the next request gets 406.
    session_limit: int = 8
    # What 1C writes into its WSDL: an address only reachable inside the union's network.
    internal_address: str = "http://srv-1c-app01.eseur.local"


def odata_error_body(code: str, message: str) -> bytes:
    return json.dumps(
        {"odata.error": {"code": code, "message": {"lang": "ru", "value": message}}}, ensure_ascii=False
    ).encode()


def error_response(fault: ODataFault, xml: bool = False) -> Response:
    """1C's error body: JSON ``odata.error`` when JSON was asked for, XML ``m:error`` otherwise."""
    if xml:
        return Response(
            error_xml(fault.code, fault.message), status=fault.status, content_type=XML_CONTENT_TYPE
        )
    return Response(
        odata_error_body(fault.code, fault.message),
        status=fault.status,
        content_type="application/json;charset=utf-8",
    )


def wants_xml(request: Request) -> bool:
    """No JSON in $format: 1C answers Atom, and its errors as XML."""
    return "json" not in (request.args.get("$format") or "").lower()


class _Release:
    """Wraps a response body so the 1C session is returned only after the body was sent."""

    def __init__(self, body: Iterable[bytes], release: Callable[[], None]) -> None:
        self._body = body
        self._release = release

    def __iter__(self) -> Iterator[bytes]:
        return iter(self._body)

    def close(self) -> None:
        try:
            close = getattr(self._body, "close", None)
            if close:
                close()
        finally:
            self._release()


class EmulatorApp:
    def __init__(self, store: Store, config: EmulatorConfig, faults: Faults) -> None:
        self.store = store
        self.config = config
        self.faults = faults
        self.sessions = threading.BoundedSemaphore(config.session_limit)
        self.odata = ODataService(store, f"/{config.base}/odata/standard.odata/")
        self.soap = SoapService(store, config)
        self.admin = AdminApi(store, faults, self)
        self.counters = {
            "requests": 0,
            "406_pool": 0,
            "sessions_opened": 0,
            "sessions_reused": 0,
            "sessions_finished": 0,
        }
        self._counter_lock = threading.Lock()
        # The last requests (method, path, decoded query), for tests that check what the gateway asks.
        # Pool sessions in use right now (tests wait for slow requests of a previous test to end).
        self.busy = 0
        self.recent: collections.deque[tuple[str, str, str]] = collections.deque(maxlen=2000)
        # Reused 1C sessions (IBSession: start → ibsession cookie → IBSession: finish).
        self._ib_sessions: set[str] = set()

    def _count(self, name: str) -> None:
        with self._counter_lock:
            self.counters[name] += 1

    def _ib_session(self, request: Request) -> tuple[str | None, Response | None]:
        """(cookie to set, error response) for 1C's session reuse (developer guide, «Механизмы
        интернет-сервисов», «Повторное использование сеансов»). A request without the header
        and cookie is a session of its own: a log-in, counted like one."""
        header = (request.headers.get("IBSession") or "").strip().lower()
        cookie = request.cookies.get("ibsession")
        if cookie:
            with self._counter_lock:
                known = cookie in self._ib_sessions
                if known and header == "finish":
                    self._ib_sessions.discard(cookie)
                    self.counters["sessions_finished"] += 1
                elif known:
                    self.counters["sessions_reused"] += 1
            if not known:
                fault = ODataFault(400, "2", "Сеанс не найден или завершен")
                return None, error_response(fault, wants_xml(request))
            return None, None
        self._count("sessions_opened")
        if header == "start":
            sid = uuid.uuid4().hex
            with self._counter_lock:
                self._ib_sessions.add(sid)
            return sid, None
        return None, None

    def _authorised(self, environ: dict[str, Any]) -> bool:
        header = environ.get("HTTP_AUTHORIZATION", "")
        if not header.startswith("Basic "):
            return False
        try:
            user, _, password = base64.b64decode(header[6:]).decode("utf-8").partition(":")
        except (binascii.Error, UnicodeDecodeError):
            return False
        return user == self.config.username and password == self.config.password

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        request = Request(environ)
        path = request.path
        if path.startswith("/__admin/"):
            return self.admin.handle(request)(environ, start_response)
        with self._counter_lock:
            self.counters["requests"] += 1
            self.recent.append((request.method, path, unquote(environ.get("QUERY_STRING", ""))))
        fault, latency = self.faults.decide(request.method)
        if fault == "down":
            return Response(
                "<html><body><h1>503 Service Unavailable</h1></body></html>",
                status=503,
                content_type="text/html",
            )(environ, start_response)
        if fault == "drop":
            self._drop_connection(environ)
            # Nothing of this answer reaches the client: the socket is already shut down.
            start_response("500 Internal Server Error", [("Content-Length", "0")])
            return []
        if not self._authorised(environ):
            return Response(
                odata_error_body("2", "Ошибка аутентификации"),
                status=401,
                headers={"WWW-Authenticate": 'Basic realm="1C:Enterprise"'},
                content_type="application/json;charset=utf-8",
            )(environ, start_response)
        if not self.sessions.acquire(blocking=False):
            with self._counter_lock:
                self.counters["406_pool"] += 1
            return self._pool_exhausted()(environ, start_response)
        with self._counter_lock:
            self.busy += 1
        released = False

        def release() -> None:
            nonlocal released
            if not released:
                released = True
                with self._counter_lock:
                    self.busy -= 1
                self.sessions.release()

        try:
            if latency:
                time.sleep(latency)
            new_session, refused = self._ib_session(request)
            if refused is not None:
                response = refused
            elif fault == "406":
                response = self._pool_exhausted()
            elif fault == "500":
                response = self._injected_500(path, request.content_type or "", wants_xml(request))
            else:
                response = self._dispatch(request, path)
            if new_session:
                response.set_cookie("ibsession", new_session, path=f"/{self.config.base}", httponly=True)
            if fault == "drop_after":
                # 1C did the work and committed; the answer is lost on the way back.
                body = response(environ, _discard_start)
                close = getattr(body, "close", None)
                if close:
                    close()
                release()
                self._drop_connection(environ)
                start_response("500 Internal Server Error", [("Content-Length", "0")])
                return []
            body = response(environ, start_response)
        except BaseException:
            release()
            raise
        return _Release(body, release)

    @staticmethod
    def _drop_connection(environ: dict[str, Any]) -> None:
        """Close the TCP connection without answering, as a crashed or overloaded front end does."""
        # waitress exposes its channel only through this bound method; werkzeug gives the socket.
        probe = environ.get("waitress.client_disconnected")
        sock = getattr(getattr(probe, "__self__", None), "socket", None) or environ.get("werkzeug.socket")
        if sock is None:
            raise ConnectionResetError("fault injection: connection dropped")
        sock.shutdown(socket.SHUT_RDWR)

    def _pool_exhausted(self) -> Response:
        return Response(
            "Не удалось получить сеанс: превышено максимальное количество сеансов",
            status=406,
            content_type="text/plain;charset=utf-8",
        )

    def _injected_500(self, path: str, content_type: str, xml: bool = False) -> Response:
        if self.faults.config.status_500_kind == "server":
            return Response(
                "<html><body>Internal Server Error</body></html>", status=500, content_type="text/html"
            )
        if "/ws/" in path:
            version = SOAP12 if "soap+xml" in content_type else SOAP11
            return self.soap.fault_response(version, LOCK_CONFLICT)
        return error_response(ODataFault(500, "-1", LOCK_CONFLICT), xml)

    def _dispatch(self, request: Request, path: str) -> Response:
        base = f"/{self.config.base}"
        try:
            if path.startswith(base + "/odata/standard.odata"):
                return self.odata.handle(request, path[len(base + "/odata/standard.odata") :].lstrip("/"))
            if path.startswith(base + "/ws/"):
                return self.soap.handle(request, path[len(base + "/ws/") :])
            raise ODataFault(404, "6", f"Не найден ресурс {path}")
        except ODataFault as fault:
            return error_response(fault, xml="/ws/" not in path and wants_xml(request))


def _discard_start(
    status: str, headers: list[tuple[str, str]], exc_info: Any = None, /
) -> Callable[[bytes], object]:
    """A WSGI ``start_response`` for an answer nobody will receive."""
    return lambda data: None
