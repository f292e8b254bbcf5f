"""Order intake: validate submitted orders against the registry and accept them in bulk.

The same code serves a single API call, a JSON bulk call, a chunk of an uploaded spreadsheet and
orders pulled from 1C. It looks members up in a few set-based queries per call (never one query per
row) and writes orders, cards, events and outbox rows with multi-row INSERTs, because a 100,000-row
file must go through at thousands of rows per second.
"""

from __future__ import annotations

import datetime as dt
import os
import uuid
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import any_, bindparam, select
from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from gateway.cards.numbering import allocate_numbers
from gateway.db.base import utcnow
from gateway.db.bulk import insert_rows_returning_ids
from gateway.errors import Problem
from gateway.lifecycle import number_json, reason_with_source, record_creation_many, transition
from gateway.models import (
    ACTIVE_CARD_STATES,
    OPEN_ORDER_STATES,
    Card,
    CardForm,
    CardOrder,
    CardState,
    Member,
    OrderReason,
    OrderSource,
    OrderState,
    Organisation,
    member_match_key,
)
from gateway.settings import Settings

LOOKUP_CHUNK = 1000


@dataclass(slots=True)  # not frozen: a frozen dataclass is slow to build, and a file makes 100,000
class OrderRequest:
    reason: OrderReason
    member_ref: uuid.UUID | None = None
    surname: str | None = None
    name: str | None = None
    patronymic: str | None = None
    birth_date: dt.date | None = None
    organisation: str | None = None  # primary organisation's code or 1C reference
    row: int | None = None  # file row or bulk index, for the report
    onec_ref: uuid.UUID | None = None  # the 1C document, for orders created in 1C
    form: CardForm = CardForm.PLASTIC  # virtual: the number only, nothing printed (gateway.virtual)


@dataclass(frozen=True)
class Submitter:
    actor: str  # "token:3", "user:ivanova", "1c"
    source: OrderSource
    region_id: int | None  # None: may order for any region (1C sync, central office)
    idempotency_key: str | None = None
    upload_id: int | None = None


@dataclass
class ItemResult:
    request: OrderRequest
    problems: list[Problem] = field(default_factory=list)
    member_id: int | None = None
    order_id: int | None = None
    order_public_id: uuid.UUID | None = None
    card_number: str | None = None

    @property
    def accepted(self) -> bool:
        return self.order_id is not None


class _MemberRow(NamedTuple):  # a tuple: built ~100,000 times per large upload
    id: int
    onec_ref: uuid.UUID
    region_id: int | None
    organisation_id: int
    consent: bool
    left_on: dt.date | None
    deletion_mark: bool


_MEMBER_COLUMNS = (
    Member.id,
    Member.onec_ref,
    Member.region_id,
    Member.organisation_id,
    Member.consent,
    Member.left_on,
    Member.deletion_mark,
)


def _chunks(items: Sequence[Any], size: int = LOOKUP_CHUNK) -> Iterable[Sequence[Any]]:
    for i in range(0, len(items), size):
        yield items[i : i + size]


