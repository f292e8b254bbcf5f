"""The demo registry (benchmarks, ``gateway demo-data``) draws its people and organisations from the
1C emulator's data: one source of fake Russian registries."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import select

from adapters.onec.emulator.names import (
    FEMALE_NAMES,
    MALE_NAMES,
    PATRONYMICS,
    SURNAMES,
    region_organisation_name,
)
from gateway.db.migrate import upgrade
from gateway.db.session import make_engine
from gateway.devtools.demo_registry import generate_registry
from gateway.models import Member, Organisation, OrgKind


def test_demo_people_and_regions_come_from_the_emulators_names(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'demo.sqlite'}"
    upgrade(url)
    engine = make_engine(url)
    try:
        counts = generate_registry(engine, regions=3, members=400, seed=5, primaries_per_region=4)
        with engine.connect() as conn:
            regions = conn.execute(
                select(Organisation.region_code, Organisation.name)
                .where(Organisation.kind == OrgKind.REGION)
                .order_by(Organisation.id)
            ).all()
            people = conn.execute(select(Member.surname, Member.name, Member.patronymic)).all()
    finally:
        engine.dispose()

    assert counts == {"organisations": 1 + 3 * (1 + 1 + 4), "members": 400}
    assert [code for code, _ in regions] == ["77", "50", "78"]  # Moscow first: the demo region
    assert regions[0][1] == region_organisation_name("город Москва")
    assert len(people) == 400
    for surname, first, patronymic in people:
        female = first in FEMALE_NAMES
        assert female or first in MALE_NAMES
        # Surname and patronymic agree with the first name's gender (the emulator's pairs).
        assert surname in {pair[female] for pair in SURNAMES}
        assert patronymic in {pair[female] for pair in PATRONYMICS}
