"""Every page speaks Russian: a walk over every page of every role, with the history, the 1C link,
the reconciliation, the audit log and the station pages filled with what the services write, fails
on any Latin-script word outside a short allow-list (names of formats and standards).

Identifiers that are data, not words — card numbers, chip UIDs, 1C references, station names,
logins, file names — are marked in the templates (``mono``, ``ident``) and skipped; so are the
technical details an operator unfolds for support (``tech``), each under a Russian summary.
"""

from __future__ import annotations

import datetime as dt
import re
import uuid
from html.parser import HTMLParser
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from gateway.accounts.audit import audit
from gateway.batching.service import form_batches
from gateway.models import (
    Card,
    CardOrder,
    Event,
    OutboxMessage,
    OutboxState,
    Upload,
    UploadRowResult,
    UploadState,
    User,
)
from gateway.models.sync import (
    OneCOrderLine,
    ReconciliationRun,
    ReconciliationState,
    SyncKind,
    SyncRun,
    SyncState,
)
from gateway.texts import ru
from tests.gateway.web.helpers import order_cards, produce_batch

# Names of formats, standards and systems a user sees as such.
ALLOWED = {"PDF", "CSV", "XLSX", "API", "UID", "QR", "UTF", "Windows", "Excel", "ID"}
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z_]*")
SKIP_CLASSES = {"mono", "ident", "tech"}
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
READ_ATTRS = ("title", "placeholder", "alt", "aria-label", "data-confirm")


class VisibleText(HTMLParser):
    """The words a person reads: text outside scripts and identifiers, titles, placeholders,
    confirmations, button captions."""

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[tuple[str, bool]] = []
        self.parts: list[str] = []

    @property
    def skipping(self) -> bool:
        return any(skip for _, skip in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        skip = tag in ("script", "style", "head") or bool(SKIP_CLASSES & set(a.get("class", "").split()))
        if not (self.skipping or skip):
            self.parts.extend(a[k] for k in READ_ATTRS if a.get(k))
            if tag == "input" and a.get("type") in ("submit", "button"):
                self.parts.append(a.get("value", ""))
        if tag not in VOID:
            self.stack.append((tag, skip))

    def handle_endtag(self, tag: str) -> None:
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def latin_words(html: str) -> set[str]:
    parser = VisibleText()
    parser.feed(html)
    text = " ".join(parser.parts)
    return {w for w in LATIN_WORD.findall(text) if w not in ALLOWED}


# What the services write into the history (see gateway/printing, gateway/batching, intake).
SERVICE_REASONS = [
    *ru.PRINT_STEPS,
    "station main",
    "station error mid-card",
    "station error",
    "station restarted while the card was in progress",
    "verified and printed",
    "replaces spoiled card 9643007700000017",
    "replacement in batch 3",
    "inspected: good",
    "inspected: spoiled",
    "onec: first",
    "upload: first",
    "api: lost",
    "web: name_changed",
    "reissue: damaged",
    "batch 1 produced",
    "batch 1 dispatched",
    "batch 1 cancelled",
    "order cancelled",
    "spoil limit 3 reached, order back to the pool",
    "an_unknown_printer_status_code",
]


@pytest.fixture()
def filled(db: Session, settings: Any, world: dict[str, Any]) -> dict[str, Any]:
    """A day of work: a dispatched batch with a full card history, a batch formed by hand, a sync,
    a reconciliation, dead letters, an upload with a rejected row, audit entries."""
    cards = order_cards(db, settings, [world["m77"], world["m50"]])
    batch = produce_batch(db, settings)
    card = cards[0]
    now = dt.datetime.now(dt.UTC)
    for i, reason in enumerate(SERVICE_REASONS):
        for actor in ("station:main", "1c", f"user:{world['operator'].id}", "token:3", "system:batching"):
            db.add(
                Event(
                    entity_type="card",
                    entity_id=card.id,
                    from_state="printing",
                    to_state="printing",
                    actor=actor,
                    reason=reason,
                    created_at=now + dt.timedelta(seconds=i),
                )
            )
    order_cards(db, settings, [world["m77b"]])
    form_batches(db, settings.batching, actor=f"user:{world['operator'].id}", force=True)
    db.add(
        SyncRun(
            kind=SyncKind.FULL,
            state=SyncState.FAILED,
            stage="done",
            checkpoint={},
            counts={k: 1 for k in ru.SYNC_COUNTS},
            error="ConnectionError: 1C did not answer",
        )
    )
    db.add(
        ReconciliationRun(
            state=ReconciliationState.SUCCEEDED,
            requested_by=f"user:{world['operator'].id}",
            report={
                "differences": [
                    {"kind": k, "region_code": "77", "count": 2, "message": "Пояснение."}
                    for k in ru.RECONCILIATION_KINDS
                ],
                "regions": [
                    {"region_code": "77", "region_name": "Москва", "members": {"gateway": 1, "onec": 2}}
                ],
            },
        )
    )
    db.add(
        OneCOrderLine(
            document_ref=uuid.uuid4(),
            document_number="ЗВ-000123",
            line_number=1,
            member_ref=uuid.uuid4(),
            accepted=False,
            problems=[{"code": "member_unknown", "message": "Член Профсоюза не найден в реестре."}],
        )
    )
    msg = db.scalars(select(OutboxMessage).where(OutboxMessage.card_id == card.id).limit(1)).one()
    msg.state, msg.last_error = OutboxState.DEAD, "HTTP 500 from 1C: internal error"
    upload = Upload(
        region_id=world["r77"].id,
        submitted_by=f"user:{world['reg77'].id}",
        filename="orders.csv",
        file_format="csv",
        content=b"x",
        state=UploadState.DONE,
        total_rows=2,
        processed_rows=2,
        accepted_rows=0,
        rejected_rows=1,
    )
    db.add(upload)
    db.flush()
    db.add(
        UploadRowResult(
            upload_id=upload.id,
            row_no=2,
            accepted=False,
            errors=[{"code": "member_unknown", "message": "Член Профсоюза не найден."}],
        )
    )
    for action in ru.AUDIT_ACTIONS:
        audit(db, action, actor=f"user:{world['admin'].id}", user_id=world["admin"].id, ip="127.0.0.1")
    audit(
        db,
        "batch_action",
        actor=f"user:{world['operator'].id}",
        user_id=world["operator"].id,
        target_type="batch",
        target_id=batch.id,
        details={"action": "start", "station": "main"},
        ip="127.0.0.1",
    )
    db.flush()
    order = db.get(CardOrder, card.order_id)
    assert order is not None
    return {"batch": batch, "card": card, "order": order, "upload": upload}


@pytest.fixture()
def world(world: dict[str, Any], db: Session) -> dict[str, Any]:
    from tests.factories import make_member

    world["m77b"] = make_member(db, world["p77"], surname="Смирнова", name="Анна")
    # People's names are data in Russian; the test users' default names carry their logins.
    for key, name in (("admin", "Админова"), ("operator", "Операторов"), ("auditor", "Аудиторова")):
        world[key].display_name = name
    world["reg77"].display_name = "Регионова"
    world["reg50"].display_name = "Областная"
    db.flush()
    return world


def _pages(filled: dict[str, Any], db: Session, central: bool) -> list[str]:
    card: Card = filled["card"]
    pages = [
        "/orders",
        "/orders/new",
        f"/orders/{filled['order'].public_id}",
        "/uploads",
        "/uploads/new",
        f"/uploads/{filled['upload'].public_id}",
        "/cards",
        f"/cards/{card.number}",
        "/cards/handout",
        "/packing-lists",
        "/reports",
        "/reports/costs",
        "/reports/costs?from=31.02.2026",
        "/password",
        "/no-such-page",
    ]
    if central:
        latest = max(b.id for b in db.scalars(select(filled["batch"].__class__)))
        user_id = db.scalar(select(User.id).limit(1))
        pages += [
            "/dashboard",
            "/batches",
            f"/batches/{filled['batch'].id}",
            f"/batches/{latest}",
            "/stations",
            "/search?q=иванова",
            f"/members/{card.member_id}",
            "/onec",
            "/onec?state=",
            "/onec/reconcile",
            "/onec/order-lines",
            "/onec/order-lines?show=late",
            "/admin/users",
            f"/admin/users/{user_id}",
            "/admin/tokens",
            "/admin/audit",
        ]
    return pages


# Machine endpoints and files, not pages people read.
NOT_PAGES = ("/api/", "/assets/", "/static/", "/metrics", "/healthz", "/readyz", "/favicon", "/logout")
FILE_SUFFIXES = (".json", ".csv", ".xlsx", ".pdf", ".png")


def every_page(app: Any) -> list[str]:
    """Every page of the app without arguments in its address, found from its routes, so a page
    added later is walked too."""
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or ())
        and not rule.arguments
        and not rule.rule.startswith(NOT_PAGES)
        and not rule.rule.endswith(FILE_SUFFIXES)
    )


