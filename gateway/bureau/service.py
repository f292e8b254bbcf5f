"""Sending a batch to an outside personalisation bureau, and taking back what it made.

The bureau stands where a print station stands, and the batch goes through the same doors:

- export: the batch's queued cards become ``printing`` at ``bureau:<name>`` (the station name a card
  and its print attempt carry), and the package (gateway/bureau/envelope.py, layout in
  gateway/bureau/package.py) is made of exactly those cards;
- import of the bureau's signed manifest: each card becomes ``produced`` with its chip UID, or
  ``spoiled`` with a replacement queued (``spoil_and_replace``, the station's own rule), and the batch
  closes through ``finish_if_done`` — the same states, events and 1C outbox messages as an in-house
  run. Replacements go to the bureau in a further package of the same batch.

A manifest is checked whole before anything changes (signature, format, the package it answers,
every card of that package exactly once): a malformed or foreign one is refused and changes nothing.
Services flush; the request commits.
"""

from __future__ import annotations

import hashlib
import logging
import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.bureau import envelope
from gateway.bureau.package import build_content
from gateway.db.base import utcnow
from gateway.errors import DomainError
from gateway.lifecycle import transition
from gateway.models import AttemptOutcome, BatchState, Card, CardPrintAttempt, CardState, PrintBatch
from gateway.models.production import BureauExport, BureauExportState
from gateway.printing.cards import card_data_for
from gateway.printing.keys import signing_key
from gateway.printing.settings import BureauSettings
from gateway.printing.station import BUREAU_PREFIX, finish_if_done, spoil_and_replace
from gateway.settings import Settings

log = logging.getLogger(__name__)

PREFIX = BUREAU_PREFIX
_UID = re.compile(r"^(?:[0-9A-F]{8}|[0-9A-F]{14}|[0-9A-F]{20})$")
_RESULTS = {"produced", "spoiled"}


def station_name(bureau: str) -> str:
    return PREFIX + bureau


def bureau_of(batch: PrintBatch) -> str | None:
    return batch.station[len(PREFIX) :] if batch.station and batch.station.startswith(PREFIX) else None


def _bureau(settings: Settings, name: str) -> BureauSettings:
    try:
        return settings.printing.bureaus[name]
    except KeyError:
        known = ", ".join(sorted(settings.printing.bureaus)) or "не настроены"
        raise DomainError(
            "bureau_not_found",
            f"Бюро персонализации «{name}» не настроено. Доступные: {known}.",
            "bureau",
            422,
        ) from None


@dataclass(frozen=True)
class Export:
    record: BureauExport
    package: bytes


def export_batch(
    session: Session, settings: Settings, batch: PrintBatch, bureau: str, *, actor: str
) -> Export:
    """Package the batch's queued cards for ``bureau``: a formed batch starts printing there; a batch
    already there sends its queued replacement cards."""
    cfg = _bureau(settings, bureau)
    session.flush()
    session.refresh(batch, with_for_update=True)
    station = station_name(bureau)
    if batch.state is BatchState.FORMED:
        transition(
            session,
            batch,
            BatchState.PRINTING,
            actor=actor,
            reason=f"sent to bureau {bureau}",
            data={"station": station},
        )
        batch.station, batch.pause_reason = station, None
    elif not (batch.state is BatchState.PRINTING and batch.station == station):
        raise DomainError(
            "batch_not_exportable",
            "Отправить в бюро можно сформированную партию или замены "
            "испорченных карт партии, которая уже изготавливается в этом бюро.",
            status=409,
        )
    cards = session.scalars(
        select(Card)
        .where(Card.batch_id == batch.id, Card.state == CardState.QUEUED)
        .order_by(Card.id)
        .with_for_update()
    ).all()
    if not cards:
        raise DomainError("nothing_to_export", "В партии нет карт, ожидающих изготовления.", status=409)
    data = card_data_for(session, cards, signing_key(settings))
    record = BureauExport(
        batch_id=batch.id,
        bureau=bureau,
        state=BureauExportState.SENT,
        card_count=len(cards),
        card_numbers=[c.number for c in cards],
        package_sha256="",
        created_by=actor,
    )
    session.add(record)
    session.flush()
    for card in cards:
        transition(
            session,
            card,
            CardState.PRINTING,
            actor=actor,
            reason=f"sent to bureau {bureau}",
            data={"station": station, "export": record.id},
        )
        card.station = station
        session.add(
            CardPrintAttempt(card_id=card.id, batch_id=batch.id, station=station, last_step="sent_to_bureau")
        )
    content = build_content(data, settings)
    header = {
        "batch_id": batch.id,
        "export_id": record.id,
        "bureau": bureau,
        "card_count": len(cards),
        "created_at": utcnow().isoformat(),
    }
    package = envelope.seal_package(
        header, content, envelope.load_x25519_public(cfg.encryption_public_key), signing_key(settings)
    )
    record.package_sha256 = hashlib.sha256(package).hexdigest()
    session.flush()
    log.info("batch %d: %d cards exported to bureau %s (export %d)", batch.id, len(cards), bureau, record.id)
    return Export(record, package)


