"""SOAP client for 1C web services (zeep), used to push card statuses when push_transport = "soap".

1C specifics: the WSDL needs the same Basic credentials as the calls; 1C writes its internal host
name into the WSDL, so the service address always comes from settings; both a SOAP 1.1 and a
SOAP 1.2 port are published; some XDTO-generated WSDLs use constructs zeep rejects with a bare
AssertionError — those become an OneCWsdlError naming the URL and the construct.
"""

from __future__ import annotations

import logging
import re
import time
import traceback
from contextlib import closing
from datetime import date, datetime
from typing import Any

import requests
from lxml import etree
from zeep import Client
from zeep.cache import InMemoryCache, SqliteCache
from zeep.exceptions import Fault, TransportError
from zeep.transports import Transport
from zeep.wsdl.bindings.soap import Soap11Binding, Soap12Binding

from .errors import (
    OneCApplicationError,
    OneCAuthError,
    OneCError,
    OneCNotFound,
    OneCTimeLimit,
    OneCUnavailable,
    OneCWsdlError,
)
from .mapping import OneCMapping
from .odata import IBSESSION_COOKIE, IBSESSION_HEADER
from .settings import ConnectionSettings

log = logging.getLogger(__name__)

_XSD_TAG = re.compile(r"\{http://www\.w3\.org/2001/XMLSchema\}(\w+)")


class OneCTransport(Transport):
    """zeep's transport with 1C's session reuse: ``IBSession: start`` while the shared HTTP session
    holds no ``ibsession`` cookie (developer guide, «Механизмы интернет-сервисов», «Повторное
    использование сеансов»), so status pushes over SOAP are not one 1C log-in each."""

    def _reuse(self, headers: dict[str, str] | None = None) -> dict[str, str]:
        out = dict(headers or {})
        if not any(c.name == IBSESSION_COOKIE for c in self.session.cookies):
            out[IBSESSION_HEADER] = "start"
        return out

    def post(self, address: str, message: Any, headers: dict[str, str]) -> Any:
        return super().post(address, message, self._reuse(headers))

    def _load_remote_data(self, url: str) -> bytes:
        response = self.session.get(url, timeout=self.load_timeout, headers=self._reuse())
        with closing(response):
            response.raise_for_status()
            return bytes(response.content)


def _describe_parse_failure(exc: BaseException) -> str:
    """Name the schema construct zeep choked on, e.g. "xs:any inside xs:all"."""
    text = str(exc) or type(exc).__name__
    tag = _XSD_TAG.search(text)
    if tag:
        construct = f"xs:{tag.group(1)}"
        frames = traceback.extract_tb(exc.__traceback__)
        visitor = next((f.name for f in reversed(frames) if f.name.startswith("visit_")), None)
        if visitor:
            construct += f" inside xs:{visitor.removeprefix('visit_')}"
        return f"unsupported schema construct {construct} (zeep: {type(exc).__name__}: {text})"
    return f"zeep: {type(exc).__name__}: {text}"


