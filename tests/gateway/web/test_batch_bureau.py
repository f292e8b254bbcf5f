"""The batch page's bureau section: send a formed batch to a bureau (the package downloads), upload
the bureau's manifest, see a foreign manifest refused in Russian with nothing changed."""

from __future__ import annotations

import io
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from kombu import Queue
from sqlalchemy import select
from sqlalchemy.orm import Session

from card_printing.payload import generate_private_key, private_key_pem
from gateway.models import BatchState, Card, CardState, PrintBatch
from gateway.printing.keys import signing_key
from tests.conftest import ROLLBACK_QUEUE, make_test_settings
from tests.gateway.printing.bureau_standin import StandInBureau
from tests.gateway.web.conftest import post_form
from tests.gateway.web.helpers import order_cards

BUREAU = StandInBureau("acme")


@pytest.fixture()
def app(session_factory: Any, tmp_path: Path) -> Iterator[Any]:
    from gateway.app import create_app

    key = tmp_path / "card-signing.pem"
    key.write_bytes(private_key_pem(generate_private_key()))
    application = create_app(
        make_test_settings(
            printing={"signing_key_path": str(key), "bureaus": {"acme": BUREAU.settings_entry()}}
        )
    )
    application.extensions["gateway.sessionmaker"] = session_factory
    application.config["TESTING"] = True
    celery = application.extensions["celery"]
    celery.conf.task_default_queue = ROLLBACK_QUEUE
    celery.conf.task_queues = [Queue(ROLLBACK_QUEUE)]
    yield application
    application.extensions["gateway.engine"].dispose()


def test_send_to_bureau_and_import_its_manifest_from_the_batch_page(
    app: Any, login_as: Any, db: Session, settings: Any, world: dict[str, Any]
) -> None:
    from gateway.batching.service import form_batches

    order_cards(db, settings, [world["m77"], world["m50"]])
    (batch,) = form_batches(db, settings.batching, actor="test", force=True)
    db.commit()
    client = login_as("operator")
    page_url = f"/batches/{batch.id}"
    assert 'id="bureau-export"' in client.get(page_url).text

    sent = post_form(client, f"/batches/{batch.id}/bureau/export", {"bureau": "acme"}, page_url=page_url)
    assert sent.status_code == 200 and sent.data.startswith(b"EPBX1\n")
    assert "attachment" in sent.headers["Content-Disposition"]
    union_key = signing_key(app.extensions["gateway.settings"]).public_key()
    manifest, _ = BUREAU.produce(sent.data, union_key)
    foreign, _ = BUREAU.produce(sent.data, union_key, signer=generate_private_key())

    def upload(data: bytes) -> Any:
        return post_form(
            client,
            f"/batches/{batch.id}/bureau/manifest",
            {"manifest": (io.BytesIO(data), "manifest.epbm")},
            page_url=page_url,
            content_type="multipart/form-data",
            follow_redirects=True,
        )

    refused = upload(foreign)
    assert "Манифест не подписан ключом бюро «acme»" in refused.text
    db.expire_all()
    assert {c.state for c in db.scalars(select(Card).where(Card.batch_id == batch.id))} == {
        CardState.PRINTING
    }

    done = upload(manifest)
    assert "Манифест загружен: изготовлено 2, испорчено 0." in done.text and "загружен " in done.text
    db.expire_all()
    assert db.get(PrintBatch, batch.id).state is BatchState.PRODUCED
