"""The per-region member counts the issuance report reads are kept by the database (migration
0013) and always equal a live count, whatever statement changed the members; concurrent writers
never wait for each other because of them."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import Engine, delete, func, insert, select, text, update
from sqlalchemy.orm import Session

from gateway.models import Member, MemberCategory, RegionMemberCount
from gateway.sync.member_counts import fold, members_per_region
from tests.factories import make_member, make_primary, make_region


def _kept(db: Session) -> dict[int, int]:
    # A region whose count fell to zero reads 0: the same as no region for the report.
    counts, _many = members_per_region(db)
    return {r: n for r, n in counts.items() if n}


def _live(db: Session) -> dict[int, int]:
    return dict(
        db.execute(  # type: ignore[arg-type]
            select(Member.region_id, func.count())
            .where(Member.region_id.is_not(None), Member.left_on.is_(None), Member.deletion_mark.is_(False))
            .group_by(Member.region_id)
        ).all()
    )


def test_counts_follow_inserts_updates_moves_and_deletes(db: Session) -> None:
    r77, r50 = make_region(db, "77"), make_region(db, "50")
    p77, p50 = make_primary(db, r77), make_primary(db, r50)
    members = [make_member(db, p77, surname=f"Иванова{i}") for i in range(5)]
    make_member(db, p50, surname="Петрова")
    make_member(db, p50, surname="Выбывшая", left_on=dt.date(2025, 1, 1))
    assert _kept(db) == _live(db) == {r77.id: 5, r50.id: 1}

    # A bulk insert of one statement, as a sync page writes it.
    rows = [
        {
            "onec_ref": f"00000000-0000-0000-0000-{i:012d}",
            "surname": "Сидорова",
            "name": "Анна",
            "birth_date": dt.date(1990, 1, 1),
            "category": "working",
            "organisation_id": p50.id,
            "region_id": r50.id,
            "consent": True,
            "deletion_mark": False,
            "match_key": f"k{i}",
            "updated_at": dt.datetime.now(dt.UTC),
        }
        for i in range(1, 301)
    ]
    db.execute(insert(Member), rows)
    assert _kept(db) == _live(db) == {r77.id: 5, r50.id: 301}

    db.execute(update(Member).where(Member.id == members[0].id).values(left_on=dt.date(2026, 1, 1)))
    db.execute(update(Member).where(Member.id == members[1].id).values(deletion_mark=True))
    # The organisation moved to another region (1C relinked it): members move with it.
    db.execute(update(Member).where(Member.id.in_([m.id for m in members[2:4]])).values(region_id=r50.id))
    assert _kept(db) == _live(db) == {r77.id: 1, r50.id: 303}

    db.execute(update(Member).where(Member.surname == "Выбывшая").values(left_on=None))  # came back
    db.execute(delete(Member).where(Member.surname == "Сидорова"))
    assert _kept(db) == _live(db) == {r77.id: 1, r50.id: 4}


def test_counts_follow_the_syncs_upsert(db: Session) -> None:
    """``INSERT … ON CONFLICT DO UPDATE`` (how a sync page lands): new rows count once, updated rows
    move between regions or leave, and rows the WHERE skips change nothing."""
    r77, r50 = make_region(db, "77"), make_region(db, "50")
    p77, p50 = make_primary(db, r77), make_primary(db, r50)
    stays, moves, leaves = (make_member(db, p77, surname=n) for n in ("Остаётся", "Переезжает", "Выбывает"))
    page = [
        {"ref": m.onec_ref, "org": org.id, "region": region.id, "left": left}
        for m, org, region, left in (
            (stays, p77, r77, None),
            (moves, p50, r50, None),
            (leaves, p77, r77, dt.date(2026, 2, 1)),
        )
    ]
    db.execute(
        text(
            "INSERT INTO members (onec_ref, surname, name, birth_date, category, organisation_id, region_id,"
            " consent, deletion_mark, match_key, updated_at, left_on) "
            "SELECT ref, 'Новая', 'Анна', DATE '1990-01-01', 'working', org, region, true, false, 'k', now(), left_on"
            " FROM (VALUES (CAST(:r1 AS uuid), :o1, :g1, CAST(:l1 AS date)), (CAST(:r2 AS uuid), :o2, :g2, CAST(:l2 AS date)),"
            " (CAST(:r3 AS uuid), :o3, :g3, CAST(:l3 AS date)), (gen_random_uuid(), :o2, :g2, NULL))"
            " AS v(ref, org, region, left_on) "
            "ON CONFLICT (onec_ref) DO UPDATE SET organisation_id = excluded.organisation_id,"
            " region_id = excluded.region_id, left_on = excluded.left_on"
            " WHERE members.onec_ref <> CAST(:r1 AS uuid)"  # the unchanged row: no write
        ),
        {
            **{f"r{i}": str(p["ref"]) for i, p in enumerate(page, 1)},
            **{f"o{i}": p["org"] for i, p in enumerate(page, 1)},
            **{f"g{i}": p["region"] for i, p in enumerate(page, 1)},
            **{f"l{i}": p["left"] for i, p in enumerate(page, 1)},
        },
    )
    assert _kept(db) == _live(db) == {r77.id: 1, r50.id: 2}


def test_truncating_members_clears_the_counts(db: Session) -> None:
    make_member(db, make_primary(db, make_region(db, "77")))
    assert _kept(db) != {}
    db.execute(text("TRUNCATE members CASCADE"))
    assert _kept(db) == {}


def test_fold_leaves_one_row_per_region_and_the_same_counts(db: Session) -> None:
    r77, r50 = make_region(db, "77"), make_region(db, "50")
    p77, p50 = make_primary(db, r77), make_primary(db, r50)
    for i in range(5):  # one statement each: five appended rows per region
        make_member(db, p77, surname=f"Иванова{i}")
        make_member(db, p50, surname=f"Петрова{i}")
    rows = lambda: db.scalar(select(func.count()).select_from(RegionMemberCount))  # noqa: E731
    assert rows() >= 10
    before = _kept(db)
    fold(db.connection())
    assert rows() == 2 and _kept(db) == before == _live(db)


def test_writers_of_one_region_do_not_wait_for_each_other(committed_app: Any, engine: Engine) -> None:
    """Two open transactions add members of the same region: neither waits (a counter row updated
    in place would make the second wait for the first's commit; the sync's pipelined pages then
    deadlock on it)."""
    with Session(engine) as s:
        p77 = make_primary(s, make_region(s, "77"))
        s.commit()
        org = (p77.id, p77.region_id)
    first, second = Session(engine), Session(engine)
    try:
        first.add(_member(*org, "Первая"))
        first.flush()
        second.execute(text("SET LOCAL lock_timeout = '3s'"))
        second.add(_member(*org, "Вторая"))
        second.flush()  # raised «lock timeout» before the counts were append-only
        second.commit()
        first.commit()
    finally:
        first.close()
        second.close()
    with Session(engine) as s:
        assert _kept(s) == _live(s)
        assert sum(_kept(s).values()) == 2


def _member(org_id: int, region_id: int | None, surname: str) -> Member:
    return Member(
        onec_ref=uuid.uuid4(),
        surname=surname,
        name="Анна",
        birth_date=dt.date(1990, 1, 1),
        category=MemberCategory.WORKING,
        organisation_id=org_id,
        region_id=region_id,
        consent=True,
        match_key=surname,
    )
