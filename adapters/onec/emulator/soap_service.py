"""1C web services (SOAP 1.1 and 1.2, document/literal wrapped) over the emulator's store.

``GET <base>/ws/<Service>?wsdl`` serves the WSDL (behind the same Basic auth as everything else,
with 1C's internal address inside); ``POST <base>/ws/<Service>`` runs an operation. The status
operation writes the same information register the OData interface exposes, with the same
compound key, so a push over SOAP and a push over OData are interchangeable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any
from xml.sax.saxutils import escape

from lxml import etree
from werkzeug.wrappers import Request, Response

from .faults_errors import ODataFault
from .query import normalize_datetime
from .store import Store
from .wsdl import BROKEN_SERVICE, broken_wsdl, status_wsdl

if TYPE_CHECKING:
    from .app import EmulatorConfig

SOAP11 = "http://schemas.xmlsoap.org/soap/envelope/"
SOAP12 = "http://www.w3.org/2003/05/soap-envelope"


class SoapFault(Exception):
    pass


class SoapService:
    def __init__(self, store: Store, config: EmulatorConfig) -> None:
        self.store = store
        self.config = config
        soap = store.mapping.soap
        address = f"{config.internal_address}/{config.base}/ws/"
        self._wsdls = {
            soap.service: status_wsdl(soap, address + soap.service),
            BROKEN_SERVICE: broken_wsdl(soap, address + BROKEN_SERVICE),
        }

    def handle(self, request: Request, name: str) -> Response:
        name = name.removesuffix(".1cws")
        if name not in self._wsdls:
            raise ODataFault(404, "6", f"Веб-сервис {name} не опубликован")
        if request.method == "GET":
            if "wsdl" not in {k.lower() for k in request.args}:
                raise ODataFault(400, "9", "Ожидается ?wsdl")
            return Response(self._wsdls[name], content_type="text/xml;charset=utf-8")
        if request.method != "POST":
            raise ODataFault(405, "9", "Метод не поддерживается")
        return self._call(request, name)

    def _call(self, request: Request, name: str) -> Response:
        version_ns = SOAP11
        try:
            root = etree.fromstring(request.get_data(), parser=etree.XMLParser(resolve_entities=False))
            version_ns = etree.QName(root).namespace or SOAP11
            if version_ns not in (SOAP11, SOAP12):
                raise SoapFault("Неизвестная версия SOAP")
            body = root.find(f"{{{version_ns}}}Body")
            if body is None or len(body) == 0:
                raise SoapFault("Пустое тело SOAP-сообщения")
            call = body[0]
            soap = self.store.mapping.soap
            qname = etree.QName(call)
            if (
                name != soap.service
                or qname.namespace != soap.namespace
                or qname.localname != soap.push_status
            ):
                raise SoapFault(f"Операция {qname.localname} не найдена в веб-сервисе {name}")
            args = {etree.QName(child).localname: (child.text or "") for child in call}
            result = self.push_status(args)
        except etree.XMLSyntaxError:
            return self.fault_response(version_ns, "Ошибка разбора XML")
        except SoapFault as exc:
            return self.fault_response(version_ns, str(exc))
        env = f"""<soap:Envelope xmlns:soap="{version_ns}"><soap:Body><m:{soap.push_status}Response xmlns:m="{
            escape(soap.namespace)
        }"><m:return>{escape(result)}</m:return></m:{soap.push_status}Response>
            </soap:Body></soap:Envelope>"""
        return Response(env, content_type=self._content_type(version_ns))

    @staticmethod
    def _content_type(version_ns: str) -> str:
        return "application/soap+xml;charset=utf-8" if version_ns == SOAP12 else "text/xml;charset=utf-8"

    def fault_response(self, version_ns: str, message: str) -> Response:
        text = escape(message)
        if version_ns == SOAP12:
            fault = (
                f"<soap:Fault><soap:Code><soap:Value>soap:Receiver</soap:Value></soap:Code><soap:Reason>"
                f'<soap:Text xml:lang="ru">{text}</soap:Text></soap:Reason></soap:Fault>'
            )
        else:
            fault = f"<soap:Fault><faultcode>soap:Server</faultcode><faultstring>{text}</faultstring></soap:Fault>"
        env = f'<soap:Envelope xmlns:soap="{version_ns}"><soap:Body>{fault}</soap:Body></soap:Envelope>'
        return Response(env, status=500, content_type=self._content_type(version_ns))

    def push_status(self, args: dict[str, str]) -> str:
        """Write one status record; "created", or "exists" when the same key was written before."""
        mapping = self.store.mapping
        names = mapping.soap
        status = args.get(names.param_status, "")
        if status not in mapping.statuses.statuses.values():
            raise SoapFault(f"Неизвестное значение перечисления СтатусыЭПБ: {status}")
        member = args.get(names.param_member_ref, "").lower()
        try:
            period = normalize_datetime(args.get(names.param_status_date, "")[:19])
            issued_raw = args.get(names.param_issue_date) or ""
            issued = normalize_datetime(issued_raw[:10]) if issued_raw else "0001-01-01T00:00:00"
        except ODataFault as exc:
            raise SoapFault(exc.message) from exc
        values: dict[str, Any] = {
            "period": period,
            "member": member,
            "card_number": args.get(names.param_card_number, "").strip(),
            "status": status,
            "issued_on": issued,
            "idem_key": args.get(names.param_idempotency_key, ""),
            "form": args.get(names.param_form, ""),
        }

        def run(conn: Any) -> str:
            if not conn.execute("SELECT 1 FROM members WHERE ref = ?", (member,)).fetchone():
                raise SoapFault(f"Не найден член профсоюза {member}")
            exists = conn.execute(
                "SELECT 1 FROM statuses WHERE period = ? AND member = ? AND card_number = ? AND status = ?",
                (period, member, values["card_number"], status),
            ).fetchone()
            if exists:
                return "exists"
            conn.execute(
                "INSERT INTO statuses (period, member, card_number, status, issued_on, idem_key, form)"
                " VALUES (?,?,?,?,?,?,?)",
                tuple(values.values()),
            )
            return "created"

        return self.store.write(run)
