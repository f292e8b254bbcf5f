from __future__ import annotations

from pathlib import Path

import pytest

from adapters.onec.mapping import DEFAULT_MAPPING_FILE, MappingError, OneCMapping, load_mapping

ALT = Path(__file__).with_name("alt_mapping.toml")


def test_config_file_documents_exactly_the_defaults() -> None:
    assert DEFAULT_MAPPING_FILE.name == "onec.toml"
    assert load_mapping(DEFAULT_MAPPING_FILE) == OneCMapping()


def test_alternate_mapping_overrides_only_what_it_names() -> None:
    m = load_mapping(ALT)
    assert m.members.entity_set == "Catalog_Члены"
    assert m.members.last_name == "ФамилияЧлена"
    assert m.members.first_name == OneCMapping().members.first_name
    assert m.members.categories["employed"] == "Работает"
    assert m.card_orders.lines_entity_set == "Document_ЗаказКарт_Состав"


def test_unknown_keys_are_rejected(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[members]\nlast_nme = "Фамилия"\n', encoding="utf-8")
    with pytest.raises(MappingError, match="last_nme"):
        load_mapping(bad)


def test_two_statuses_cannot_share_a_1c_value(tmp_path: Path) -> None:
    bad = tmp_path / "bad.toml"
    bad.write_text('[statuses.statuses]\nissued = "Отказ"\n', encoding="utf-8")
    with pytest.raises(MappingError, match="same 1C value"):
        load_mapping(bad)
