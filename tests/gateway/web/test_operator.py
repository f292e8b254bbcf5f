"""Operator, auditor and admin pages over the Flask test client: every page renders real data,
actions go through the services and are audited, downloads are real CSV/XLSX."""

from __future__ import annotations

import io
import time
from typing import Any

import pytest
from kombu import Queue
from openpyxl import load_workbook
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from gateway.accounts.api_tokens import resolve_token
from gateway.models import AuditEntry, BatchState, Card, OutboxMessage, OutboxState, PrintBatch, User
from tests.gateway.web.conftest import csrf_from, login, post_form
from tests.gateway.web.helpers import order_cards, produce_batch


@pytest.fixture()
def produced(db: Session, settings: Any, world: dict[str, Any]) -> PrintBatch:
    order_cards(db, settings, [world["m77"], world["m50"]])
    return produce_batch(db, settings)


PAGES = [
    "/dashboard",
    "/batches",
    "/stations",
    "/search?q=иванова",
    "/orders",
    "/cards",
    "/uploads",
    "/reports",
    "/reports/costs",
    "/onec",
    "/onec/reconcile",
]


@pytest.mark.parametrize("role", ["operator", "auditor", "admin"])
def test_central_pages_render(login_as: Any, produced: PrintBatch, role: str) -> None:
    client = login_as(role)
    for url in PAGES + [f"/batches/{produced.id}"]:
        resp = client.get(url)
        assert resp.status_code == 200, (url, resp.status_code)
    assert "Иванова" in client.get("/search?q=иванова").text
    assert "Иванова" in client.get(f"/batches/{produced.id}").text


def test_dashboard_lists_what_needs_attention(login_as: Any, db: Session, produced: PrintBatch) -> None:
    msg = db.scalars(select(OutboxMessage).limit(1)).one()
    msg.state = OutboxState.DEAD
    db.flush()
    card_number = db.scalar(select(Card.number).where(Card.id == msg.card_id))
    page = login_as("operator").get("/dashboard").text
    assert "Не доставлено в 1С: 1" in page
    assert card_number in page


def test_batch_progress_json_and_packing_list(login_as: Any, produced: PrintBatch) -> None:
    client = login_as("operator")
    data = client.get(f"/batches/{produced.id}/progress.json").get_json()
    assert data["total"] == 2 and data["done"] == 2 and data["percent"] == 100 and data["finished"]
    csv = client.get(f"/batches/{produced.id}/packing/77.csv")
    assert csv.status_code == 200 and csv.data.startswith(b"\xef\xbb\xbf")
    text = csv.data.decode("utf-8-sig")
    assert "Иванова" in text and "Петрова" not in text
    pdf = client.get(f"/batches/{produced.id}/packing/77.pdf")
    assert pdf.data.startswith(b"%PDF")


def test_form_and_cancel_batch_are_audited(
    login_as: Any, db: Session, settings: Any, world: dict[str, Any]
) -> None:
    order_cards(db, settings, [world["m77"]])
    client = login_as("operator")
    page = client.get("/batches")
    resp = client.post("/batches/form", data={"csrf_token": csrf_from(page.text)}, follow_redirects=True)
    assert "Сформирована партия №" in resp.text and "карт 1." in resp.text
    batch = db.scalars(select(PrintBatch)).one()
    resp = client.post(
        f"/batches/{batch.id}/action",
        data={"action": "cancel", "csrf_token": csrf_from(page.text)},
        follow_redirects=True,
    )
    assert "отменена" in resp.text
    db.expire_all()
    assert db.get(PrintBatch, batch.id).state is BatchState.CANCELLED  # type: ignore[union-attr]
    actions = [
        (e.action, (e.details or {}).get("action"))
        for e in db.scalars(
            select(AuditEntry).where(AuditEntry.action.like("batch%")).order_by(AuditEntry.id)
        )
    ]
    assert actions == [("batches_formed", None), ("batch_action", "cancel")]
    # An auditor cannot act.
    auditor = login_as("auditor")
    assert (
        auditor.post(
            "/batches/form", data={"csrf_token": csrf_from(auditor.get("/batches").text)}
        ).status_code
        == 403
    )


