"""Deterministic generation of a realistic registry: the same seed and size give the same data.

Shares follow the union's published figures: ~70% employed, ~22% students, ~2% non-working
pensioners, ~6% category not stated; ~43 members per primary organisation; most members are
women. A million members take about ten seconds: rows are built as tuples and inserted with
``executemany`` in large chunks.
"""

from __future__ import annotations

import base64
import random
import sqlite3
import struct
from collections.abc import Iterator
from datetime import date, timedelta

from ..mapping import OneCMapping
from ..wire import EMPTY_DATE, EMPTY_REF
from .names import (
    FEMALE_NAMES,
    MALE_NAMES,
    PATRONYMICS,
    PRIMARY_KINDS,
    REGIONS,
    SURNAMES,
    TOWNS,
    region_organisation_name,
)

CHUNK = 50_000
_ORD_1950 = date(1950, 1, 1).toordinal()
_ORD_1985 = date(1985, 1, 1).toordinal()
_ORD_2005 = date(2005, 1, 1).toordinal()
_ORD_2015 = date(2015, 1, 1).toordinal()
_ORD_2024 = date(2024, 12, 31).toordinal()


def new_ref(rng: random.Random) -> str:
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-{h[12:16]}-{h[16:20]}-{h[20:]}"


def data_version(n: int) -> str:
    # 1C's DataVersion is an opaque base64 string of 8 bytes, e.g. "AAAAAQAAAAA=".
    return base64.b64encode(struct.pack(">II", n, 0)).decode("ascii")


def _day(ordinal: int) -> str:
    return date.fromordinal(ordinal).isoformat() + "T00:00:00"