class SoapStatusClient:
    """The status web service: ``PushStatus(CardNumber, MemberRef, Status, StatusDate, IssueDate, IdempotencyKey)``
    by default; the operation and its parameter names come from the mapping ([soap])."""

    def __init__(self, settings: ConnectionSettings, mapping: OneCMapping, session: requests.Session) -> None:
        base = settings.base_url.rstrip("/")
        self.settings = settings
        self.mapping = mapping
        self.session = session
        self.wsdl_url = settings.soap_wsdl_url or f"{base}/ws/{mapping.soap.service}?wsdl"
        self.address = settings.soap_address or f"{base}/ws/{mapping.soap.service}"
        self._service: Any = None
        self._transport: Transport | None = None
        # A time.monotonic() instant no call may outlive (a delivery run's limit), or None.
        self.deadline: float | None = None

    def _time_left(self, what: str) -> float | None:
        if self.deadline is None:
            return None
        left = self.deadline - time.monotonic()
        if left <= 0.05:
            raise OneCTimeLimit(f"no time left for {what} within the run's limit", url=self.address)
        return left

    def _cache(self) -> InMemoryCache | SqliteCache:
        if self.settings.wsdl_cache_path:
            return SqliteCache(path=self.settings.wsdl_cache_path, timeout=self.settings.wsdl_cache_seconds)
        return InMemoryCache(timeout=self.settings.wsdl_cache_seconds)

    def service(self) -> Any:
        """The bound service proxy; the WSDL is fetched (and cached) on first use."""
        if self._service is None:
            self._service = self._load()
        return self._service

    def _load(self) -> Any:
        left = self._time_left("the WSDL")
        timeout = self.settings.timeout_seconds if left is None else min(self.settings.timeout_seconds, left)
        transport_class = OneCTransport if self.settings.reuse_sessions else Transport
        transport = transport_class(
            session=self.session,
            cache=self._cache(),
            timeout=timeout,
            operation_timeout=self.settings.timeout_seconds,
        )
        self._transport = transport
        url = self.wsdl_url
        try:
            client = Client(url, transport=transport)
        except requests.HTTPError as exc:
            status = exc.response.status_code if exc.response is not None else None
            if status in (401, 403):
                raise OneCAuthError(
                    f"1C refused the credentials for the WSDL {url}", status=status, url=url
                ) from exc
            if status == 404:
                raise OneCNotFound(f"1C does not publish the WSDL {url}", status=status, url=url) from exc
            raise OneCUnavailable(f"cannot fetch the WSDL {url}", status=status, url=url) from exc
        except (requests.ConnectionError, requests.Timeout) as exc:
            raise OneCUnavailable(f"cannot fetch the WSDL {url}: {exc}", url=url) from exc
        except Exception as exc:  # zeep raises bare AssertionErrors/KeyErrors on schemas it cannot handle
            not_wsdl = self._not_a_wsdl(url)
            if not_wsdl:
                raise OneCWsdlError(not_wsdl, url=url) from exc
            raise OneCWsdlError(
                f"zeep cannot parse the WSDL {url}: {_describe_parse_failure(exc)}", url=url
            ) from exc
        wanted = Soap12Binding if self.settings.soap_version == "1.2" else Soap11Binding
        service_name = self.mapping.soap.service
        service = client.wsdl.services.get(service_name)
        if service is None:
            # zeep reads some XML that is no WSDL without complaint (an EDMX, an Atom document).
            raise OneCWsdlError(
                self._not_a_wsdl(url) or f"the WSDL {url} has no service {service_name!r}", url=url
            )
        for port in service.ports.values():
            # Soap12Binding subclasses nothing of Soap11Binding's, so an exact type check is safe.
            if type(port.binding) is wanted:
                log.info(
                    "1C SOAP: using port %s (SOAP %s) at the configured address",
                    port.name,
                    self.settings.soap_version,
                )
                return client.create_service(port.binding.name, self.address)
        raise OneCWsdlError(f"the WSDL {url} has no SOAP {self.settings.soap_version} port", url=url)

    def _not_a_wsdl(self, url: str) -> str | None:
        """Plain words when the document at the WSDL address is no WSDL at all (an HTML login or
        error page of the web server, JSON, an OData document…); None when it is one."""
        try:
            response = self.session.get(
                url, timeout=(self.settings.connect_timeout_seconds, self.settings.timeout_seconds)
            )
        except requests.RequestException:
            return None
        content_type = response.headers.get("Content-Type", "unknown type").split(";")[0]
        body = response.content.lstrip()
        if body[:1] != b"<":
            kind = "JSON" if body[:1] in (b"{", b"[") else "text"
            return f"the document at {url} is not a WSDL: the server answered {kind} ({content_type})"
        try:
            root = etree.fromstring(body, parser=etree.XMLParser(resolve_entities=False, no_network=True))
        except etree.XMLSyntaxError:
            return f"the document at {url} is not a WSDL: the server answered an HTML page or broken XML ({content_type})"
        if root.tag == "{http://schemas.xmlsoap.org/wsdl/}definitions":
            return None
        name = etree.QName(root).localname
        return (
            f"the document at {url} is not a WSDL: the server answered XML whose root element is "
            f"<{name}> instead of <wsdl:definitions> ({content_type}); check soap_wsdl_url and the "
            "web service's publication"
        )

    def call(self, operation: str, **kwargs: Any) -> Any:
        """Call an operation with the shared retry policy; errors mapped to the OneC* hierarchy."""
        policy = self.settings.retry
        attempt = 0
        while True:
            attempt += 1
            try:
                try:
                    service = self.service()
                except OneCTimeLimit:
                    raise
                except OneCUnavailable:
                    # The WSDL could not be fetched (connection lost, 5xx): retried like a call.
                    if attempt >= policy.max_attempts:
                        raise
                    self._backoff(operation, attempt)
                    continue
                left = self._time_left(operation)
                if self._transport is not None:
                    timeout = self.settings.timeout_seconds
                    self._transport.operation_timeout = timeout if left is None else min(timeout, left)
                return getattr(service, operation)(**kwargs)
            except Fault as exc:
                code = exc.code if isinstance(exc.code, str) else None
                raise OneCApplicationError(
                    f"1C web service {operation} returned a fault",
                    code=code,
                    onec_message=exc.message,
                    url=self.address,
                ) from exc
            except TransportError as exc:
                error: OneCError
                if exc.status_code in (401, 403):
                    raise OneCAuthError(
                        f"1C refused the credentials for {operation}",
                        status=exc.status_code,
                        url=self.address,
                    ) from exc
                error = OneCUnavailable(
                    f"1C web service {operation} answered HTTP {exc.status_code}",
                    status=exc.status_code,
                    url=self.address,
                )
                if exc.status_code not in (406, 500, 502, 503, 504) or attempt >= policy.max_attempts:
                    if exc.status_code not in (406, 500, 502, 503, 504):
                        error = OneCApplicationError(
                            f"1C web service {operation} answered HTTP {exc.status_code}",
                            status=exc.status_code,
                            url=self.address,
                        )
                    raise error from exc
            except (requests.ConnectionError, requests.Timeout) as exc:
                if attempt >= policy.max_attempts:
                    raise OneCUnavailable(
                        f"cannot reach 1C web service ({operation}) after {attempt} attempt(s)",
                        url=self.address,
                    ) from exc
            self._backoff(operation, attempt)

    def _backoff(self, operation: str, attempt: int) -> None:
        policy = self.settings.retry
        log.warning("1C SOAP %s failed, attempt %d/%d", operation, attempt, policy.max_attempts)
        delay = policy.delay(attempt)
        if self.deadline is not None and time.monotonic() + delay >= self.deadline - 0.05:
            raise OneCTimeLimit(
                f"1C web service {operation}: no time left to retry within the run's limit", url=self.address
            )
        time.sleep(delay)

    def push_status(
        self,
        *,
        card_number: str,
        member_ref: str,
        status: str,
        status_at: datetime,
        issued_on: date | None,
        idempotency_key: str,
        form: str,
    ) -> str:
        """Returns 1C's answer: "created", or "exists" when this key was already written."""
        names = self.mapping.soap  # parameter names come from the mapping like every 1C name
        arguments = {
            names.param_card_number: card_number,
            names.param_member_ref: member_ref,
            names.param_status: status,
            names.param_status_date: status_at,
            names.param_issue_date: issued_on,
            names.param_idempotency_key: idempotency_key,
            names.param_form: form,
        }
        result = self.call(names.push_status, **arguments)
        return str(result)