@pytest.mark.parametrize("role", ["admin", "operator", "auditor", "reg77"])
def test_no_page_shows_latin_words(
    app: Any, login_as: Any, filled: dict[str, Any], db: Session, role: str
) -> None:
    client = login_as(role)
    found: dict[str, set[str]] = {}
    urls = dict.fromkeys([*_pages(filled, db, central=role != "reg77"), *every_page(app)])
    assert len(urls) >= 25
    for url in urls:
        resp = client.get(url)
        assert resp.status_code in (200, 302, 403, 404, 422), (url, resp.status_code)
        if resp.status_code == 302 or resp.mimetype != "text/html":
            continue  # a redirect's body is never shown; JSON answers machines
        words = latin_words(resp.text)
        if words:
            found[url] = words
    assert not found, found
    login_page = login_as(role).get("/login")  # logged in: redirected, so look at it logged out
    assert login_page.status_code in (200, 302)


def test_login_page_is_russian(app: Any) -> None:
    assert not latin_words(app.test_client().get("/login").text)


def test_the_check_finds_latin_words_and_skips_identifiers() -> None:
    html = (
        '<p>Этап: done <span class="mono">9643 0077</span> <b class="ident">main</b> PDF</p>'
        '<script>var x = "ignored";</script><button title="Start">Пуск</button><img src="a.png">'
        '<details><summary>ошибка</summary><span class="tech">ConnectionError</span></details>'
    )
    assert latin_words(html) == {"done", "Start"}


def test_every_reason_the_services_write_reads_as_russian() -> None:
    for reason in SERVICE_REASONS + ["min_size 100 reached", "waited over 72 h", "closed early by operator"]:
        words = ru.event_reason(reason, mark=lambda ident: "")  # a station's name is data
        assert words and not set(LATIN_WORD.findall(words)) - ALLOWED, (reason, words)
    assert ru.batch_formed_reason("min_size 100 reached", "user:2") == (
        "Сформирована оператором: набралось 100 заказов"
    )
    assert ru.batch_formed_reason("min_size 100 reached", "system:batching").startswith(
        "Сформирована автоматически"
    )
    assert ru.actor_text("user:2", {2: "Иванова И. И."}) == "Иванова И. И."
    assert ru.actor_text("station:main") == "станция печати «main»"
    assert ru.actor_text("1c") == "1С (синхронизация)"