class Generator:
    def __init__(self, conn: sqlite3.Connection, mapping: OneCMapping, seed: int) -> None:
        self.conn = conn
        self.mapping = mapping
        self.rng = random.Random(seed)
        self.version = 0

    def next_version(self) -> str:
        self.version += 1
        return data_version(self.version)

    def run(self, members: int) -> None:
        primaries = self._organisations(members)
        member_refs = self._members(members, primaries)
        self._orders(members, primaries, member_refs)
        self._nodes()
        self.conn.execute("INSERT OR REPLACE INTO meta VALUES ('version_seq', ?)", (str(self.version),))

    # ---- organisations -------------------------------------------------------------------------

    def _organisations(self, members: int) -> list[str]:
        rng, kinds = self.rng, self.mapping.organisations.kinds
        regions = len(REGIONS)
        n_primary = max(regions, min(70_000, members // 40))
        n_territorial = max(regions, min(2_240, n_primary // 30))
        rows: list[tuple] = []

        def inn() -> str:
            return str(rng.randrange(10**9, 10**10))  # legal entities: 10 digits in a String(12)

        central = new_ref(rng)
        rows.append(
            (
                central,
                self.next_version(),
                0,
                EMPTY_REF,
                "0",
                "Общероссийский Профсоюз образования",
                kinds["central"],
                "00",
                inn(),
                EMPTY_DATE,
            )
        )
        region_refs = []
        for code, name in REGIONS:
            ref = new_ref(rng)
            region_refs.append((ref, code))
            rows.append(
                (
                    ref,
                    self.next_version(),
                    0,
                    central,
                    code,
                    region_organisation_name(name),
                    kinds["region"],
                    code,
                    inn(),
                    EMPTY_DATE,
                )
            )
        territorials = []
        for i in range(n_territorial):
            parent, code = region_refs[i % regions]
            ref = new_ref(rng)
            territorials.append((ref, code))
            town = TOWNS[i % len(TOWNS)]
            rows.append(
                (
                    ref,
                    self.next_version(),
                    0,
                    parent,
                    f"{code}-{i // regions + 1}",
                    f"{town} территориальная организация Профсоюза ({code})",
                    kinds["territorial"],
                    code,
                    inn(),
                    EMPTY_DATE,
                )
            )
        primaries = []
        for i in range(n_primary):
            # ~2% of primaries have the rights of a territorial organisation and hang off the region.
            if rng.random() < 0.02:
                parent, code = region_refs[rng.randrange(regions)]
            else:
                parent, code = territorials[rng.randrange(n_territorial)]
            ref = new_ref(rng)
            excluded = _day(rng.randrange(_ORD_2015, _ORD_2024)) if rng.random() < 0.015 else EMPTY_DATE
            if excluded == EMPTY_DATE:
                primaries.append(ref)
            name = PRIMARY_KINDS[i % len(PRIMARY_KINDS)].format(n=i % 300 + 1)
            rows.append(
                (
                    ref,
                    self.next_version(),
                    0,
                    parent,
                    f"{code}-П{i + 1}",
                    f"ППО {name}",
                    kinds["primary"],
                    code,
                    inn(),
                    excluded,
                )
            )
        self.conn.executemany("INSERT INTO orgs VALUES (?,?,?,?,?,?,?,?,?,?)", rows)
        return primaries

    # ---- members -------------------------------------------------------------------------------

    def _member_rows(self, members: int, primaries: list[str], refs: list[str]) -> Iterator[tuple]:
        rng = self.rng
        random_ = rng.random
        randrange = rng.randrange
        cats = self.mapping.members.categories
        cat_employed, cat_student, cat_pensioner, cat_none = (
            cats["employed"],
            cats["student"],
            cats["pensioner"],
            cats["not_stated"],
        )
        n_sur, n_male, n_female, n_patr = len(SURNAMES), len(MALE_NAMES), len(FEMALE_NAMES), len(PATRONYMICS)
        n_org = len(primaries)
        for i in range(members):
            ref = new_ref(rng)
            refs.append(ref)
            female = random_() < 0.8
            surname = SURNAMES[randrange(n_sur)][1 if female else 0]
            first = FEMALE_NAMES[randrange(n_female)] if female else MALE_NAMES[randrange(n_male)]
            patronymic = PATRONYMICS[randrange(n_patr)][1 if female else 0] if random_() >= 0.03 else ""
            r = random_()
            if r < 0.70:
                category, birth = cat_employed, randrange(_ORD_1950, _ORD_2005)
            elif r < 0.92:
                category, birth = cat_student, randrange(_ORD_1985 + 4000, _ORD_2005 + 1000)
            elif r < 0.94:
                category, birth = cat_pensioner, randrange(_ORD_1950 - 3000, _ORD_1985 - 7000)
            else:
                category, birth = cat_none, randrange(_ORD_1950, _ORD_2005)
            joined = randrange(max(birth + 5840, _ORD_1985), _ORD_2024)
            consent = random_() < 0.93
            left = _day(randrange(joined, _ORD_2024 + 1)) if random_() < 0.03 else EMPTY_DATE
            description = f"{surname} {first} {patronymic}".rstrip()
            yield (
                ref,
                self.next_version(),
                1 if random_() < 0.004 else 0,
                f"ЧП{i + 1:08d}",
                description,
                surname,
                first,
                patronymic,
                _day(birth),
                category,
                primaries[randrange(n_org)],
                1 if consent else 0,
                _day(randrange(joined, _ORD_2024 + 1)) if consent else EMPTY_DATE,
                _day(joined),
                left,
                100_000_000_000 + i,
            )

    def _members(self, members: int, primaries: list[str]) -> list[str]:
        refs: list[str] = []
        rows = self._member_rows(members, primaries, refs)
        # Refs are random, so inserting straight into the clustered table splits B-tree pages all
        # over the file; appending to a staging heap and copying it over in key order is ~40% faster.
        self.conn.execute("CREATE TEMP TABLE members_stage AS SELECT * FROM members WHERE 0")
        sql = "INSERT INTO members_stage VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)"
        while True:
            chunk = [row for _, row in zip(range(CHUNK), rows, strict=False)]
            if not chunk:
                break
            self.conn.executemany(sql, chunk)
        self.conn.execute("INSERT INTO members SELECT * FROM members_stage ORDER BY ref")
        self.conn.execute("DROP TABLE members_stage")
        return refs

    # ---- card orders ---------------------------------------------------------------------------

    def _orders(self, members: int, primaries: list[str], member_refs: list[str]) -> None:
        rng = self.rng
        reasons = self.mapping.card_orders.reasons
        reason_pool = [reasons["first_issue"]] * 17 + [
            reasons["lost"],
            reasons["damaged"],
            reasons["name_changed"],
        ]
        orders, lines = [], []
        for n in range(max(5, members // 100)):
            ref = new_ref(rng)
            moment = date.fromordinal(rng.randrange(_ORD_2024 - 700, _ORD_2024)).isoformat()
            moment += f"T{rng.randrange(8, 19):02d}:{rng.randrange(60):02d}:{rng.randrange(60):02d}"
            orders.append(
                (
                    ref,
                    self.next_version(),
                    1 if rng.random() < 0.005 else 0,
                    f"ЭП-{n + 1:06d}",
                    moment,
                    1 if rng.random() < 0.9 else 0,
                    primaries[rng.randrange(len(primaries))],
                    "" if rng.random() < 0.7 else "Срочно, к началу учебного года",
                )
            )
            for line in range(1, rng.randrange(2, 21)):
                lines.append(
                    (
                        ref,
                        line,
                        member_refs[rng.randrange(len(member_refs))],
                        reason_pool[rng.randrange(len(reason_pool))],
                    )
                )
        self.conn.executemany("INSERT INTO orders VALUES (?,?,?,?,?,?,?,?)", orders)
        self.conn.executemany(
            "INSERT INTO order_lines (ref, line_number, member, reason) VALUES (?,?,?,?)", lines
        )

    def _nodes(self) -> None:
        rng, ex = self.rng, self.mapping.exchange
        self.conn.executemany(
            "INSERT INTO nodes (ref, version, deletion_mark, code, description, sent_no, received_no, this_node) "
            "VALUES (?,?,0,?,?,0,0,?)",
            [
                (new_ref(rng), self.next_version(), "ЦБ", "Центральная база (этот узел)", 1),
                (new_ref(rng), self.next_version(), ex.node_code, "Шлюз выпуска ЭПБ", 0),
            ],
        )


def shift_days(day: str, days: int) -> str:
    return (date.fromisoformat(day[:10]) + timedelta(days=days)).isoformat() + "T00:00:00"
