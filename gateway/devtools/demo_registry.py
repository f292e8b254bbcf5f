"""A generated registry written straight into the gateway's tables, for benchmarks and
``gateway demo-data`` (``./run.sh`` loads the 1C emulator's registry through the real sync instead).

The people, regions and organisation names come from the 1C emulator's data
(:mod:`adapters.onec.emulator.names`): one source of fake Russian registries, with the ё, hyphenated
and very long names that break card layouts. Only the writing differs: rows go to the gateway's
tables in large multi-row inserts, without 1C or a sync in between.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from sqlalchemy import Engine, insert

from adapters.onec.emulator.names import (
    FEMALE_NAMES,
    MALE_NAMES,
    PATRONYMICS,
    PRIMARY_KINDS,
    REGIONS,
    SURNAMES,
    TOWNS,
    region_organisation_name,
)
from gateway.models import Member, MemberCategory, Organisation, OrgKind, member_match_key

# The regions a small demo shows first (Moscow first: the embedded run's demo region); the rest follow.
_FIRST_REGIONS = ("77", "50", "78", "64", "16", "66", "54", "23", "02", "25")

CATEGORY_WEIGHTS = [
    (MemberCategory.WORKING, 70),
    (MemberCategory.STUDENT, 22),
    (MemberCategory.PENSIONER, 2),
    (MemberCategory.NOT_STATED, 6),
]


def generate_registry(
    engine: Engine,
    *,
    regions: int,
    members: int,
    seed: int = 1,
    primaries_per_region: int = 20,
    chunk: int = 20_000,
) -> dict[str, int]:
    rnd = random.Random(seed)
    rng_uuid = lambda: uuid.UUID(int=rnd.getrandbits(128), version=4)  # noqa: E731
    orgs: list[dict[str, Any]] = []
    primaries: list[tuple[int, int]] = []  # (primary id, region id)
    next_id = 1
    with engine.begin() as conn:
        root_id = next_id
        orgs.append(
            {
                "id": root_id,
                "onec_ref": rng_uuid(),
                "code": "000",
                "name": "Общероссийский Профсоюз образования",
                "kind": OrgKind.UNION,
                "parent_id": None,
                "region_id": None,
                "region_code": None,
            }
        )
        next_id += 1
        subjects = dict(REGIONS)
        order = [*_FIRST_REGIONS, *(code for code in subjects if code not in _FIRST_REGIONS)]
        for code in order[:regions]:
            name = region_organisation_name(subjects[code])
            rid = next_id
            next_id += 1
            orgs.append(
                {
                    "id": rid,
                    "onec_ref": rng_uuid(),
                    "code": f"R{code}",
                    "name": name,
                    "kind": OrgKind.REGION,
                    "parent_id": root_id,
                    "region_id": rid,
                    "region_code": code,
                }
            )
            tid = next_id
            next_id += 1
            orgs.append(
                {
                    "id": tid,
                    "onec_ref": rng_uuid(),
                    "code": f"T{code}01",
                    "name": f"{TOWNS[len(orgs) % len(TOWNS)]} территориальная организация Профсоюза ({code})",
                    "kind": OrgKind.TERRITORIAL,
                    "parent_id": rid,
                    "region_id": rid,
                    "region_code": None,
                }
            )
            for p in range(primaries_per_region):
                pid = next_id
                next_id += 1
                orgs.append(
                    {
                        "id": pid,
                        "onec_ref": rng_uuid(),
                        "code": f"P{code}{p:04d}",
                        "name": "ППО " + PRIMARY_KINDS[p % len(PRIMARY_KINDS)].format(n=p + 1),
                        "kind": OrgKind.PRIMARY,
                        "parent_id": tid,
                        "region_id": rid,
                        "region_code": None,
                    }
                )
                primaries.append((pid, rid))
        conn.execute(insert(Organisation), orgs)
        if conn.dialect.name == "postgresql":
            # Ids were given explicitly: move the sequence past them for later inserts.
            conn.exec_driver_sql(
                "SELECT setval(pg_get_serial_sequence('organisations', 'id'), (SELECT max(id) FROM organisations))"
            )
        cats = [c for c, _ in CATEGORY_WEIGHTS]
        weights = [w for _, w in CATEGORY_WEIGHTS]
        batch: list[dict[str, Any]] = []
        today = dt.date(2026, 1, 1)
        for i in range(members):
            female = rnd.random() < 0.8  # the education workforce is mostly women
            surname = rnd.choice(SURNAMES)[female]  # (masculine, feminine)
            first = rnd.choice(FEMALE_NAMES if female else MALE_NAMES)
            patronymic = rnd.choice(PATRONYMICS)[female]
            birth = today - dt.timedelta(days=rnd.randint(18 * 365, 70 * 365))
            pid, rid = primaries[rnd.randrange(len(primaries))]
            consent = rnd.random() < 0.97
            left = today - dt.timedelta(days=rnd.randint(1, 300)) if rnd.random() < 0.02 else None
            batch.append(
                {
                    "onec_ref": rng_uuid(),
                    "surname": surname,
                    "name": first,
                    "patronymic": patronymic,
                    "birth_date": birth,
                    "category": rnd.choices(cats, weights)[0],
                    "organisation_id": pid,
                    "region_id": rid,
                    "consent": consent,
                    "consent_date": today if consent else None,
                    "left_on": left,
                    "deletion_mark": False,
                    "data_version": f"{i:08x}",
                    "match_key": member_match_key(surname, first, patronymic, birth),
                }
            )
            if len(batch) >= chunk:
                conn.execute(insert(Member), batch)
                batch = []
        if batch:
            conn.execute(insert(Member), batch)
    return {"organisations": len(orgs), "members": members}
