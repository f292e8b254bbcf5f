"""The daily work in Chromium: the batch page follows the live state, dispatch asks first, a regional
user takes their own packing list (read back with pdftotext), a bad report date is a form error,
and screenshots of the pages added for it."""

from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from gateway.batching.service import form_batches
from gateway.lifecycle import transition
from gateway.models import BatchState, Card, Member, PrintBatch
from tests.gateway.web.browser import Site, log_in, seed_people, shot
from tests.gateway.web.helpers import order_cards, produce_batch

pytestmark = pytest.mark.browser


def _members(s: Any, people: dict[str, Any], *keys: str) -> list[Member]:
    return [s.get(Member, people["members"][k][0]) for k in keys]


def test_batch_page_follows_a_pause_made_elsewhere(site: Site, page: Any) -> None:
    people = seed_people(site)
    settings = site.app.extensions["gateway.settings"]
    with site.session() as s:
        order_cards(s, settings, _members(s, people, "ivanova", "smirnov"))
        (batch,) = form_batches(s, settings.batching, actor="test", force=True)
        transition(s, batch, BatchState.PRINTING, actor="test")
        batch_id = batch.id
    log_in(page, site, "operator")
    page.goto(f"{site.url}/batches/{batch_id}")
    assert "Печатается" in page.inner_text("h1")
    assert page.locator("#pause-batch").count() == 1
    # The station (or another operator) pauses the batch while this page is open.
    with site.session() as s:
        batch = s.get(PrintBatch, batch_id)
        assert batch is not None
        transition(s, batch, BatchState.PAUSED, actor="station:main", reason="out_of_cards")
        batch.pause_reason = "В принтере закончились заготовки карт. Загрузите карты в подающий лоток."
    page.wait_for_selector("#resume-batch", timeout=15_000)
    assert "Приостановлена" in page.inner_text("h1")
    assert page.locator("#pause-batch").count() == 0
    assert "закончились заготовки" in page.inner_text("#batch-progress")
    shot(page, "70-batch-paused-live")


def test_dispatch_asks_first_and_the_batch_reads_feminine(site: Site, page: Any) -> None:
    people = seed_people(site)
    settings = site.app.extensions["gateway.settings"]
    with site.session() as s:
        order_cards(s, settings, _members(s, people, "ivanova", "smirnov", "petrova"))
        batch_id = produce_batch(s, settings, dispatch=False).id
    log_in(page, site, "operator")
    page.goto(f"{site.url}/batches/{batch_id}")
    assert "Изготовлена" in page.inner_text("h1")
    assert page.locator("#print-pdf").count() == 1
    questions: list[str] = []
    page.once("dialog", lambda d: (questions.append(d.message), d.dismiss()))
    page.click("#dispatch-batch")
    assert questions and "Отправить партию" in questions[0] and "(3 карт)" in questions[0]
    with site.session() as s:
        assert s.get(PrintBatch, batch_id).state is BatchState.PRODUCED  # type: ignore[union-attr]
    page.once("dialog", lambda d: d.accept())
    page.click("#dispatch-batch")
    page.wait_for_selector(".flash.ok")
    assert "Отправлена в регион" in page.inner_text("h1")
    shot(page, "71-batch-dispatched")
    with page.expect_download() as download:
        page.click("#print-pdf")
    assert download.value.suggested_filename == f"batch-{batch_id}.pdf"


def test_regional_user_takes_their_packing_list(site: Site, page: Any, tmp_path: Path) -> None:
    people = seed_people(site)
    settings = site.app.extensions["gateway.settings"]
    with site.session() as s:
        order_cards(s, settings, _members(s, people, "ivanova", "smirnov", "petrova"))
        batch_id = produce_batch(s, settings).id
    log_in(page, site, "reg77")
    page.click("text=Описи")
    page.wait_for_url(re.compile(r"/packing-lists$"))
    table = page.inner_text("#packing-lists")
    assert "Московская городская" in table and "Московская областная" not in table
    shot(page, "72-regional-packing-lists")
    with page.expect_download() as download:
        page.click(".packing-pdf")
    pdf = tmp_path / "list.pdf"
    download.value.save_as(pdf)
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True)
    assert "Смирнов Олег Ильич" in text.stdout and "Иванова Мария" in text.stdout
    assert "Петрова" not in text.stdout
    # Another region's list is not there for this user.
    response = page.goto(f"{site.url}/batches/{batch_id}/packing/50.pdf")
    assert response is not None and response.status == 404


def test_bad_report_date_is_a_form_error_next_to_the_field(site: Site, page: Any) -> None:
    seed_people(site)
    log_in(page, site, "operator")
    page.goto(f"{site.url}/reports/costs")
    page.fill("#date-from", "31.02.2026")
    page.click("form.filters button[type=submit]")
    error = page.locator("#from-error")
    assert error.is_visible() and "ДД.ММ.ГГГГ" in error.inner_text()
    assert page.get_attribute("#date-from", "aria-invalid") == "true"
    assert page.input_value("#date-from") == "31.02.2026"
    shot(page, "73-costs-bad-date")


def test_screenshots_of_the_added_pages(site: Site, page: Any) -> None:
    people = seed_people(site)
    settings = site.app.extensions["gateway.settings"]
    with site.session() as s:
        order_cards(s, settings, _members(s, people, "ivanova", "smirnov", "petrova"))
        produce_batch(s, settings)
        number = s.scalars(select(Card.number).limit(1)).one()
    log_in(page, site, "operator")
    for name, path in (
        ("74-card-faces", f"/cards/{number}"),
        ("75-onec-order-lines", "/onec/order-lines"),
        ("76-onec-reconcile", "/onec/reconcile"),
        ("77-packing-lists", "/packing-lists"),
    ):
        response = page.goto(site.url + path)
        assert response is not None and response.status == 200, path
        if name == "74-card-faces":
            page.wait_for_function("document.querySelector('#card-back').naturalWidth > 0")
            front = page.locator("#card-face").bounding_box()
            back = page.locator("#card-back").bounding_box()
            assert abs(front["width"] / front["height"] - 85.6 / 53.98) < 0.02  # card proportions
            assert (
                back["x"] >= front["x"] + front["width"] + 8 or back["y"] >= front["y"] + front["height"] + 8
            )
        shot(page, name)