class _Registry:
    """Set-based look-ups for one intake call."""

    def __init__(self, session: Session, region_id: int | None) -> None:
        self.session = session
        self.region_id = region_id
        self.pg = session.get_bind().dialect.name == "postgresql"
        self.ever_carded: set[int] = set()
        self.virtual_only: set[int] = set()  # members whose active number has no plastic yet

    def _in(self, column: Any, values: Sequence[Any]) -> Any:
        """``column IN values``; on PostgreSQL one array parameter instead of a thousand binds."""
        if self.pg:
            return column == any_(bindparam(None, list(values), type_=postgresql.ARRAY(column.type)))
        return column.in_(values)

    def members_by_ref(self, refs: set[uuid.UUID]) -> dict[uuid.UUID, _MemberRow]:
        out: dict[uuid.UUID, _MemberRow] = {}
        for chunk in _chunks(sorted(refs)):
            for row in self.session.execute(select(*_MEMBER_COLUMNS).where(self._in(Member.onec_ref, chunk))):
                out[row.onec_ref] = _MemberRow(*row)
        return out

    def members_by_key(self, keys: set[str]) -> dict[str, list[_MemberRow]]:
        out: dict[str, list[_MemberRow]] = defaultdict(list)
        for chunk in _chunks(sorted(keys)):
            stmt = select(Member.match_key, *_MEMBER_COLUMNS).where(self._in(Member.match_key, chunk))
            if self.region_id is not None:
                stmt = stmt.where(Member.region_id == self.region_id)
            for row in self.session.execute(stmt):
                out[row[0]].append(_MemberRow(*row[1:]))
        return out

    def organisations(self, codes: set[str]) -> dict[str, int]:
        """Organisation code or 1C reference (as text) → id."""
        out: dict[str, int] = {}
        refs = {c for c in codes if _as_uuid(c) is not None}
        plain = codes - refs
        for chunk in _chunks(sorted(plain)):
            for oid, code in self.session.execute(
                select(Organisation.id, Organisation.code).where(Organisation.code.in_(chunk))
            ):
                out[code] = oid
        for chunk in _chunks(sorted(refs)):
            ids = [uuid.UUID(c) for c in chunk]
            for oid, ref in self.session.execute(
                select(Organisation.id, Organisation.onec_ref).where(Organisation.onec_ref.in_(ids))
            ):
                out[str(ref)] = oid
        return out

    # Both look-ups filter the state in Python on purpose: a member has a handful of orders and
    # cards, so the member_id index is always the right plan, while a state predicate tempts
    # PostgreSQL into scanning every accepted order during a large import (stale statistics).
    def active_cards(self, member_ids: Sequence[int]) -> dict[int, list[tuple[int, str]]]:
        """Each member's active cards; also fills ``self.ever_carded`` (members with any card)."""
        out: dict[int, list[tuple[int, str]]] = defaultdict(list)
        active = set(ACTIVE_CARD_STATES)
        for chunk in _chunks(sorted(member_ids)):
            for card_id, member_id, number, state in self.session.execute(
                select(Card.id, Card.member_id, Card.number, Card.state).where(
                    self._in(Card.member_id, chunk)
                )
            ):
                self.ever_carded.add(member_id)
                if state in active:
                    out[member_id].append((card_id, number))
                    if state is CardState.VIRTUAL:
                        self.virtual_only.add(member_id)
        return out

    def open_orders(self, member_ids: Sequence[int]) -> set[int]:
        out: set[int] = set()
        open_states = set(OPEN_ORDER_STATES)
        for chunk in _chunks(sorted(member_ids)):
            for member_id, state in self.session.execute(
                select(CardOrder.member_id, CardOrder.state).where(self._in(CardOrder.member_id, chunk))
            ):
                if state in open_states:
                    out.add(member_id)
        return out

    def region_codes(self, region_ids: set[int]) -> dict[int, str | None]:
        rows = self.session.execute(
            select(Organisation.id, Organisation.region_code).where(Organisation.id.in_(region_ids))
        )
        return {k: v for k, v in rows}


def _as_uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


NOT_FOUND_IN_REGION = (
    "Член Профсоюза не найден в реестре вашего региона. Проверьте ФИО, дату рождения и организацию."
)
NOT_FOUND = "Член Профсоюза не найден в реестре. Проверьте ФИО, дату рождения и организацию."


def _resolve(reg: _Registry, items: list[ItemResult]) -> dict[int, _MemberRow]:
    """Find each request's member; fill ``problems`` where none or several match."""
    refs = {it.request.member_ref for it in items if it.request.member_ref}
    keyed = [it for it in items if not it.request.member_ref]
    keys: dict[int, str] = {}
    for i, it in enumerate(items):
        r = it.request
        if r.member_ref is None and r.surname and r.name and r.birth_date:
            keys[i] = member_match_key(r.surname, r.name, r.patronymic, r.birth_date)
    by_ref = reg.members_by_ref(refs) if refs else {}
    by_key = reg.members_by_key(set(keys.values())) if keyed else {}
    orgs = reg.organisations({it.request.organisation for it in keyed if it.request.organisation})
    not_found = NOT_FOUND_IN_REGION if reg.region_id is not None else NOT_FOUND
    resolved: dict[int, _MemberRow] = {}
    for i, it in enumerate(items):
        r = it.request
        if r.member_ref is not None:
            m = by_ref.get(r.member_ref)
            if m is None or (reg.region_id is not None and m.region_id != reg.region_id):
                # Same answer for "elsewhere" as for "nowhere": a region learns nothing of others.
                it.problems.append(Problem("member_not_found", not_found, "member_ref", r.row))
                continue
            resolved[i] = m
            continue
        if i not in keys:
            it.problems.append(
                Problem(
                    "member_identity_incomplete",
                    "Укажите код члена Профсоюза в 1С или фамилию, имя и дату рождения.",
                    "surname" if not r.surname else ("name" if not r.name else "birth_date"),
                    r.row,
                )
            )
            continue
        candidates = by_key.get(keys[i], [])
        if r.organisation:
            org_id = orgs.get(r.organisation)
            if org_id is None:
                it.problems.append(
                    Problem(
                        "organisation_not_found",
                        f"Организация «{r.organisation}» не найдена в реестре.",
                        "organisation",
                        r.row,
                    )
                )
                continue
            candidates = [m for m in candidates if m.organisation_id == org_id]
        if not candidates:
            it.problems.append(Problem("member_not_found", not_found, "surname", r.row))
        elif len(candidates) > 1:
            it.problems.append(
                Problem(
                    "member_ambiguous",
                    f"Найдено несколько членов Профсоюза ({len(candidates)}) с такими ФИО и датой рождения. "
                    "Укажите организацию или код члена Профсоюза в 1С.",
                    "organisation",
                    r.row,
                )
            )
        else:
            resolved[i] = candidates[0]
    return resolved


