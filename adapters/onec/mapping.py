"""Names of the 1C metadata objects the gateway reads and writes.

The union's registry configuration is not public, so every entity-set, field, enumeration value,
exchange-plan and web-service name comes from ``config/onec.toml``. The defaults below are the
names we expect (and the ones the emulator publishes); the TOML documents each of them. A file
only needs the keys that differ: missing keys keep their defaults, unknown keys are an error so a
typo never silently falls back to a default.

Platform names that 1C fixes for every configuration (``Ref_Key``, ``DataVersion``,
``DeletionMark``, ``Code``, ``Description``, ``Parent_Key``, ``Number``, ``Date``, ``Posted``,
``LineNumber``, ``Period``) are constants in :mod:`adapters.onec.wire`-level code, not settings.
"""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

DEFAULT_MAPPING_FILE = Path(__file__).resolve().parents[2] / "config" / "onec.toml"

# Categories and statuses the gateway itself knows; the mapping says how 1C spells each.
MEMBER_CATEGORIES = ("employed", "student", "pensioner", "not_stated")
ORG_KINDS = ("central", "region", "territorial", "primary")
CARD_STATUSES = ("ordered", "produced", "shipped", "issued", "refused", "cancelled")
ORDER_REASONS = ("first_issue", "lost", "damaged", "name_changed")
# Forms of the ЭПБ: a plastic card, or the number only (personal account, app, wallet).
CARD_FORMS = ("plastic", "virtual")


def _default_forms() -> dict[str, str]:
    return {"plastic": "Пластиковая", "virtual": "Виртуальная"}


class MappingError(ValueError):
    """The mapping file is unreadable or names a key the gateway does not know."""


@dataclass(frozen=True)
class OrganisationMapping:
    entity_set: str = "Catalog_ОрганизацииПрофсоюза"
    kind: str = "ВидОрганизации"
    region_code: str = "КодРегиона"
    inn: str = "ИНН"
    excluded_on: str = "ДатаИсключения"
    kinds: dict[str, str] = field(
        default_factory=lambda: {
            "central": "ЦентральныйСовет",
            "region": "Региональная",
            "territorial": "Территориальная",
            "primary": "Первичная",
        }
    )


@dataclass(frozen=True)
class MemberMapping:
    entity_set: str = "Catalog_ЧленыПрофсоюза"
    last_name: str = "Фамилия"
    first_name: str = "Имя"
    middle_name: str = "Отчество"
    birth_date: str = "ДатаРождения"
    category: str = "Категория"
    organisation: str = "Организация_Key"
    consent: str = "СогласиеНаОбработкуПДн"
    consent_date: str = "ДатаСогласия"
    joined_on: str = "ДатаВступления"
    left_on: str = "ДатаВыходаИзПрофсоюза"
    record_number: str = "НомерУчетнойКарточки"  # Edm.Int64: arrives as a string
    categories: dict[str, str] = field(
        default_factory=lambda: {
            "employed": "Работающий",
            "student": "Обучающийся",
            "pensioner": "НеработающийПенсионер",
            # An unfilled enumeration attribute arrives as an empty string.
            "not_stated": "",
        }
    )


@dataclass(frozen=True)
class CardOrderMapping:
    entity_set: str = "Document_ЗаявкаНаВыпускЭПБ"
    lines_property: str = "Члены"
    organisation: str = "Организация_Key"
    comment: str = "Комментарий"
    line_member: str = "Член_Key"
    line_reason: str = "Причина"
    # Enumeration attribute of a line: the form ordered; an unfilled one means a plastic card.
    line_form: str = "ФормаЭПБ"
    forms: dict[str, str] = field(default_factory=_default_forms)
    reasons: dict[str, str] = field(
        default_factory=lambda: {
            "first_issue": "ПервичныйВыпуск",
            "lost": "Утеря",
            "damaged": "Порча",
            "name_changed": "СменаФамилии",
        }
    )

    @property
    def lines_entity_set(self) -> str:
        # 1C publishes a tabular section as its own entity set named Document_X_Section.
        return f"{self.entity_set}_{self.lines_property}"


@dataclass(frozen=True)
class StatusMapping:
    entity_set: str = "InformationRegister_СтатусыЭПБ"
    member: str = "Член_Key"
    card_number: str = "НомерКарты"
    status: str = "Статус"
    issued_on: str = "ДатаВыдачи"
    idempotency_key: str = "КлючИдемпотентности"
    # Resource: which form the status concerns («Выдан» of a virtual-only number is «Виртуальная»).
    form: str = "ФормаЭПБ"
    forms: dict[str, str] = field(default_factory=_default_forms)
    statuses: dict[str, str] = field(
        default_factory=lambda: {
            "ordered": "Заказан",
            "produced": "Изготовлен",
            "shipped": "Отправлен",
            "issued": "Выдан",
            "refused": "Отказ",
            "cancelled": "Аннулирован",
        }
    )