def test_region_report_and_cost_statement_downloads(login_as: Any, produced: PrintBatch) -> None:
    client = login_as("operator")
    page = client.get("/reports").text
    assert "Московская городская организация" in page
    csv = client.get("/reports/regions.csv")
    assert csv.data.startswith(b"\xef\xbb\xbf")
    lines = csv.data.decode("utf-8-sig").splitlines()
    assert lines[0].startswith("Код региона;Региональная организация;Членов Профсоюза в реестре")
    assert any(line.startswith("77;") for line in lines)
    xlsx = client.get("/reports/costs.xlsx")
    rows = list(load_workbook(io.BytesIO(xlsx.data)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Партия"
    *lines_, total = rows[1:]
    assert sorted(r[3] for r in lines_) == ["50", "77"]
    assert all(r[7] == 95.0 for r in lines_)
    assert total[0] == "Итого" and total[7] == 190.0
    # A regional user's reports hold only their own region.
    regional = login_as("reg77")
    lines = regional.get("/reports/regions.csv").data.decode("utf-8-sig").splitlines()
    assert len(lines) == 3 and lines[1].startswith("77;") and lines[2].startswith("Итого;")
    rows = list(
        load_workbook(io.BytesIO(regional.get("/reports/costs.xlsx").data)).active.iter_rows(values_only=True)
    )
    assert [r[3] for r in rows[1:-1]] == ["77"] and rows[-1][0] == "Итого"
    assert "Петрова" not in regional.get("/reports/costs").text


def test_admin_creates_user_and_token_shown_once(
    login_as: Any, app: Any, db: Session, world: dict[str, Any]
) -> None:
    client = login_as("admin")
    page = client.get("/admin/users")
    resp = client.post(
        "/admin/users",
        data={
            "login": "Sidorova",
            "display_name": "Сидорова",
            "role": "regional",
            "region": "50",
            "csrf_token": csrf_from(page.text),
        },
    )
    assert resp.status_code == 200
    password = resp.text.split('id="new-password">')[1].split("<")[0]
    new = db.scalars(select(User).where(User.login == "sidorova")).one()
    assert new.region_id == world["r50"].id and new.password_hash != password
    assert login(app.test_client(), "sidorova", password).status_code == 302
    # A regional user needs a region.
    bad = client.post(
        "/admin/users",
        data={"login": "x1", "role": "regional", "region": "", "csrf_token": csrf_from(page.text)},
        follow_redirects=True,
    )
    assert "выберите региональную организацию" in bad.text
    tokens = client.get("/admin/tokens")
    resp = client.post(
        "/admin/tokens",
        data={
            "name": "Система региона 77",
            "kind": "region",
            "region": "77",
            "csrf_token": csrf_from(tokens.text),
        },
    )
    plain = resp.text.split('id="new-token">')[1].split("<")[0]
    assert resolve_token(db, plain) is not None
    assert plain not in client.get("/admin/tokens").text  # never shown again
    entries = db.scalars(
        select(AuditEntry).where(AuditEntry.action.in_(["user_created", "token_created"]))
    ).all()
    assert {e.action for e in entries} == {"user_created", "token_created"}
    for e in entries:
        assert password not in repr(e.details) and plain not in repr(e.details)
    assert (
        "user_created" in client.get("/admin/audit").text
        or "Создан пользователь" in client.get("/admin/audit").text
    )
    # Auditors read the admin pages but cannot change anything; operators don't see them.
    auditor = login_as("auditor")
    auditor_page = auditor.get("/admin/users")
    assert auditor_page.status_code == 200 and "Новый пользователь" not in auditor_page.text
    forbidden = auditor.post(
        "/admin/users", data={"login": "y", "role": "operator", "csrf_token": csrf_from(auditor_page.text)}
    )
    assert forbidden.status_code == 403
    assert login_as("operator").get("/admin/users").status_code == 403


def test_retry_dead_letter(login_as: Any, db: Session, produced: PrintBatch) -> None:
    msg = db.scalars(select(OutboxMessage).limit(1)).one()
    msg.state = OutboxState.DEAD
    msg.attempts = 9
    db.flush()
    client = login_as("operator")
    page = client.get("/onec?state=dead")
    assert "Повторить" in page.text
    resp = client.post(f"/onec/outbox/{msg.id}/retry", data={"csrf_token": csrf_from(page.text)})
    assert resp.status_code == 302
    db.expire_all()
    assert db.get(OutboxMessage, msg.id).state is OutboxState.PENDING  # type: ignore[union-attr]


def test_sync_start_is_for_acting_roles_and_checks_its_kind(login_as: Any) -> None:
    auditor = login_as("auditor")
    page = auditor.get("/onec")
    assert "Загрузить изменения" not in page.text
    assert (
        auditor.post("/onec/sync", data={"kind": "full", "csrf_token": csrf_from(page.text)}).status_code
        == 403
    )
    operator = login_as("operator")
    page = operator.get("/onec")
    assert "Загрузить изменения" in page.text
    assert (
        operator.post("/onec/sync", data={"kind": "all", "csrf_token": csrf_from(page.text)}).status_code
        == 400
    )


def test_cancelled_batch_ships_the_cards_it_had_printed(
    login_as: Any, db: Session, settings: Any, world: dict[str, Any]
) -> None:
    from gateway.lifecycle import transition
    from gateway.models import CardState
    from gateway.printing.station import cancel

    cards = order_cards(db, settings, [world["m77"], world["m50"]])
    from gateway.batching.service import form_batches

    (batch,) = form_batches(db, settings.batching, actor="test", force=True)
    transition(db, batch, BatchState.PRINTING, actor="test")
    printed = min(cards, key=lambda c: c.id)
    transition(db, printed, CardState.PRINTING, actor="test")
    transition(db, printed, CardState.PRODUCED, actor="test")
    transition(db, batch, BatchState.PAUSED, actor="test")
    cancel(db, batch, actor="test")
    db.flush()

    client = login_as("operator")
    page = client.get(f"/batches/{batch.id}")
    assert "Отправить в регионы напечатанные карты (1)" in page.text
    resp = post_form(
        client,
        f"/batches/{batch.id}/action",
        {"action": "dispatch"},
        page_url=f"/batches/{batch.id}",
        follow_redirects=True,
    )
    assert "отправлена в регионы: карт 1" in resp.text
    db.expire_all()
    assert db.get(Card, printed.id).state is CardState.DISPATCHED  # type: ignore[union-attr]
    assert db.get(PrintBatch, batch.id).state is BatchState.CANCELLED  # type: ignore[union-attr]
    assert "напечатанные карты" not in client.get(f"/batches/{batch.id}").text


def test_reconciliation_is_started_from_the_page_and_followed(app: Any, login_as: Any, db: Session) -> None:
    """The page asks for a report and follows it. The task is really sent, to the queue of the
    rolled-back tests (no worker runs it); the task itself is tested in
    tests/gateway/sync/test_api.py with a real worker and the emulator."""
    from gateway.models import ReconciliationRun, ReconciliationState
    from tests.conftest import ROLLBACK_QUEUE

    def queued_messages() -> int:
        with app.extensions["celery"].connection_for_write() as conn:
            return conn.default_channel.queue_declare(ROLLBACK_QUEUE, passive=True).message_count

    with app.extensions["celery"].connection_for_write() as conn:
        Queue(ROLLBACK_QUEUE, channel=conn.default_channel).declare()
        conn.default_channel.queue_purge(ROLLBACK_QUEUE)  # what earlier runs left
    client = login_as("operator")
    page = client.get("/onec/reconcile")
    assert "Сверка ещё не выполнялась" in page.text
    resp = client.post("/onec/reconcile", data={"csrf_token": csrf_from(page.text)}, follow_redirects=True)
    assert "Сверка запущена" in resp.text and "в очереди" in resp.text and "data-poll" in resp.text
    assert client.get("/onec/reconcile/status.json").get_json() == {
        "state": "queued", "state_text": "в очереди", "finished": False,
    }  # fmt: skip
    again = client.post("/onec/reconcile", data={"csrf_token": csrf_from(page.text)}, follow_redirects=True)
    assert "Сверка уже выполняется" in again.text
    assert db.scalar(select(func.count(ReconciliationRun.id))) == 1
    deadline = time.monotonic() + 5
    while queued_messages() < 1 and time.monotonic() < deadline:  # publishing is asynchronous
        time.sleep(0.05)
    assert queued_messages() == 1  # one task for one run

    run = db.scalars(select(ReconciliationRun)).one()
    run.state, run.report = ReconciliationState.SUCCEEDED, {
        "regions": [{"region_code": "77", "region_name": "Москва", "members": {"gateway": 5, "onec": 6},
                     "cards_by_state": {}}],
        "differences": [{"kind": "members", "region_code": "77", "gateway": 5, "onec": 6,
                         "message": "Число членов Профсоюза в шлюзе и в 1С различается: нужна синхронизация."}],
    }  # fmt: skip
    db.flush()
    done = client.get("/onec/reconcile")
    assert "готова" in done.text and "нужна синхронизация" in done.text and "data-poll" not in done.text
    assert client.get("/onec/reconcile/status.json").get_json()["finished"] is True

    auditor = login_as("auditor")
    assert "start-reconcile" not in auditor.get("/onec/reconcile").text
    token = csrf_from(auditor.get("/onec/reconcile").text)
    assert auditor.post("/onec/reconcile", data={"csrf_token": token}).status_code == 403


def test_region_report_counts_virtual_issuance_in_its_own_column(
    login_as: Any, db: Session, settings: Any, world: dict[str, Any]
) -> None:
    from gateway.models import CardForm, OrderReason, OrderSource
    from gateway.orders.intake import OrderRequest, Submitter, submit_orders

    def order(member: Any, form: CardForm) -> None:
        submitter = Submitter("test", OrderSource.API, member.region_id)
        (item,) = submit_orders(
            db, settings, submitter, [OrderRequest(OrderReason.FIRST, member_ref=member.onec_ref, form=form)]
        )
        assert item.accepted, item.problems

    order(world["m77"], CardForm.VIRTUAL)  # a number in the app only
    order(world["m50"], CardForm.VIRTUAL)
    order(world["m50"], CardForm.PLASTIC)  # then its plastic: still issued in virtual form
    db.flush()
    rows = list(
        load_workbook(io.BytesIO(login_as("operator").get("/reports/regions.xlsx").data)).active.iter_rows(
            values_only=True
        )
    )
    column = rows[0].index("Выдано в виртуальном виде")
    by_code = {r[0]: r for r in rows[1:]}
    assert by_code["77"][column] == 1 and by_code["50"][column] == 1
    assert by_code["77"][4] == 0  # «Карт изготовлено»: nothing printed for a virtual-only number
    assert by_code["Итого"][column] == 2
    page = login_as("reg77").get("/reports").text
    assert "Выдано в виртуальном виде" in page
