"""A generated registry for demos and benchmarks (the 1C emulator is the faithful source)."""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import Any

from sqlalchemy import Engine, insert

from gateway.models import Member, MemberCategory, Organisation, OrgKind, member_match_key

REGIONS = [
    ("77", "Московская городская организация"),
    ("50", "Московская областная организация"),
    ("78", "Санкт-Петербургская и Ленинградская областная организация"),
    ("64", "Саратовская областная организация"),
    ("16", "Татарстанская республиканская организация"),
    ("66", "Свердловская областная организация"),
    ("54", "Новосибирская областная организация"),
    ("23", "Краснодарская краевая организация"),
    ("02", "Башкортостанская республиканская организация"),
    ("25", "Приморская краевая организация"),
]
SURNAMES = [
    "Иванов",
    "Смирнов",
    "Кузнецов",
    "Попов",
    "Васильев",
    "Петров",
    "Соколов",
    "Михайлов",
    "Новиков",
    "Фёдоров",
    "Морозов",
    "Волков",
    "Алексеев",
    "Лебедев",
    "Семёнов",
    "Егоров",
    "Павлов",
    "Козлов",
    "Степанов",
    "Николаев",
    "Орлов",
    "Андреев",
    "Макаров",
    "Никитин",
    "Захаров",
    "Зайцев",
    "Соловьёв",
    "Борисов",
    "Яковлев",
    "Григорьев",
    "Романов",
    "Воробьёв",
    "Сергеев",
    "Кузьмин",
    "Фролов",
    "Александров",
    "Дмитриев",
    "Королёв",
    "Гусев",
    "Киселёв",
    "Ильин",
    "Максимов",
    "Поляков",
    "Сорокин",
    "Виноградов",
    "Ковалёв",
    "Белов",
    "Медведев",
    "Антонов",
    "Тарасов",
    "Жуков",
    "Римский-Корсаков",
    "Мамин-Сибиряк",
    "Константинопольский",
    "Преображенский",
]
MALE = [
    "Александр",
    "Сергей",
    "Дмитрий",
    "Андрей",
    "Алексей",
    "Иван",
    "Михаил",
    "Николай",
    "Владимир",
    "Евгений",
]
FEMALE = [
    "Елена",
    "Ольга",
    "Наталья",
    "Татьяна",
    "Ирина",
    "Светлана",
    "Мария",
    "Анна",
    "Екатерина",
    "Людмила",
]
FATHERS = [
    "Александр",
    "Сергей",
    "Владимир",
    "Николай",
    "Иван",
    "Михаил",
    "Пётр",
    "Виктор",
    "Юрий",
    "Анатолий",
]
CATEGORY_WEIGHTS = [
    (MemberCategory.WORKING, 70),
    (MemberCategory.STUDENT, 22),
    (MemberCategory.PENSIONER, 2),
    (MemberCategory.NOT_STATED, 6),
]


def _patronymic(father: str, female: bool) -> str:
    stem = {"Пётр": "Петр", "Юрий": "Юрь", "Анатолий": "Анатоль", "Николай": "Никола"}.get(father, father)
    if stem.endswith("ь"):
        return stem[:-1] + ("евна" if female else "евич")
    if father == "Николай":
        return "Николаевна" if female else "Николаевич"
    return stem + ("овна" if female else "ович")


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
        for code, name in REGIONS[:regions]:
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
                    "name": f"Районная организация №1 ({name.split()[0]})",
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
                        "name": f"ППО МБОУ «Средняя школа № {p + 1}»",
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
            surname = rnd.choice(SURNAMES) + ("а" if female else "")
            if female and surname.endswith("ийа"):
                surname = surname[:-3] + "ая"
            first = rnd.choice(FEMALE if female else MALE)
            patronymic = _patronymic(rnd.choice(FATHERS), female)
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
