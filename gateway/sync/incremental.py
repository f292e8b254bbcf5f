"""Incremental sync: only what changed in 1C since the last run.

With an exchange plan (the normal case) changes come from ``SelectChanges`` for the gateway's
node; they are applied and committed, and only then acknowledged with ``NotifyChangesReceived`` —
a crash in between makes 1C send the same message again, and applying it twice is harmless
(upserts compare DataVersion, 1C order lines are keyed by document and line).

When the change feed cannot be used — no node for the gateway in 1C, the node marked for deletion,
SelectChanges not published (1C answers 404) — the run falls back to DataVersion comparison (in
``auto`` mode), keeps the reason in its record (``checkpoint.fallback``) and the 1C page shows it.
Without an exchange plan (the fallback, or ``sync.change_detection = "data_version"``) the gateway compares every object's DataVersion with its own copy: 1C's
(ref, DataVersion) pairs are streamed page by page against the local table, refs seen are kept in
a temporary table (flat memory), changed objects are fetched by ref, and refs 1C no longer has are
tombstones.

Card-order documents are known by their recorded lines, not by version: without an exchange plan
a known document is read again only when 1C withdrew it (deletion mark, unposted) and one of its
orders is still to be cancelled (``gateway.sync.onec_withdrawn``).

Members deleted in 1C are removed only if the gateway holds no order or card for them; otherwise
they are marked (``deletion_mark``, ``data_version`` emptied) and kept — cards must keep their
holder.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Column, Engine, MetaData, Table, Uuid, delete, exists, select, text, update
from sqlalchemy.orm import Session, sessionmaker

from adapters.onec import ChangeBatch, DeletedRef, OneCExchangeUnavailable, Registry
from adapters.onec.records import DataVersionRecord, DocumentVersion, EntityKind
from gateway.db.base import utcnow
from gateway.db.locks import exclusive, fence
from gateway.models import Card, CardOrder, Member, Organisation, SyncKind, SyncRun, SyncState
from gateway.settings import Settings
from gateway.sync.full import LOCK_NAME, pages, summary
from gateway.sync.onec_orders import take_in
from gateway.sync.onec_withdrawn import pending
from gateway.sync.tree import link_parents, recompute_regions
from gateway.sync.upsert import Counts, org_index, upsert_members, upsert_organisations

log = logging.getLogger(__name__)

MAX_MESSAGES = 100  # per run; what is left waits for the next run


def apply_changes(session: Session, settings: Settings, batch: ChangeBatch, counts: Counts) -> None:
    """Apply one set of changes (from the change feed or from DataVersion comparison). Flushes."""
    if batch.organisations:
        upsert_organisations(session, batch.organisations, counts)
        link_parents(session, {o.ref: o.parent_ref for o in batch.organisations}, counts)
        recompute_regions(session, counts)
    if batch.members:
        orgs = org_index(session, {m.organisation_ref for m in batch.members if m.organisation_ref})
        for page in pages(batch.members, settings.sync.page_size):
            upsert_members(session, page, orgs, counts)
    _tombstones(session, batch.deleted, counts)
    for page in pages(batch.card_orders, max(1, settings.sync.page_size // 10)):
        take_in(session, settings, page, counts)


def _tombstones(session: Session, deleted: Sequence[DeletedRef], counts: Counts) -> None:
    members = [uuid.UUID(d.ref) for d in deleted if d.kind == "member"]
    orgs = [uuid.UUID(d.ref) for d in deleted if d.kind == "organisation"]
    counts.add("card_orders_deleted_ignored", sum(1 for d in deleted if d.kind == "card_order"))
    for i in range(0, len(members), 1000):
        chunk = members[i : i + 1000]
        has_history = exists().where(CardOrder.member_id == Member.id) | exists().where(
            Card.member_id == Member.id
        )
        removed = session.execute(
            delete(Member)
            .where(Member.onec_ref.in_(chunk), ~has_history)
            .execution_options(synchronize_session=False)
        ).rowcount
        kept = session.execute(
            update(Member)
            .where(Member.onec_ref.in_(chunk))
            .values(deletion_mark=True, data_version=None, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        counts.add("members_deleted", removed or 0)
        counts.add("members_tombstoned", kept or 0)
    if orgs:
        # Organisations are never removed: members, orders and cards point at them.
        n = session.execute(
            update(Organisation)
            .where(Organisation.onec_ref.in_(orgs))
            .values(deletion_mark=True, data_version=None, updated_at=utcnow())
            .execution_options(synchronize_session=False)
        ).rowcount
        counts.add("organisations_tombstoned", n or 0)


# What the 1C page shows when the change feed cannot be used (the run's record keeps the reason).
FALLBACK_MESSAGES_RU = {
    "node_missing": "В плане обмена 1С нет узла шлюза",
    "plan_not_published": "План обмена шлюза не опубликован в стандартном интерфейсе OData 1С",
    "node_marked_deleted": "Узел шлюза в плане обмена 1С помечен на удаление",
    "functions_not_published": "В 1С не опубликованы функции SelectChanges / NotifyChangesReceived",
}


def fallback_notice(reason: str) -> str:
    """The Russian notice for a fallback reason (the 1C page shows it)."""
    what = FALLBACK_MESSAGES_RU.get(reason, "План обмена 1С недоступен")
    return f"{what}: изменения определяются сравнением версий данных (DataVersion)."


def _record_fallback(run: SyncRun, exc: OneCExchangeUnavailable) -> None:
    # Said once per run, in the run's own record: the page reads it from the latest run.
    run.mode = "data_version"
    run.checkpoint = {**(run.checkpoint or {}), "fallback": exc.reason, "fallback_detail": str(exc)[:500]}
    log.warning("1C change feed unavailable (%s): comparing DataVersion instead", exc.reason)


def _mode(settings: Settings, registry: Registry, run: SyncRun) -> str:
    wanted = settings.sync.change_detection
    if wanted != "auto":
        return wanted
    try:
        found = registry.node()
    except OneCExchangeUnavailable as exc:
        _record_fallback(run, exc)
        return "data_version"
    if found.deletion_mark:
        _record_fallback(
            run,
            OneCExchangeUnavailable(
                f"the gateway's exchange-plan node {found.code!r} is marked for deletion",
                reason="node_marked_deleted",
            ),
        )
        return "data_version"
    return "exchange_plan"


def run_incremental_sync(
    factory: sessionmaker[Session], engine: Engine, settings: Settings, registry: Registry
) -> dict[str, Any]:
    with exclusive(engine, LOCK_NAME, settings.sync.lock_ttl_minutes) as lease, factory() as session:
        fence(session, lease)  # a run that lost the sync lock commits nothing more
        run = SyncRun(kind=SyncKind.INCREMENTAL, stage="changes", checkpoint={}, counts={})
        session.add(run)
        session.commit()
        try:
            run.mode = _mode(settings, registry, run)
            if run.mode == "exchange_plan":
                try:
                    _from_exchange_plan(session, settings, registry, run)
                except OneCExchangeUnavailable as exc:
                    if settings.sync.change_detection != "auto":
                        raise
                    session.rollback()
                    _record_fallback(run, exc)
                    session.commit()
            if run.mode == "data_version":
                _from_data_versions(session, settings, registry, run)
            run.stage, run.state, run.finished_at = "done", SyncState.SUCCEEDED, utcnow()
            session.commit()
        except BaseException as exc:
            session.rollback()
            run.state, run.error, run.finished_at = (
                SyncState.FAILED,
                f"{type(exc).__name__}: {exc}"[:2000],
                utcnow(),
            )
            session.commit()
            log.error("incremental sync run %d failed: %s", run.id, type(exc).__name__)
            raise
        log.info("incremental sync run %d (%s): %s", run.id, run.mode, run.counts)
        return summary(run)


def _from_exchange_plan(session: Session, settings: Settings, registry: Registry, run: SyncRun) -> None:
    """Message after message until one comes back empty. A message streams in pages of
    ``sync.page_size`` objects (1C decides its size, up to 100,000 objects and more), applied as
    they arrive; the message is committed as a whole and only then acknowledged."""
    for _ in range(MAX_MESSAGES):
        counts = Counts()
        with registry.open_changes() as message:
            for batch in message.batches(settings.sync.page_size):
                apply_changes(session, settings, batch, counts)
                session.flush()
            size = message.size
        counts.add("messages")
        counts.add("changes", size)
        run.counts = counts.merge_into(run.counts or {})
        run.checkpoint = {**(run.checkpoint or {}), "message_no": message.message_no}
        session.commit()  # durable first …
        registry.notify_changes_received(None, message.message_no)  # … then acknowledged
        if size == 0:
            return


# ---- DataVersion comparison --------------------------------------------------------------------

_KINDS: tuple[EntityKind, ...] = ("organisation", "member", "card_order")


def _seen_table() -> Table:
    return Table(
        "sync_seen_refs", MetaData(), Column("ref", Uuid(), primary_key=True), prefixes=["TEMPORARY"]
    )


def _from_data_versions(session: Session, settings: Settings, registry: Registry, run: SyncRun) -> None:
    counts = Counts()
    changed: dict[EntityKind, list[str]] = {}
    deleted: list[DeletedRef] = []
    for kind in _KINDS:
        changed[kind], gone = _compare(session, registry, kind, settings.sync.page_size)
        deleted.extend(DeletedRef(kind=kind, ref=r) for r in gone)
        counts.add(f"{kind}_changed", len(changed[kind]))
    batch = ChangeBatch(
        node_ref="",
        message_no=0,
        organisations=tuple(registry.get_many("organisation", changed["organisation"])),  # type: ignore[arg-type]
        members=tuple(registry.get_many("member", changed["member"])),  # type: ignore[arg-type]
        card_orders=tuple(registry.get_many("card_order", changed["card_order"])),  # type: ignore[arg-type]
        deleted=tuple(deleted),
    )
    apply_changes(session, settings, batch, counts)
    counts.add("changes", batch.size)
    run.counts = counts.merge_into(run.counts or {})


def _local_versions(session: Session, kind: EntityKind, refs: list[uuid.UUID]) -> dict[uuid.UUID, str | None]:
    if kind == "card_order":
        # Documents are not stored as such; a document is "known" once its lines are recorded.
        from gateway.models import OneCOrderLine

        rows = session.execute(
            select(OneCOrderLine.document_ref).where(OneCOrderLine.document_ref.in_(refs)).distinct()
        )
        return {r: "" for (r,) in rows}
    model = Organisation if kind == "organisation" else Member
    rows = session.execute(select(model.onec_ref, model.data_version).where(model.onec_ref.in_(refs)))
    return dict(rows.all())


def _compare(
    session: Session, registry: Registry, kind: EntityKind, page_size: int
) -> tuple[list[str], list[str]]:
    """(refs new or changed in 1C, refs the gateway has that 1C no longer has)."""
    seen = _seen_table()
    conn = session.connection()
    seen.drop(conn, checkfirst=True)
    seen.create(conn)
    changed: list[str] = []
    pg = conn.dialect.name == "postgresql"
    source: Iterator[DataVersionRecord | DocumentVersion] = (
        registry.iter_document_versions(page_size)
        if kind == "card_order"
        else registry.iter_data_versions(kind, page_size=page_size)
    )
    for page in pages(source, page_size * 4):
        refs = [uuid.UUID(r.ref) for r in page]
        if pg:
            conn.execute(text("INSERT INTO sync_seen_refs SELECT unnest(CAST(:r AS uuid[]))"), {"r": refs})
        else:
            conn.execute(seen.insert(), [{"ref": r} for r in refs])
        local: dict[uuid.UUID, str | None] = {}
        for i in range(0, len(refs), 1000):
            local.update(_local_versions(session, kind, refs[i : i + 1000]))
        # Known documents carry no version here: a withdrawn one is read again only while some
        # order it created is still to be cancelled (or flagged as too late); an unknown one
        # (a draft, or marked before it reached the gateway) has nothing to take in yet.
        withdrawn = {
            ref
            for rec, ref in zip(page, refs, strict=True)
            if isinstance(rec, DocumentVersion) and rec.withdrawn
        }
        to_withdraw = pending(session, [ref for ref in withdrawn if ref in local])
        for rec, ref in zip(page, refs, strict=True):
            if ref not in local:
                if ref not in withdrawn:
                    changed.append(rec.ref)
            elif ref in to_withdraw or (kind != "card_order" and local[ref] != rec.data_version):
                changed.append(rec.ref)
    gone: list[str] = []
    if kind != "card_order":
        model = Organisation if kind == "organisation" else Member
        stmt = select(model.onec_ref).where(
            model.data_version.is_not(None), ~exists().where(seen.c.ref == model.onec_ref)
        )
        gone = [str(r) for (r,) in conn.execute(stmt)]
    seen.drop(conn)
    return changed, gone
