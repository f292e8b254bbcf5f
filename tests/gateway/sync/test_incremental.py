"""Incremental sync: each kind of change made in 1C (emulator admin mutations) reaches the gateway,
through the exchange-plan change feed and through the DataVersion fallback."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from sqlalchemy import func, select

from gateway.db.locks import LockBusy, exclusive
from gateway.db.migrate import upgrade
from gateway.db.session import make_engine
from gateway.models import Card, Member, OneCOrderLine, Organisation, OrgKind, SyncRun
from gateway.sync.full import run_full_sync
from gateway.sync.incremental import run_incremental_sync

from .conftest import SyncEnv


def _synced(env: SyncEnv, mode: str = "auto") -> tuple[SyncEnv, object]:
    if mode != "auto":
        env.settings = env.settings.model_copy(
            update={"sync": env.settings.sync.model_copy(update={"change_detection": mode})}
        )
    reg = env.registry()
    run_full_sync(env.factory, env.engine, env.settings, reg)
    run_incremental_sync(env.factory, env.engine, env.settings, reg)  # drain earlier tests' changes
    return env, reg


def _member(env: SyncEnv, ref: str) -> Member | None:
    with env.factory() as s:
        return s.scalars(select(Member).where(Member.onec_ref == uuid.UUID(ref))).first()


@pytest.mark.parametrize("mode", ["exchange_plan", "data_version"])
def test_member_changes_flow_through(env: SyncEnv, mode: str) -> None:
    env, reg = _synced(env, mode)
    with env.factory() as s:
        r77 = s.scalar(select(Organisation.id).where(Organisation.region_code == "77"))
        mover = s.scalars(select(Member).where(Member.region_id == r77, ~Member.deletion_mark).limit(1)).one()
        target = s.scalars(
            select(Organisation).where(
                Organisation.region_id != r77,
                Organisation.kind == OrgKind.PRIMARY,
                Organisation.excluded_on.is_(None),
            )
        ).first()
        carded = s.scalars(select(Member).join(Card, Card.member_id == Member.id).limit(1)).one()
        plain = s.scalars(
            select(Member).where(~Member.id.in_(select(Card.member_id)), Member.id != mover.id).limit(1)
        ).one()
    assert target is not None
    moved = env.emulator.mutate("member_moved", member=str(mover.onec_ref), organisation=str(target.onec_ref))
    left = env.emulator.mutate("member_left", count=2)
    marked = env.emulator.mutate("member_marked_deleted", count=2)
    renamed = env.emulator.mutate("member_renamed", count=1, last_name="Переименованная")
    created = env.emulator.mutate("member_created", count=3)
    env.emulator.mutate("member_deleted", member=str(carded.onec_ref))
    env.emulator.mutate("member_deleted", member=str(plain.onec_ref))

    result = run_incremental_sync(env.factory, env.engine, env.settings, reg)  # type: ignore[arg-type]
    assert result["state"] == "succeeded" and result["mode"] == mode

    m = _member(env, moved[0])
    assert m is not None and m.organisation_id == target.id and m.region_id == target.region_id != r77
    assert all((x := _member(env, r)) is not None and x.left_on == dt.date.today() for r in left)
    assert all((x := _member(env, r)) is not None and x.deletion_mark for r in marked)
    x = _member(env, renamed[0])
    assert x is not None and x.surname == "Переименованная" and x.match_key.startswith("переименованная|")
    for r in created:
        x = _member(env, r)
        assert x is not None and x.region_id is not None and x.birth_date == dt.date(1990, 5, 17)
    # Deleted in 1C: a member holding a card is kept as a tombstone; one without is removed.
    tomb = _member(env, str(carded.onec_ref))
    assert tomb is not None and tomb.deletion_mark and tomb.data_version is None
    assert _member(env, str(plain.onec_ref)) is None
    # Nothing left over: a second run finds no changes.
    again = run_incremental_sync(env.factory, env.engine, env.settings, reg)  # type: ignore[arg-type]
    assert again["counts"].get("member_changed", 0) == again["counts"].get("organisation_changed", 0) == 0
    assert again["counts"].get("members_written", 0) == 0
    if mode == "exchange_plan":
        assert again["counts"].get("changes", 0) == 0
    reg.close()  # type: ignore[attr-defined]


@pytest.mark.parametrize("mode", ["exchange_plan", "data_version"])
def test_excluded_organisations_and_orders_created_in_1c(env: SyncEnv, mode: str) -> None:
    env, reg = _synced(env, mode)
    with env.factory() as s:
        lines_before = s.scalar(select(func.count()).select_from(OneCOrderLine))
        # Members who can be ordered for: active, consenting, no card or open order yet.
        free = s.scalars(
            select(Member.onec_ref)
            .where(
                ~Member.deletion_mark,
                Member.left_on.is_(None),
                Member.consent,
                ~Member.id.in_(select(Card.member_id)),
            )
            .limit(3)
        ).all()
    excluded = env.emulator.mutate("org_excluded", count=2)
    doc = env.emulator.mutate("card_order_created", members=[str(r) for r in free])
    run_incremental_sync(env.factory, env.engine, env.settings, reg)  # type: ignore[arg-type]
    with env.factory() as s:
        for ref in excluded:
            org = s.scalars(select(Organisation).where(Organisation.onec_ref == uuid.UUID(ref))).one()
            assert org.excluded_on == dt.date.today()
        lines = s.scalars(select(OneCOrderLine).where(OneCOrderLine.document_ref == uuid.UUID(doc[0]))).all()
        assert len(lines) == 3 and all(line.accepted and line.order_id for line in lines)
        assert s.scalar(select(func.count()).select_from(OneCOrderLine)) == lines_before + 3
    # Seen again (full sync after the incremental one): no second order.
    run_full_sync(env.factory, env.engine, env.settings, reg, resume=False)  # type: ignore[arg-type]
    with env.factory() as s:
        assert s.scalar(select(func.count()).select_from(OneCOrderLine)) == lines_before + 3
    reg.close()  # type: ignore[attr-defined]


def test_change_feed_is_acknowledged_only_after_commit(env: SyncEnv) -> None:
    env, reg = _synced(env)
    changed = env.emulator.mutate("member_renamed", count=2, last_name="Неподтверждённая")
    batch = reg.select_changes()  # type: ignore[attr-defined]
    assert batch.size >= 2  # read but never acknowledged: as if the gateway crashed here
    result = run_incremental_sync(env.factory, env.engine, env.settings, reg)  # type: ignore[arg-type]
    assert result["counts"]["changes"] >= 2  # the same message was sent again, nothing lost
    assert all((m := _member(env, r)) is not None and m.surname == "Неподтверждённая" for r in changed)
    assert reg.select_changes().size == 0  # type: ignore[attr-defined]
    reg.close()  # type: ignore[attr-defined]


def test_sync_refuses_to_run_while_another_holds_the_lock(env: SyncEnv) -> None:
    reg = env.registry()
    with exclusive(env.engine, "onec-sync"), pytest.raises(LockBusy):
        run_incremental_sync(env.factory, env.engine, env.settings, reg)
    with exclusive(env.engine, "onec-sync"), pytest.raises(LockBusy):
        run_full_sync(env.factory, env.engine, env.settings, reg)
    with env.factory() as s:
        assert s.scalar(select(func.count()).select_from(SyncRun)) == 0  # refused before starting
    reg.close()


def test_sqlite_lock_row_excludes_and_expires(tmp_path: object) -> None:
    url = f"sqlite:///{tmp_path}/lock.sqlite"
    upgrade(url)
    engine = make_engine(url)
    with exclusive(engine, "onec-sync"), pytest.raises(LockBusy), exclusive(engine, "onec-sync"):
        pass
    with exclusive(engine, "onec-sync"):  # released: can be taken again
        pass
    # A holder killed without releasing: its row expires and is taken over.
    with engine.begin() as conn:
        from gateway.models import LockLease

        conn.execute(
            LockLease.__table__.insert().values(
                name="onec-sync",
                holder="dead:1",
                acquired_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
                expires_at=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
            )
        )
    with exclusive(engine, "onec-sync"):
        pass
    engine.dispose()
