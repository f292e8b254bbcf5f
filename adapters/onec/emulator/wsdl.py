"""WSDL documents of the emulated 1C web services.

1C generates document/literal-wrapped WSDLs with two ports (``…Soap`` and ``…Soap12``) and writes
the server's *internal* address into them. ``broken_wsdl`` reproduces an XDTO-generated schema
with ``xs:any`` inside ``xs:all`` that zeep cannot parse.
"""

from __future__ import annotations

from xml.sax.saxutils import quoteattr

from ..mapping import SoapMapping


def push_fields(soap: SoapMapping) -> tuple[tuple[str, str, bool], ...]:
    """(element name, XSD type, nillable) of the push operation's parameters, named by the mapping."""
    return (
        (soap.param_card_number, "xs:string", False),
        (soap.param_member_ref, "xs:string", False),
        (soap.param_status, "xs:string", False),
        (soap.param_status_date, "xs:dateTime", False),
        (soap.param_issue_date, "xs:date", True),
        (soap.param_idempotency_key, "xs:string", False),
        (soap.param_form, "xs:string", True),
    )


BROKEN_SERVICE = "XdtoExchange"


def _header(name: str, ns: str) -> str:
    return (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<definitions xmlns="http://schemas.xmlsoap.org/wsdl/" '
        'xmlns:soap12bind="http://schemas.xmlsoap.org/wsdl/soap12/" '
        'xmlns:soapbind="http://schemas.xmlsoap.org/wsdl/soap/" '
        f'xmlns:tns={quoteattr(ns)} xmlns:xs="http://www.w3.org/2001/XMLSchema" '
        f"name={quoteattr(name)} targetNamespace={quoteattr(ns)}>"
    )


def _bindings_and_service(name: str, ns: str, operations: list[str], address: str) -> str:
    out = []
    for suffix, prefix in (("Soap", "soapbind"), ("Soap12", "soap12bind")):
        ops = "".join(
            f'<operation name="{op}"><{prefix}:operation style="document" soapAction="{ns}#{name}:{op}"/>'
            f'<input><{prefix}:body use="literal"/></input><output><{prefix}:body use="literal"/></output>'
            "</operation>"
            for op in operations
        )
        out.append(
            f'<binding name="{name}{suffix}Binding" type="tns:{name}PortType">'
            f'<{prefix}:binding style="document" transport="http://schemas.xmlsoap.org/soap/http"/>{ops}</binding>'
        )
    out.append(
        f'<service name="{name}">'
        f'<port name="{name}Soap" binding="tns:{name}SoapBinding"><soapbind:address location={quoteattr(address)}/>'
        "</port>"
        f'<port name="{name}Soap12" binding="tns:{name}Soap12Binding">'
        f"<soap12bind:address location={quoteattr(address)}/></port></service></definitions>"
    )
    return "".join(out)


def _messages_and_port_type(name: str, operations: list[str]) -> str:
    msgs = "".join(
        f'<message name="{op}RequestMessage"><part name="parameters" element="tns:{op}"/></message>'
        f'<message name="{op}ResponseMessage"><part name="parameters" element="tns:{op}Response"/></message>'
        for op in operations
    )
    ops = "".join(
        f'<operation name="{op}"><input message="tns:{op}RequestMessage"/>'
        f'<output message="tns:{op}ResponseMessage"/></operation>'
        for op in operations
    )
    return f'{msgs}<portType name="{name}PortType">{ops}</portType>'


def status_wsdl(soap: SoapMapping, address: str) -> bytes:
    name, ns, op = soap.service, soap.namespace, soap.push_status
    fields = "".join(
        f"<xs:element name={quoteattr(f)} type={quoteattr(t)}{' nillable=' + quoteattr('true') if nil else ''}/>"
        for f, t, nil in push_fields(soap)
    )
    types = (
        f'<types><xs:schema targetNamespace={quoteattr(ns)} elementFormDefault="qualified">'
        f'<xs:element name="{op}"><xs:complexType><xs:sequence>{fields}</xs:sequence></xs:complexType>'
        "</xs:element>"
        f'<xs:element name="{op}Response"><xs:complexType><xs:sequence>'
        '<xs:element name="return" type="xs:string"/></xs:sequence></xs:complexType></xs:element>'
        "</xs:schema></types>"
    )
    return (
        _header(name, ns)
        + types
        + _messages_and_port_type(name, [op])
        + _bindings_and_service(name, ns, [op], address)
    ).encode()


def broken_wsdl(soap: SoapMapping, address: str) -> bytes:
    """An XDTO-style schema zeep rejects: ``xs:any`` is not allowed inside ``xs:all``."""
    name, ns = BROKEN_SERVICE, soap.namespace + "/xdto"
    types = (
        f'<types><xs:schema targetNamespace={quoteattr(ns)} elementFormDefault="qualified">'
        '<xs:complexType name="Object"><xs:all><xs:element name="Ref" type="xs:string"/>'
        '<xs:any namespace="##any" processContents="lax"/></xs:all></xs:complexType>'
        '<xs:element name="Exchange"><xs:complexType><xs:sequence><xs:element name="Data" type="tns:Object"/>'
        "</xs:sequence></xs:complexType></xs:element>"
        '<xs:element name="ExchangeResponse"><xs:complexType><xs:sequence>'
        '<xs:element name="return" type="xs:string"/></xs:sequence></xs:complexType></xs:element>'
        "</xs:schema></types>"
    )
    return (
        _header(name, ns)
        + types
        + _messages_and_port_type(name, ["Exchange"])
        + _bindings_and_service(name, ns, ["Exchange"], address)
    ).encode()