def _check_identity(
    items: list[ItemResult], resolved: dict[int, _MemberRow], seen: dict[int, int | None]
) -> dict[int, _MemberRow]:
    """The rules the member row alone decides (left the union, consent, named twice); returns the
    rows that pass them. ``seen`` is filled here, in request order."""
    passing: dict[int, _MemberRow] = {}
    for i, m in resolved.items():
        it = items[i]
        r = it.request
        it.member_id = m.id
        if m.left_on is not None or m.deletion_mark:
            when = f" {m.left_on:%d.%m.%Y}" if m.left_on else ""
            it.problems.append(
                Problem("member_left_union", f"Член Профсоюза вышел из Профсоюза{when}.", None, r.row)
            )
            continue
        if not m.consent:
            it.problems.append(
                Problem(
                    "no_personal_data_consent",
                    "Нет согласия члена Профсоюза на обработку персональных данных: карта не выпускается.",
                    None,
                    r.row,
                )
            )
            continue
        if m.id in seen:
            where = f" (строка {seen[m.id]})" if seen[m.id] is not None else ""
            it.problems.append(
                Problem("duplicate_in_request", f"Этот член Профсоюза уже указан выше{where}.", None, r.row)
            )
            continue
        seen[m.id] = r.row
        passing[i] = m
    return passing


def _check_history(
    reg: _Registry, items: list[ItemResult], passing: dict[int, _MemberRow]
) -> dict[int, list[tuple[int, str]]]:
    """The rules the member's orders and cards decide: an open order, an active card."""
    member_ids = sorted({m.id for m in passing.values()})
    active = reg.active_cards(member_ids)
    open_orders = reg.open_orders(member_ids)
    for i, m in passing.items():
        it = items[i]
        r = it.request
        if m.id in open_orders:
            it.problems.append(
                Problem(
                    "order_already_open",
                    "На этого члена Профсоюза уже подан заказ, который ещё не выполнен.",
                    None,
                    r.row,
                )
            )
            continue
        if r.reason.is_reissue and m.id not in reg.ever_carded:
            # A reissue replaces a card; without one it would only be a first card that jumps
            # the batch queue (reissues are printed first).
            it.problems.append(
                Problem(
                    "no_card_to_reissue",
                    "У члена Профсоюза ещё не было карты: перевыпуск невозможен. Закажите первичный выпуск.",
                    "reason",
                    r.row,
                )
            )
            continue
        if r.reason is OrderReason.FIRST and active.get(m.id):
            if r.form is CardForm.PLASTIC and m.id in reg.virtual_only:
                continue  # the plastic of a virtual-only number: same number, printed now
            if r.form is CardForm.VIRTUAL:
                it.problems.append(
                    Problem(
                        "card_already_active",
                        f"У члена Профсоюза уже есть действующий билет № {active[m.id][0][1]}: "
                        "его номер уже доступен в личном кабинете и приложении.",
                        "form",
                        r.row,
                    )
                )
                continue
            it.problems.append(
                Problem(
                    "card_already_active",
                    f"У члена Профсоюза уже есть действующая карта № {active[m.id][0][1]}. "
                    "Для замены укажите причину перевыпуска.",
                    "reason",
                    r.row,
                )
            )
    return active


@dataclass
class Validated:
    """The outcome of validation, ready to be accepted (possibly by another session)."""

    items: list[ItemResult]
    passing: dict[int, _MemberRow]  # item index → member, for the items that passed so far
    active: dict[int, list[tuple[int, str]]] | None = None  # None: orders and cards not checked yet

    @property
    def good(self) -> list[tuple[int, _MemberRow]]:
        return [(i, m) for i, m in sorted(self.passing.items()) if not self.items[i].problems]


