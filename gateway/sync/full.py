"""Full sync: organisations, then members, then open card orders — resumable page by page.

Each page is one transaction that also moves the run's checkpoint (the last 1C key of the stage),
so after a crash ``run_full_sync`` resumes the unfinished run right after its last committed page:
nothing is read twice into a committed page and nothing is skipped. The next page is read from
1C while the current one is written (:mod:`gateway.sync.prefetch`). Memory stays flat in the
number of members: one page of records at a time plus the organisation index (~72,000 entries).

The organisation stage is the exception: it keeps every organisation's parent ref in memory to
link the tree at its end, so a crash during that stage redoes it (a few seconds) — members and
card orders resume from their checkpoints.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import Engine, select, update
from sqlalchemy.orm import Session, sessionmaker

from adapters.onec import Registry
from gateway.db.base import utcnow
from gateway.db.gc_pause import cycle_collection_paused
from gateway.db.in_order_writers import InOrderWriters, Job
from gateway.db.locks import Lease, LockLost, exclusive
from gateway.models import SyncKind, SyncRun, SyncState
from gateway.settings import Settings
from gateway.sync.onec_orders import take_in
from gateway.sync.onec_withdrawn import recheck
from gateway.sync.prefetch import prefetched
from gateway.sync.tree import link_parents, recompute_regions
from gateway.sync.upsert import (
    Counts,
    MemberPage,
    member_page,
    org_index,
    upsert_organisations,
    write_members,
)

log = logging.getLogger(__name__)

LOCK_NAME = "onec-sync"
STAGES = ("organisations", "members", "card_orders", "done")
T = TypeVar("T")
# Called after each committed page with (stage, rows in the page); tests use it to inject a crash.
PageHook = Callable[[str, int], None]


def pages(items: Iterable[T], size: int) -> Iterator[list[T]]:
    it = iter(items)
    while page := list(islice(it, size)):
        yield page


def _resumable(session: Session) -> SyncRun | None:
    """The latest full run if it did not finish (crashed: still 'running'; or 'failed')."""
    last = session.scalars(
        select(SyncRun).where(SyncRun.kind == SyncKind.FULL).order_by(SyncRun.id.desc()).limit(1)
    ).first()
    if last is not None and last.state is not SyncState.SUCCEEDED:
        return last
    return None


def _commit_page(session: Session, run: SyncRun, counts: Counts, stage: str, last_key: str | None) -> None:
    run.counts = counts.merge_into(run.counts or {})
    if last_key is not None:
        run.checkpoint = {**(run.checkpoint or {}), stage: last_key}
    lease = _lease(session)
    lease.check(session)  # a run that lost the sync lock writes nothing more
    session.commit()
    lease.renew()  # SQLite: keep the lock row from expiring under a long run (after the commit:
    # SQLite's single writer would block a second connection while the page was uncommitted)
    counts.values.clear()


def _lease(session: Session) -> Lease:
    return session.info["gateway.sync_lease"]  # type: ignore[no-any-return]


def run_full_sync(
    factory: sessionmaker[Session],
    engine: Engine,
    settings: Settings,
    registry: Registry,
    *,
    resume: bool = True,
    page_size: int | None = None,
    on_page: PageHook | None = None,
) -> dict[str, Any]:
    """Run (or resume) a full sync under the sync lock; return the run's summary."""
    size = page_size or settings.sync.page_size
    with exclusive(engine, LOCK_NAME, settings.sync.lock_ttl_minutes) as lease, factory() as session:
        session.info["gateway.sync_lease"] = lease
        run = _resumable(session) if resume else None
        if run is None:
            run = SyncRun(kind=SyncKind.FULL, stage=STAGES[0], checkpoint={}, counts={})
            session.add(run)
        else:
            log.info("resuming full sync run %d at stage %s", run.id, run.stage)
        run.state, run.error = SyncState.RUNNING, None
        lease.check(session)
        session.commit()
        try:
            _run_stages(factory, session, settings, registry, run, size, on_page or (lambda _s, _n: None))
        except LockLost:
            # Another sync holds the lock now and owns the run: not even its failure is ours to write.
            session.rollback()
            log.error("full sync run %d stopped: the sync lock was lost", run.id)
            raise
        except BaseException as exc:
            log.error("full sync run %d failed at stage %s: %s", run.id, run.stage, type(exc).__name__)
            _mark_failed(session, lease, run, exc)
            raise
        return summary(run)


def _mark_failed(session: Session, lease: Lease, run: SyncRun, exc: BaseException) -> None:
    """Record the failure if the run is still ours and the database answers; a run left 'running'
    is resumed by the next sync anyway."""
    try:
        session.rollback()
        run.state, run.error, run.finished_at = (
            SyncState.FAILED,
            f"{type(exc).__name__}: {exc}"[:2000],
            utcnow(),
        )
        lease.check(session)
        session.commit()
    except Exception as again:  # the lock or the database is gone too: the original error counts
        session.rollback()
        log.warning("full sync run %d: failure not recorded (%s)", run.id, type(again).__name__)