@dataclass(frozen=True)
class ExchangeMapping:
    plan: str = "ExchangePlan_ОбменСШлюзомЭПБ"
    node_code: str = "ШЛЮЗ"
    select_changes: str = "SelectChanges"
    notify_changes_received: str = "NotifyChangesReceived"


@dataclass(frozen=True)
class SoapMapping:
    service: str = "CardStatuses"
    namespace: str = "http://eseur.ru/reestr/epb"
    push_status: str = "PushStatus"
    # Parameter names of the push operation (the XDTO element names of its request).
    param_card_number: str = "CardNumber"
    param_member_ref: str = "MemberRef"
    param_status: str = "Status"
    param_status_date: str = "StatusDate"
    param_issue_date: str = "IssueDate"
    param_idempotency_key: str = "IdempotencyKey"
    # Which form the status concerns (plastic / virtual), as the register's ФормаЭПБ resource.
    param_form: str = "Form"


@dataclass(frozen=True)
class OneCMapping:
    organisations: OrganisationMapping = field(default_factory=OrganisationMapping)
    members: MemberMapping = field(default_factory=MemberMapping)
    card_orders: CardOrderMapping = field(default_factory=CardOrderMapping)
    statuses: StatusMapping = field(default_factory=StatusMapping)
    exchange: ExchangeMapping = field(default_factory=ExchangeMapping)
    soap: SoapMapping = field(default_factory=SoapMapping)

    def reverse(self, table: dict[str, str]) -> dict[str, str]:
        return {onec: ours for ours, onec in table.items()}


_REQUIRED_ENUMS = {
    ("organisations", "kinds"): ORG_KINDS,
    ("members", "categories"): MEMBER_CATEGORIES,
    ("card_orders", "reasons"): ORDER_REASONS,
    ("statuses", "statuses"): CARD_STATUSES,
    ("card_orders", "forms"): CARD_FORMS,
    ("statuses", "forms"): CARD_FORMS,
}


def _build_section(cls: type, raw: dict[str, Any], section: str) -> Any:
    known = {f.name: f for f in dataclasses.fields(cls)}
    unknown = sorted(set(raw) - set(known))
    if unknown:
        raise MappingError(f"[{section}]: unknown key(s) {', '.join(unknown)}")
    values: dict[str, Any] = {}
    defaults = cls()
    for name, value in raw.items():
        default = getattr(defaults, name)
        if isinstance(default, dict):
            if not isinstance(value, dict):
                raise MappingError(f"[{section}.{name}] must be a table")
            extra = sorted(set(value) - set(default))
            if extra:
                raise MappingError(f"[{section}.{name}]: unknown value(s) {', '.join(extra)}")
            merged = {**default, **{k: str(v) for k, v in value.items()}}
            values[name] = merged
        elif not isinstance(value, str) or (not value and name != "node_code"):
            raise MappingError(f"[{section}] {name} must be a non-empty string")
        else:
            values[name] = value
    return cls(**values)


def mapping_from_dict(raw: dict[str, Any]) -> OneCMapping:
    sections = {f.name: f for f in dataclasses.fields(OneCMapping)}
    unknown = sorted(set(raw) - set(sections))
    if unknown:
        raise MappingError(f"unknown section(s) {', '.join(unknown)}")
    built: dict[str, Any] = {}
    for name, fld in sections.items():
        section_cls = fld.default_factory  # type: ignore[misc]
        built[name] = _build_section(section_cls, raw.get(name, {}), name)  # type: ignore[arg-type]
    mapping = OneCMapping(**built)
    for (section, attr), names in _REQUIRED_ENUMS.items():
        table = getattr(getattr(mapping, section), attr)
        values = [table[n] for n in names]
        if len(set(values)) != len(values):
            raise MappingError(f"[{section}.{attr}]: two gateway values map to the same 1C value")
    return mapping


def load_mapping(path: str | Path | None = None) -> OneCMapping:
    """Load a mapping file; ``None`` gives the built-in defaults (identical to config/onec.toml)."""
    if path is None:
        return OneCMapping()
    path = Path(path)
    try:
        raw = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise MappingError(f"cannot read 1C mapping {path}: {exc}") from exc
    try:
        return mapping_from_dict(raw)
    except MappingError as exc:
        raise MappingError(f"{path}: {exc}") from exc
