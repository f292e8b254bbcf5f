"""Browser-test plumbing: the app served by waitress in a thread (real commits, a real Celery
worker on RabbitMQ), Debian's Chromium driven by Playwright, committed demo data, screenshots."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

from gateway.db.session import unit_of_work
from gateway.models import Role
from tests.factories import make_member, make_primary, make_region
from tests.gateway.web.support import PASSWORD, make_user

ROOT = Path(__file__).resolve().parents[3]
SCREENSHOTS = ROOT / "artifacts" / "screenshots"
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]


@dataclass
class Site:
    url: str
    app: Any

    def session(self) -> Any:
        return unit_of_work(self.app.extensions["gateway.sessionmaker"])


@pytest.fixture()
def site(worker_app: Any) -> Iterator[Site]:
    """``worker_app`` (tables emptied, worker running) served over real HTTP by waitress."""
    from waitress.server import create_server

    server = create_server(worker_app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, name="waitress", daemon=True)
    thread.start()
    yield Site(f"http://127.0.0.1:{server.effective_port}", worker_app)
    server.close()


@pytest.fixture(scope="session")
def browser() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    if not Path(CHROMIUM).exists():
        pytest.fail(f"Chromium not found at {CHROMIUM}: install Debian's chromium (./test.sh does)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser: Any) -> Iterator[Any]:
    # A laptop screen: the pages must be usable at 1366×768.
    # bypass_csp: Playwright evaluates its wait conditions as strings, which the pages' CSP forbids.
    context = browser.new_context(
        viewport={"width": 1366, "height": 768}, locale="ru-RU", accept_downloads=True, bypass_csp=True
    )
    context.set_default_timeout(15_000)
    p = context.new_page()
    yield p
    context.close()


def shot(page: Any, name: str) -> None:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)


def seed_people(site: Site) -> dict[str, Any]:
    """Two regions, a few members, a user of every role, committed."""
    with site.session() as s:
        r77 = make_region(s, "77", "Московская городская организация")
        r50 = make_region(s, "50", "Московская областная организация")
        p77, p50 = make_primary(s, r77, "P77"), make_primary(s, r50, "P50")
        members = {
            "ivanova": make_member(s, p77, surname="Иванова", name="Мария", birth_date=dt.date(1980, 5, 17)),
            "smirnov": make_member(
                s, p77, surname="Смирнов", name="Олег", patronymic="Ильич", birth_date=dt.date(1975, 2, 3)
            ),
            "noconsent": make_member(
                s,
                p77,
                surname="Кузнецова",
                name="Анна",
                patronymic=None,
                consent=False,
                birth_date=dt.date(1990, 1, 1),
            ),
            "petrova": make_member(s, p50, surname="Петрова", name="Ольга", birth_date=dt.date(1985, 3, 4)),
        }
        for login, role, region in (
            ("admin", Role.ADMIN, None),
            ("operator", Role.OPERATOR, None),
            ("auditor", Role.AUDITOR, None),
            ("reg77", Role.REGIONAL, r77),
            ("reg50", Role.REGIONAL, r50),
        ):
            make_user(s, login, role, region)
        return {
            "r77": r77.id,
            "r50": r50.id,
            "members": {k: (m.id, str(m.onec_ref)) for k, m in members.items()},
        }


def log_in(page: Any, site: Site, login: str, password: str = PASSWORD) -> None:
    page.context.clear_cookies()  # a fresh, logged-out browser session
    page.goto(site.url + "/login")
    page.fill("#login", login)
    page.fill("#password", password)
    page.click("#login-submit")
