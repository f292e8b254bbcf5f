"""The stations page shows the ribbon and blank cards a real IPP printer (ippeveprinter) reports, and
warns when the batch waiting for the station will not fit in what is left."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kombu import Queue
from sqlalchemy.orm import Session

from gateway.printing.supplies import clear_cache
from tests.adapters.printers.test_ipp_printer import _set_levels, ippeve  # noqa: F401  (the fixture)
from tests.conftest import ROLLBACK_QUEUE, make_test_settings
from tests.gateway.web.helpers import order_cards

pytestmark = pytest.mark.ipp


@pytest.fixture()
def app(session_factory: Any, ippeve: tuple[str, Path]) -> Iterator[Any]:  # noqa: F811
    from gateway.app import create_app

    uri, _ = ippeve
    application = create_app(
        make_test_settings(
            printing={
                "stations": {
                    "desk": {
                        "printer": {
                            "kind": "ipp",
                            "uri": uri,
                            "ribbon_capacity_prints": 200,
                            "timeout_seconds": 3,
                        },
                        "encoder": {"kind": "none"},
                    }
                }
            }
        )
    )
    application.extensions["gateway.sessionmaker"] = session_factory
    application.config["TESTING"] = True
    celery = application.extensions["celery"]
    celery.conf.task_default_queue = ROLLBACK_QUEUE
    celery.conf.task_queues = [Queue(ROLLBACK_QUEUE)]
    clear_cache()
    yield application
    clear_cache()
    application.extensions["gateway.engine"].dispose()


def test_stations_page_warns_when_the_next_batch_will_not_fit(
    app: Any, login_as: Any, db: Session, world: dict[str, Any]
) -> None:
    from gateway.batching.service import form_batches

    settings = app.extensions["gateway.settings"]
    uri = settings.printing.stations["desk"].printer.uri
    order_cards(db, settings, [world["m77"], world["m50"]])
    (batch,) = form_batches(db, settings.batching, actor="test", force=True)
    db.commit()
    client = login_as("operator")

    _set_levels(uri, ribbon=1, cards=0)  # 1 % of 200 prints: 2 cards of ribbon, an empty hopper
    page = client.get("/stations").text
    assert 'data-ribbon="1"' in page and 'data-cards="0"' in page
    assert f"Партия № {batch.id}: Заготовок в лотке 0, а партии нужно ещё 2: доложите карты." in page
    assert "supply-warning" in page and page.count("supply-warning") == 1  # the ribbon holds 2 cards

    clear_cache()
    _set_levels(uri, ribbon=75, cards=250)
    page = client.get("/stations").text
    assert 'data-ribbon="75"' in page and "≈ 150 карт" in page and "supply-warning" not in page
