"""Orders name the form: API field, spreadsheet column, 1C order line attribute (through the mapping)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from sqlalchemy.orm import Session

from adapters.onec.convert import RowConverter
from adapters.onec.mapping import OneCMapping
from gateway.models import CardForm, Member, TokenKind
from gateway.orders.spreadsheets import open_sheet
from tests.factories import auth, make_token


def test_api_order_with_form_virtual_is_issued_at_once(client: Any, db: Session, member: Member) -> None:
    token = make_token(db, TokenKind.OPERATOR)
    r = client.post(
        "/api/v1/orders", json={"member_ref": str(member.onec_ref), "form": "virtual"}, headers=auth(token)
    )
    assert r.status_code == 201, r.json
    assert r.json["state"] == "issued" and r.json["form"] == "virtual"
    shown = client.get(f"/api/v1/orders/{r.json['id']}", headers=auth(token)).json
    assert shown["state"] == "issued" and shown["form"] == "virtual" and shown["card_state"] == "virtual"
    bad = client.post(
        "/api/v1/orders", json={"member_ref": str(member.onec_ref), "form": "paper"}, headers=auth(token)
    )
    assert bad.status_code == 400 and bad.json["error"]["field"].endswith("form")


def test_spreadsheet_form_column() -> None:
    csv = (
        "Фамилия;Имя;Дата рождения;Причина;Форма\n"
        "Иванова;Мария;17.05.1980;первичный;Виртуальная\n"
        "Петров;Пётр;01.02.1970;первичный;\n"
        "Сидоров;Иван;01.02.1971;первичный;бумажная\n"
    ).encode("cp1251")
    _info, rows = open_sheet(csv, 100)
    parsed = list(rows)
    assert parsed[0].request is not None and parsed[0].request.form is CardForm.VIRTUAL
    assert parsed[1].request is not None and parsed[1].request.form is CardForm.PLASTIC
    assert parsed[2].request is None and parsed[2].problems[0].code == "invalid_form"


def test_1c_order_line_form_through_the_mapping() -> None:
    mapping = OneCMapping()
    conv = RowConverter(mapping, dt.UTC)
    row = {
        "Ref_Key": "5d6c0a4e-0000-4000-8000-000000000001",
        "Number": "1",
        "Date": "2026-11-30T10:00:00",
        mapping.card_orders.lines_property: [
            {"LineNumber": "1", "Член_Key": "5d6c0a4e-0000-4000-8000-000000000002", "Причина": "ПервичныйВыпуск",
             "ФормаЭПБ": "Виртуальная"},
            {"LineNumber": "2", "Член_Key": "5d6c0a4e-0000-4000-8000-000000000003", "Причина": "ПервичныйВыпуск",
             "ФормаЭПБ": ""},
        ],
    }  # fmt: skip
    lines = conv.card_order(row).lines
    assert lines[0].form == "virtual" and lines[1].form is None  # unfilled: a plastic card
