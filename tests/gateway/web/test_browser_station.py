"""An operator runs a batch to the end from the browser: a real station process (Celery on
RabbitMQ) with the spool printer and the virtual card in the real PC/SC stack (pcscd + vpcd)."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from gateway.models import BatchState, Card, CardState, PrintBatch, Role
from tests.gateway.printing.conftest import make_batch, signing_key_file, station  # noqa: F401
from tests.gateway.web.browser import Site, log_in, shot
from tests.gateway.web.support import make_user

pytestmark = [pytest.mark.browser, pytest.mark.pcsc]


def test_operator_runs_a_batch_to_the_end(site: Site, page: Any, request: pytest.FixtureRequest) -> None:
    proc = request.getfixturevalue("station")
    demo = make_batch(site.app, {"77": 2, "50": 1})
    with site.session() as s:
        make_user(s, "operator", Role.OPERATOR)
    proc.start()
    log_in(page, site, "operator")
    page.goto(f"{site.url}/batches/{demo.batch_id}")
    page.select_option("#station", "main")
    page.click("#start-batch")
    assert "запущена на станции «main»" in page.locator(".flash.ok").inner_text()
    shot(page, "60-batch-printing")
    # The progress bar polls the JSON endpoint; the page reloads itself when the batch is done.
    page.wait_for_function(
        "document.querySelector('#batch-state') && document.querySelector('#batch-state').textContent.trim() === 'Изготовлена'",
        timeout=90_000,
    )
    assert page.inner_text("#batch-done") == "3"
    shot(page, "61-batch-produced")
    # Three blanks drawn, three cards made: the stock report balances and is signed off first.
    page.fill("#stock-drawn-input", "3")
    page.click("#stock-sign-off")
    assert "подписан" in page.locator(".flash.ok").inner_text()
    page.once("dialog", lambda dialog: dialog.accept())  # «Отправить партию … в регионы?»
    page.click("#dispatch-batch")
    assert "отправлена в регионы: карт 3" in page.locator(".flash.ok").inner_text()
    shot(page, "62-batch-dispatched")
    with site.session() as s:
        batch = s.get(PrintBatch, demo.batch_id)
        assert batch is not None and batch.state is BatchState.DISPATCHED
        cards = list(s.scalars(select(Card).where(Card.batch_id == demo.batch_id)))
        assert {c.state for c in cards} == {CardState.DISPATCHED}
        assert all(c.chip_uid and c.station == "main" for c in cards)
    page.goto(f"{site.url}/stations")
    shot(page, "63-stations")
    assert "main" in page.inner_text("main")