def validate_orders(
    session: Session,
    submitter: Submitter,
    requests: Sequence[OrderRequest],
    *,
    all_or_nothing: bool = False,
    force_reject: bool = False,
    seen: dict[int, int | None] | None = None,
    check_history: bool = True,
) -> Validated:
    """Read-only half of intake: match members and apply every rule.

    ``seen`` (member id → row) carries duplicate detection across the chunks of one file;
    ``force_reject`` makes all-or-nothing fail for problems found before this call (unparsable rows).
    With ``check_history=False`` the open-order and active-card rules are left to
    :func:`accept_validated`, so a file's writer threads run those queries, not its reader.
    """
    items = [ItemResult(r) for r in requests]
    reg = _Registry(session, submitter.region_id)
    passing = _check_identity(items, _resolve(reg, items), {} if seen is None else seen)
    validated = Validated(items, passing)
    if check_history or all_or_nothing:
        validated.active = _check_history(reg, items, passing)
    if all_or_nothing and (force_reject or any(it.problems for it in items)):
        for it in items:
            if not it.problems:
                it.problems.append(
                    Problem(
                        "not_accepted_all_or_nothing",
                        "Строка без ошибок, но ничего не принято: выбран режим «всё или ничего», "
                        "а в других строках есть ошибки.",
                        None,
                        it.request.row,
                    )
                )
        validated.passing = {}
    return validated


def accept_validated(
    session: Session, settings: Settings, submitter: Submitter, validated: Validated
) -> None:
    """Writing half of intake: orders, cards with new numbers, events, outbox. Flushes only."""
    if validated.active is None:
        validated.active = _check_history(
            _Registry(session, submitter.region_id), validated.items, validated.passing
        )
    good = validated.good
    if good:
        _accept(session, settings, submitter, validated.items, good, validated.active)


def submit_orders(
    session: Session,
    settings: Settings,
    submitter: Submitter,
    requests: Sequence[OrderRequest],
    *,
    all_or_nothing: bool = False,
    force_reject: bool = False,
    seen: dict[int, int | None] | None = None,
) -> list[ItemResult]:
    """Validate and accept ``requests`` in one session. Flushes; the caller commits."""
    validated = validate_orders(
        session, submitter, requests, all_or_nothing=all_or_nothing, force_reject=force_reject, seen=seen
    )
    accept_validated(session, settings, submitter, validated)
    return validated.items


def _uuid4s(n: int) -> list[uuid.UUID]:
    """``n`` random (version 4) UUIDs from one ``os.urandom`` call.

    ``uuid.uuid4()`` makes a system call per UUID, and each call gives up the GIL: with validation
    and writers sharing the interpreter, a 2,000-row chunk spent more time getting the GIL back
    than making the UUIDs.
    """
    raw = os.urandom(16 * n)
    return [uuid.UUID(bytes=raw[i : i + 16], version=4) for i in range(0, 16 * n, 16)]


