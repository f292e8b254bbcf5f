"""The ЭПБ form reaches 1C: a virtual-only issue is «Выдан» with form «Виртуальная», the plastic
of the same number later «Заказан» with «Пластиковая» (real HTTP to the emulator)."""

from __future__ import annotations

import sqlite3
from typing import Any

import pytest
from sqlalchemy import select

from adapters.onec import RetryPolicy, build_registry
from gateway.models import Card, CardForm, Member, OrderReason, OrderSource
from gateway.orders.intake import OrderRequest, Submitter, submit_orders
from gateway.sync.full import run_full_sync
from gateway.sync.outbox import deliver_outbox

from .conftest import SyncEnv

# A patient registry for the first sync of each test: an earlier test's slow requests (latency
# faults) can still hold the emulator's few sessions, which 1C answers with 406 until they end.
PATIENT = RetryPolicy(max_attempts=12, base_delay=0.5, max_delay=2.0)


def _onec_rows(env: SyncEnv, number: str) -> list[tuple[str, str]]:
    # Read what 1C stored, straight from the emulator's database (a reader, as 1C's own report would).
    conn = sqlite3.connect(env.emulator.data_file)
    try:
        rows = conn.execute(
            "SELECT status, form FROM statuses WHERE trim(card_number) = ? ORDER BY period, status", (number,)
        ).fetchall()
    finally:
        conn.close()
    return [(r[0], r[1]) for r in rows]


def test_virtual_issue_then_plastic_reach_1c_with_their_forms(env: SyncEnv) -> None:
    reg = build_registry(env.emulator.settings(retry=PATIENT))
    run_full_sync(env.factory, env.engine, env.settings, reg)
    with env.factory() as s:
        carded = select(Card.member_id)
        member = s.scalar(
            select(Member)
            .where(Member.consent.is_(True), Member.left_on.is_(None), Member.deletion_mark.is_(False))
            .where(Member.id.not_in(carded))
            .limit(1)
        )
        assert member is not None
        submitter = Submitter("token:1", OrderSource.API, None)
        (item,) = submit_orders(
            s,
            env.settings,
            submitter,
            [OrderRequest(OrderReason.FIRST, member_ref=member.onec_ref, form=CardForm.VIRTUAL)],
        )
        assert item.accepted
        s.commit()
    deliver_outbox(env.factory, env.engine, env.settings.sync, env.registry, max_seconds=20)
    assert ("Выдан", "Виртуальная") in _onec_rows(env, item.card_number)

    with env.factory() as s:
        (plastic,) = submit_orders(
            s, env.settings, submitter, [OrderRequest(OrderReason.FIRST, member_ref=member.onec_ref)]
        )
        assert plastic.accepted and plastic.card_number == item.card_number
        s.commit()
    deliver_outbox(env.factory, env.engine, env.settings.sync, env.registry, max_seconds=20)
    assert ("Заказан", "Пластиковая") in _onec_rows(env, item.card_number)
    reg.close()


def test_member_confirmation_through_the_partner_reaches_1c(env: SyncEnv) -> None:
    from gateway.models import CardOrder, CardState, OrderState
    from gateway.virtual.models import PartnerScope
    from gateway.virtual.partners import create_partner
    from gateway.virtual.receipt import confirm_receipt
    from gateway.virtual.schemas import ReceiptAnswer

    reg = build_registry(env.emulator.settings(retry=PATIENT))
    run_full_sync(env.factory, env.engine, env.settings, reg)
    with env.factory() as s:
        card = s.scalar(select(Card).where(Card.state == CardState.ALLOCATED).limit(1))
        assert card is not None
        # The print pipeline is tested elsewhere: the card arrives in the region.
        card.state = CardState.DISPATCHED
        s.get(CardOrder, card.order_id).state = OrderState.DISPATCHED  # type: ignore[union-attr]
        account, _token, _secret = create_partner(s, name="app", scopes=[PartnerScope.RECEIPT])
        confirm_receipt(s, card, ReceiptAnswer.RECEIVED, account)
        number = card.number
        s.commit()
    deliver_outbox(env.factory, env.engine, env.settings.sync, env.registry, max_seconds=20)
    assert ("Выдан", "Пластиковая") in _onec_rows(env, number)
    reg.close()


@pytest.mark.parametrize("second_sync", ["incremental", "full"])
def test_a_member_who_left_in_1c_voids_the_card_for_partners_after_a_sync(
    env: SyncEnv, second_sync: str
) -> None:
    """The card of a member who left is announced void once, whichever sync sees the change first;
    a later sync that sees the member again (still gone) announces nothing more."""
    from gateway.sync.incremental import run_incremental_sync
    from gateway.virtual.models import PartnerScope, PartnerWebhook
    from gateway.virtual.partners import create_partner

    reg = build_registry(env.emulator.settings(retry=PATIENT))
    run_full_sync(env.factory, env.engine, env.settings, reg)
    run_incremental_sync(env.factory, env.engine, env.settings, reg)  # drain older changes
    with env.factory() as s:
        member = s.scalar(
            select(Member)
            .where(Member.consent.is_(True), Member.left_on.is_(None), Member.deletion_mark.is_(False))
            .where(Member.id.not_in(select(Card.member_id)))
            .limit(1)
        )
        assert member is not None
        (item,) = submit_orders(
            s,
            env.settings,
            Submitter("token:1", OrderSource.API, None),
            [OrderRequest(OrderReason.FIRST, member_ref=member.onec_ref, form=CardForm.VIRTUAL)],
        )
        create_partner(s, name="app", scopes=[PartnerScope.WEBHOOKS], webhook_url="http://127.0.0.1:9/hooks")
        ref = str(member.onec_ref)
        s.commit()
    env.emulator.mutate("member_left", member=ref)

    def voided() -> list[dict[str, Any]]:
        with env.factory() as s:
            payloads = [w.payload for w in s.scalars(select(PartnerWebhook).order_by(PartnerWebhook.id))]
        return [p for p in payloads if p["card_number"] == item.card_number and not p["valid"]]

    if second_sync == "full":
        run_full_sync(env.factory, env.engine, env.settings, reg)
    else:
        run_incremental_sync(env.factory, env.engine, env.settings, reg)
    (announced,) = voided()
    assert announced["void_reason"] == "membership_ended" and announced["state"] == "virtual"
    run_full_sync(env.factory, env.engine, env.settings, reg)  # sees the member again, still gone
    assert len(voided()) == 1
    reg.close()