def _refuse(code: str, message_ru: str, status: int = 422) -> DomainError:
    return DomainError(code, message_ru, "manifest", status)


@dataclass(frozen=True)
class _Line:
    card: Card
    result: str
    chip_uid: str | None
    reason: str | None


def _checked_lines(session: Session, body: dict[str, Any], export: BureauExport, station: str) -> list[_Line]:
    entries = body.get("cards")
    if not isinstance(entries, list) or not entries:
        raise _refuse("manifest_malformed", "Манифест бюро повреждён: в нём нет списка карт.")
    seen: dict[str, dict[str, Any]] = {}
    for index, entry in enumerate(entries, 1):
        if not isinstance(entry, dict) or not isinstance(entry.get("card_number"), str):
            raise _refuse("manifest_malformed", f"Манифест бюро повреждён: строка {index} без номера карты.")
        number = entry["card_number"]
        if number in seen:
            raise _refuse("manifest_malformed", f"Манифест бюро повреждён: карта {number} указана дважды.")
        if entry.get("result") not in _RESULTS:
            raise _refuse(
                "manifest_malformed",
                f"Манифест бюро: у карты {number} результат должен быть "
                "«produced» (изготовлена) или «spoiled» (испорчена).",
            )
        uid = entry.get("chip_uid")
        if uid is not None and (not isinstance(uid, str) or not _UID.match(uid.upper())):
            raise _refuse(
                "manifest_malformed",
                f"Манифест бюро: у карты {number} UID чипа не 4, 7 или 10 байт в шестнадцатеричной записи.",
            )
        seen[number] = entry
    expected = set(export.card_numbers)
    foreign = sorted(set(seen) - expected)
    if foreign:
        raise _refuse(
            "manifest_cards_unknown",
            f"В манифесте есть карты, которых не было в пакете: "
            f"{', '.join(foreign[:5])}{' …' if len(foreign) > 5 else ''}.",
        )
    missing = sorted(expected - set(seen))
    if missing:
        raise _refuse(
            "manifest_incomplete",
            f"Манифест не отчитывается за карты пакета: {', '.join(missing[:5])}"
            f"{' …' if len(missing) > 5 else ''}. Запросите у бюро полный манифест.",
        )
    cards = {
        c.number: c
        for c in session.scalars(select(Card).where(Card.number.in_(list(seen))).with_for_update())
    }
    lines = []
    for number, entry in seen.items():
        card = cards.get(number)
        if card is None or card.state is not CardState.PRINTING or card.station != station:
            raise _refuse(
                "manifest_card_state",
                f"Карта {number} не ожидает результата из бюро (уже изготовлена, испорчена или отозвана).",
                409,
            )
        uid = entry.get("chip_uid")
        lines.append(
            _Line(
                card,
                entry["result"],
                uid.upper() if uid else None,
                str(entry["reason"])[:50] if entry.get("reason") else None,
            )
        )
    return lines