def _accept(
    session: Session,
    settings: Settings,
    submitter: Submitter,
    items: list[ItemResult],
    good: list[tuple[int, _MemberRow]],
    active: dict[int, list[tuple[int, str]]],
) -> None:
    now = utcnow()
    reg = _Registry(session, None)
    codes = reg.region_codes({m.region_id for _, m in good if m.region_id is not None})
    for i, m in good:
        if m.region_id is None or not codes.get(m.region_id):
            items[i].problems.append(
                Problem(
                    "region_without_code",
                    "У региональной организации члена Профсоюза нет кода региона: номер карты не может быть присвоен. "
                    "Обратитесь в центральный аппарат.",
                    None,
                    items[i].request.row,
                )
            )
    good = [(i, m) for i, m in good if not items[i].problems]
    if not good:
        return

    # Reissues make the member's current card invalid from the moment the new one is ordered.
    for i, m in good:
        if items[i].request.reason.is_reissue and active.get(m.id):
            for card_id, _number in active[m.id]:
                card = session.get(Card, card_id)
                assert card is not None
                transition(
                    session,
                    card,
                    CardState.WITHDRAWN,
                    actor=submitter.actor,
                    reason=f"reissue: {items[i].request.reason.value}",
                )

    # A plastic ordered for a member whose number is virtual-only keeps that number (one ЭПБ
    # number, every form): the card row is switched to plastic in place, no number is drawn.
    upgrades = [(i, m) for i, m in good if items[i].request.reason is OrderReason.FIRST and active.get(m.id)]
    if upgrades:
        from gateway.virtual.issue import order_plastic_for_virtual

        for i, m in upgrades:
            order_plastic_for_virtual(session, submitter, items[i], active[m.id][0][0], now)
        good = [
            (i, m) for i, m in good if not (items[i].request.reason is OrderReason.FIRST and active.get(m.id))
        ]
        if not good:
            return

    public_ids = _uuid4s(len(good))
    order_rows = [
        {
            "public_id": public_ids[pos],
            "member_id": m.id,
            "region_id": m.region_id,
            "reason": items[i].request.reason,
            "form": items[i].request.form,
            "source": submitter.source,
            "submitted_by": submitter.actor,
            "idempotency_key": submitter.idempotency_key,
            "onec_ref": items[i].request.onec_ref,
            "state": OrderState.ISSUED if items[i].request.form is CardForm.VIRTUAL else OrderState.ACCEPTED,
            "upload_id": submitter.upload_id,
            "upload_row": items[i].request.row if submitter.upload_id else None,
            "created_at": now,
            "updated_at": now,
        }
        for pos, (i, m) in enumerate(good)
    ]
    order_ids = insert_rows_returning_ids(session, CardOrder.__table__, order_rows)

    # Numbers are allocated last so the counter row stays locked for as short a time as possible.
    by_region: dict[str, list[int]] = defaultdict(list)
    for pos, (_i, m) in enumerate(good):
        by_region[codes[m.region_id]].append(pos)  # type: ignore[index]
    numbers: list[str] = [""] * len(good)
    for code in sorted(by_region):
        positions = by_region[code]
        for pos, number in zip(
            positions, allocate_numbers(session, settings.numbers, code, len(positions)), strict=True
        ):
            numbers[pos] = number

    card_rows = []
    for pos, (i, m) in enumerate(good):
        virtual = items[i].request.form is CardForm.VIRTUAL
        card_rows.append(
            {
                "number": numbers[pos],
                "order_id": order_ids[pos],
                "member_id": m.id,
                "region_id": m.region_id,
                # Virtual-only: available to the member at once, nothing to print or ship.
                "state": CardState.VIRTUAL if virtual else CardState.ALLOCATED,
                "plastic": not virtual,
                "virtual_at": now if virtual else None,
                "issued_at": now if virtual else None,
                "allocated_at": now,
            }
        )
    card_ids = insert_rows_returning_ids(session, Card.__table__, card_rows)

    for pos, (i, _m) in enumerate(good):
        item = items[i]
        item.order_id = order_ids[pos]
        item.order_public_id = order_rows[pos]["public_id"]
        item.card_number = numbers[pos]
    plastic = [pos for pos, (i, _m) in enumerate(good) if items[i].request.form is CardForm.PLASTIC]
    virtual = [pos for pos, (i, _m) in enumerate(good) if items[i].request.form is CardForm.VIRTUAL]
    if plastic:
        _record_acceptance(
            reg, submitter, [order_ids[p] for p in plastic], [card_ids[p] for p in plastic], now
        )
    if virtual:
        _record_acceptance(
            reg, submitter, [order_ids[p] for p in virtual], [card_ids[p] for p in virtual], now, virtual=True
        )
        from gateway.virtual.webhooks import notify_partners_of

        notify_partners_of(session, [card_ids[p] for p in virtual], now)  # issued at once: apps learn it


def _record_acceptance(
    reg: _Registry,
    submitter: Submitter,
    order_ids: list[int],
    card_ids: list[int],
    now: dt.datetime,
    *,
    virtual: bool = False,
) -> None:
    """The events (order accepted, card allocated) and the «Заказан» outbox message of the rows
    just written, through the lifecycle's set-based door: the database makes them from the rows
    (``INSERT … SELECT``), so only the ids travel — building ~3 rows per order in Python and
    copying them over cost a fifth of a large upload's time. A virtual-only order is issued at once
    and its number reaches 1C as «Выдан» of the virtual form instead."""
    session = reg.session
    record_creation_many(
        session,
        CardOrder,
        order_ids,
        OrderState.ISSUED if virtual else OrderState.ACCEPTED,
        # A virtual-only order is issued as it is created; a plastic one was submitted, then accepted.
        from_state=None if virtual else OrderState.SUBMITTED,
        actor=submitter.actor,
        reason=reason_with_source(submitter.source.value, CardOrder.reason),
        at=now,
    )
    record_creation_many(
        session,
        Card,
        card_ids,
        CardState.VIRTUAL if virtual else CardState.ALLOCATED,
        actor=submitter.actor,
        data=number_json(session),
        at=now,
    )
