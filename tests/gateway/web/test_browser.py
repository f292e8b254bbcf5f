"""In a real browser (Chromium via Playwright) against the app on waitress, PostgreSQL and a real
Celery worker: login, a regional upload with errors, marking a card «Выдан», scoping by URL."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import select

from gateway.models import Card, CardState
from tests.gateway.web.browser import Site, log_in, seed_people, shot
from tests.gateway.web.helpers import order_cards, produce_batch

pytestmark = pytest.mark.browser


def test_login_good_bad_and_throttled(site: Site, page: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    # A lower limit keeps the test short; the rule itself is the same at any limit.
    monkeypatch.setattr(site.app.extensions["gateway.settings"].web, "login_max_failures_per_account", 3)
    seed_people(site)
    log_in(page, site, "operator", "wrong password")
    assert page.locator("[role=alert]").inner_text() == "Неверный логин или пароль."
    shot(page, "01-login-failed")
    limit = site.app.extensions["gateway.settings"].web.login_max_failures_per_account
    for _ in range(limit - 1):
        log_in(page, site, "operator", "wrong password")
    log_in(page, site, "operator")  # the right password, too late
    assert "Слишком много неудачных попыток входа" in page.locator("[role=alert]").inner_text()
    shot(page, "02-login-throttled")
    log_in(page, site, "reg77")
    page.wait_for_url(re.compile(r"/orders$"))
    assert "Заказы карт" in page.inner_text("h1")


def test_regional_upload_with_errors_and_report(site: Site, page: Any) -> None:
    people = seed_people(site)
    ivanova_ref = people["members"]["ivanova"][1]
    csv = (
        "Код 1С;Фамилия;Имя;Отчество;Дата рождения;Организация;Причина\n"
        f"{ivanova_ref};;;;;;первичный\n"
        ";Смирнов;Олег;Ильич;03.02.1975;P77;\n"
        ";Кузнецова;Анна;;01.01.1990;;\n"
        ";Петрова;Ольга;;04.03.1985;;\n"
        ";Никто;Никак;;31.02.1990;;\n"
    ).encode("cp1251")
    log_in(page, site, "reg77")
    page.goto(site.url + "/uploads/new")
    shot(page, "10-upload-form")
    page.set_input_files("#file", files=[{"name": "заказы.csv", "mimeType": "text/csv", "buffer": csv}])
    page.click("#upload-submit")
    # The progress box polls the status JSON and reloads the page once the worker is done.
    page.wait_for_function("document.querySelector('#upload-state').textContent.trim() === 'обработан'")
    assert page.inner_text("#accepted-rows") == "2"
    assert page.inner_text("#rejected-rows") == "3"
    report = page.inner_text("#report-rows")
    assert "согласи" in report.lower()  # Кузнецова gave no consent
    assert "не найден" in report.lower()  # Петрова is another region's member: reads as unknown
    # The rejected rows say what the file held, so they can be found and fixed.
    assert "Кузнецова Анна, 01.01.1990" in report and "Петрова Ольга, 04.03.1985" in report
    shot(page, "11-upload-report")
    page.click("text=Принятые строки")
    accepted = page.inner_text("#report-rows")
    assert "Смирнов Олег Ильич" in accepted and "Иванова Мария" in accepted
    shot(page, "12-upload-report-accepted")
    with page.expect_download() as info:
        page.click("#report-csv")
    content = info.value.path().read_bytes()
    assert content.startswith(b"\xef\xbb\xbf")
    lines = content.decode("utf-8-sig").splitlines()
    assert lines[0] == "Строка;Результат;Номер карты;Член Профсоюза;Данные строки в файле;Причина отказа"
    assert ";Смирнов Олег Ильич;" in lines[2] and ";Кузнецова Анна, 01.01.1990;" in lines[3]
    assert [line.split(";")[1] for line in lines[1:]] == [
        "принят",
        "принят",
        "отклонён",
        "отклонён",
        "отклонён",
    ]


def test_mark_card_issued_and_scoping(site: Site, page: Any) -> None:
    people = seed_people(site)
    settings = site.app.extensions["gateway.settings"]
    from gateway.models import Member

    with site.session() as s:
        members = [s.get(Member, people["members"][k][0]) for k in ("ivanova", "petrova")]
        order_cards(s, settings, members)  # type: ignore[arg-type]
        produce_batch(s, settings)
        numbers = {c.region_id: c.number for c in s.scalars(select(Card))}
    own, other = numbers[people["r77"]], numbers[people["r50"]]
    log_in(page, site, "reg77")
    page.goto(f"{site.url}/cards/{own}")
    shot(page, "20-card-before-handout")
    page.click("#mark-issued")
    assert "«Выдан»" in page.locator(".flash.ok").inner_text()
    shot(page, "21-card-issued")
    with site.session() as s:
        assert s.scalar(select(Card.state).where(Card.number == own)) is CardState.ISSUED
    # Another region's card, by URL: a plain 404 page with nothing of the card on it.
    response = page.goto(f"{site.url}/cards/{other}")
    assert response is not None and response.status == 404
    assert "Страница не найдена" in page.inner_text("main") and "Петрова" not in page.content()
    shot(page, "22-other-region-404")
    response = page.goto(f"{site.url}/dashboard")
    assert response is not None and response.status == 403


def test_screenshots_of_main_pages(site: Site, page: Any) -> None:
    people = seed_people(site)
    settings = site.app.extensions["gateway.settings"]
    from gateway.models import Member

    with site.session() as s:
        members = [s.get(Member, people["members"][k][0]) for k in ("ivanova", "smirnov", "petrova")]
        order_cards(s, settings, members)  # type: ignore[arg-type]
        batch = produce_batch(s, settings)
        batch_id = batch.id
        number = s.scalars(select(Card.number).limit(1)).one()
    log_in(page, site, "operator")
    for name, path in (
        ("30-dashboard", "/dashboard"),
        ("31-batches", "/batches"),
        ("32-batch", f"/batches/{batch_id}"),
        ("33-stations", "/stations"),
        ("34-search", "/search?q=Иванова"),
        ("35-card", f"/cards/{number}"),
        ("36-reports", "/reports"),
        ("37-costs", "/reports/costs"),
        ("38-onec", "/onec"),
        ("39-orders", "/orders"),
    ):
        response = page.goto(site.url + path)
        assert response is not None and response.status == 200, path
        if path.startswith("/cards/"):
            page.wait_for_function("document.querySelector('#card-face').naturalWidth > 0")
        shot(page, name)
    log_in(page, site, "admin")
    for name, path in (
        ("40-users", "/admin/users"),
        ("41-tokens", "/admin/tokens"),
        ("42-audit", "/admin/audit"),
    ):
        page.goto(site.url + path)
        shot(page, name)
    log_in(page, site, "reg77")
    for name, path in (
        ("50-regional-orders", "/orders"),
        ("51-order-form", "/orders/new?q=Иван"),
        ("52-handout", "/cards/handout"),
        ("53-regional-cards", "/cards"),
    ):
        page.goto(site.url + path)
        shot(page, name)


def test_pages_work_under_the_content_security_policy(site: Site, browser: Any) -> None:
    """Without Playwright's CSP bypass: the polling script runs, confirmations ask, nothing is
    blocked by the policy."""
    people = seed_people(site)
    settings = site.app.extensions["gateway.settings"]
    from gateway.batching.service import form_batches
    from gateway.models import Member, PrintBatch

    with site.session() as s:
        order_cards(s, settings, [s.get(Member, people["members"]["ivanova"][0])])  # type: ignore[list-item]
        (batch,) = form_batches(s, settings.batching, actor="test", force=True)
        batch_id = batch.id
    context = browser.new_context(viewport={"width": 1366, "height": 768})
    try:
        page = context.new_page()
        violations: list[str] = []
        page.on(
            "console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None
        )
        log_in(page, site, "operator")
        with page.expect_response(re.compile(rf"/batches/{batch_id}/progress\.json$")) as polled:
            page.goto(f"{site.url}/batches/{batch_id}")
        assert polled.value.json()["state"] == "formed"
        dialogs: list[str] = []

        def accept(dialog: Any) -> None:
            dialogs.append(dialog.message)
            dialog.accept()

        page.on("dialog", accept)
        page.click("#cancel-batch")
        assert "отменена" in page.locator(".flash.ok").inner_text()
        assert dialogs == ["Отменить партию? Ненапечатанные заказы вернутся в очередь."]
        assert violations == []
    finally:
        context.close()
    with site.session() as s:
        assert s.get(PrintBatch, batch_id).state.value == "cancelled"  # type: ignore[union-attr]