def import_manifest(
    session: Session, settings: Settings, batch: PrintBatch, data: bytes, *, actor: str
) -> dict[str, Any]:
    """Complete the cards of one package from the bureau's signed manifest (all or nothing)."""
    bureau = bureau_of(batch)
    if bureau is None:
        raise _refuse("batch_not_at_bureau", "Партия не отправлялась в бюро персонализации.", 409)
    cfg = _bureau(settings, bureau)
    try:
        body = envelope.read_manifest(data, envelope.load_ed25519_public(cfg.signing_public_key))
    except envelope.EnvelopeError as error:
        log.warning("batch %d: manifest refused: %s (%s)", batch.id, error.code, error)
        if error.code == "bad_signature":
            raise _refuse(
                "manifest_foreign",
                f"Манифест не подписан ключом бюро «{bureau}»: он чужой или "
                "изменён после подписи. Данные не изменены.",
            ) from None
        raise _refuse(
            "manifest_malformed", "Файл не является манифестом бюро или повреждён. Данные не изменены."
        ) from None
    session.flush()
    session.refresh(batch, with_for_update=True)
    if body.get("batch_id") != batch.id or body.get("bureau") != bureau:
        raise _refuse(
            "manifest_other_batch",
            f"Манифест относится к другой партии или другому бюро "
            f"(партия {body.get('batch_id')!r}, бюро {body.get('bureau')!r}).",
        )
    export = session.scalar(
        select(BureauExport)
        .where(BureauExport.package_sha256 == body.get("package_sha256"), BureauExport.batch_id == batch.id)
        .with_for_update()
    )
    if export is None:
        raise _refuse("manifest_unknown_package", "Манифест отвечает на пакет, который шлюз не отправлял.")
    if export.state is BureauExportState.COMPLETED:
        raise _refuse("manifest_already_imported", f"Манифест пакета № {export.id} уже загружен.", 409)
    station = station_name(bureau)
    lines = _checked_lines(session, body, export, station)
    produced = spoiled = 0
    for line in lines:
        attempt = session.scalar(
            select(CardPrintAttempt)
            .where(CardPrintAttempt.card_id == line.card.id, CardPrintAttempt.finished_at.is_(None))
            .order_by(CardPrintAttempt.id.desc())
            .limit(1)
        )
        info: dict[str, Any] = {
            "station": station,
            "attempt": attempt.id if attempt else None,
            "chip_uid": line.chip_uid,
            "reason_code": line.reason,
            "export": export.id,
            "imported_by": actor,
        }
        if attempt is not None:
            attempt.finished_at, attempt.chip_uid, attempt.reason_code = utcnow(), line.chip_uid, line.reason
            attempt.last_step = "bureau_" + line.result
        if line.result == "produced":
            if attempt is not None:
                attempt.outcome = AttemptOutcome.PRODUCED
            line.card.chip_uid = line.chip_uid
            transition(
                session, line.card, CardState.PRODUCED, actor=station, reason="made by bureau", data=info
            )
            produced += 1
        else:
            if attempt is not None:
                attempt.outcome = AttemptOutcome.SPOILED
            spoil_and_replace(
                session,
                settings,
                line.card,
                actor=station,
                reason=line.reason or "spoiled at bureau",
                data=info,
            )
            spoiled += 1
    export.state, export.completed_at = BureauExportState.COMPLETED, utcnow()
    export.manifest_sha256 = hashlib.sha256(data).hexdigest()
    session.flush()
    finish_if_done(session, settings, batch, None, actor=station)
    queued = len(
        session.scalars(
            select(Card.id).where(Card.batch_id == batch.id, Card.state == CardState.QUEUED)
        ).all()
    )
    log.info(
        "batch %d: manifest of export %d imported: %d produced, %d spoiled",
        batch.id,
        export.id,
        produced,
        spoiled,
    )
    return {
        "batch_id": batch.id,
        "export_id": export.id,
        "produced": produced,
        "spoiled": spoiled,
        "replacements_queued": queued,
        "batch_state": batch.state.value,
    }


def exports_of(session: Session, batch: PrintBatch) -> list[BureauExport]:
    return list(
        session.scalars(
            select(BureauExport).where(BureauExport.batch_id == batch.id).order_by(BureauExport.id)
        )
    )