def summary(run: SyncRun) -> dict[str, Any]:
    return {
        "id": run.id,
        "kind": run.kind.value,
        "state": run.state.value,
        "stage": run.stage,
        "mode": run.mode,
        "counts": run.counts,
        "checkpoint": run.checkpoint,
        "error": run.error,
        "started_at": run.started_at.isoformat() if run.started_at else None,
        "finished_at": run.finished_at.isoformat() if run.finished_at else None,
    }


def _write_member_pages(
    factory: sessionmaker[Session],
    session: Session,
    run: SyncRun,
    counts: Counts,
    ready_pages: Iterable[MemberPage],
    writers: int,
    on_page: PageHook,
) -> None:
    """Member pages upserted by ``writers`` sessions at once (PostgreSQL on two cores instead of
    one), committed in page order together with the run's checkpoint and running counts — the
    same guarantee as one page at a time: committed pages are a prefix, a resume starts after it.
    """
    session.commit()  # hold no lock on the run's row: the writers move its checkpoint
    run_id, checkpoint, lease = run.id, dict(run.checkpoint or {}), _lease(session)
    start = counts.merge_into(run.counts or {})
    counts.values.clear()

    def write(ready: MemberPage) -> Job[dict[str, Any]]:
        def job(own: Session, previous: Callable[[], dict[str, Any] | None]) -> dict[str, Any]:
            page_counts = Counts()
            write_members(own, ready, page_counts)
            before = previous()  # the previous page committed (or this one must not)
            total = page_counts.merge_into(start if before is None else before)
            own.execute(
                update(SyncRun)
                .where(SyncRun.id == run_id)
                .values(counts=total, checkpoint={**checkpoint, "members": ready.last_ref})
            )
            lease.check(own)
            own.commit()
            on_page("members", ready.seen)
            return total

        return job

    with InOrderWriters[dict[str, Any]](factory, writers, "sync-writer") as pipeline:
        for ready in ready_pages:
            pipeline.submit(write(ready))
        pipeline.drain()
    session.refresh(run)


def _run_stages(
    factory: sessionmaker[Session],
    session: Session,
    settings: Settings,
    registry: Registry,
    run: SyncRun,
    size: int,
    on_page: PageHook,
) -> None:
    counts = Counts()
    if run.stage == "organisations":
        parents: dict[str, str | None] = {}
        for page in prefetched(pages(registry.iter_organisations(page_size=size), size)):
            upsert_organisations(session, page, counts)
            parents.update((r.ref, r.parent_ref) for r in page)
            _commit_page(session, run, counts, "organisations", page[-1].ref)
            on_page("organisations", len(page))
        link_parents(session, parents, counts)
        recompute_regions(session, counts)
        del parents
        run.stage = "members"
        _commit_page(session, run, counts, "organisations", None)

    if run.stage == "members":
        orgs = org_index(session)
        after = (run.checkpoint or {}).get("members")
        # The reader thread also turns each page into table rows (member_page reads orgs only).
        records = pages(registry.iter_members(after_key=after, page_size=size), size)
        ready_pages = prefetched(member_page(page, orgs) for page in records)
        with cycle_collection_paused():  # a million members' worth of short-lived records
            if session.get_bind().dialect.name == "postgresql" and settings.sync.writers > 1:
                _write_member_pages(
                    factory, session, run, counts, ready_pages, settings.sync.writers, on_page
                )
            else:
                for ready in ready_pages:
                    write_members(session, ready, counts)
                    _commit_page(session, run, counts, "members", ready.last_ref)
                    on_page("members", ready.seen)
        run.stage = "card_orders"
        _commit_page(session, run, counts, "members", None)

    if run.stage == "card_orders":
        after = (run.checkpoint or {}).get("card_orders")
        doc_page = max(1, size // 10)  # a document carries ~10 lines
        posted: set[uuid.UUID] = set()
        for page in prefetched(pages(registry.iter_card_orders(after_key=after, page_size=size), doc_page)):
            take_in(session, settings, page, counts)
            posted.update(uuid.UUID(d.ref) for d in page)
            _commit_page(session, run, counts, "card_orders", page[-1].ref)
            on_page("card_orders", len(page))
        # Only posted documents were read: the others behind orders in flight are looked at again,
        # so a document withdrawn in 1C since it was taken in cancels its orders here too.
        recheck(session, registry, counts, posted)
        run.stage = "done"

    run.state, run.finished_at = SyncState.SUCCEEDED, utcnow()
    _commit_page(session, run, counts, "done", None)
    log.info("full sync run %d succeeded: %s", run.id, run.counts)
