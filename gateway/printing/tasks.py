"""The station's Celery task: one message per card on queue ``station.<name>``.

One message per card rather than one per batch: a batch takes hours on a real printer, and a
message held unacknowledged that long would hit the broker's delivery timeout (RabbitMQ's
``consumer_timeout``, 30 min by default) and be redelivered mid-batch.
"""

from __future__ import annotations

import logging

from celery import shared_task
from flask import current_app

from gateway.printing.worker import run_station_step

log = logging.getLogger(__name__)

# Set by ``gateway station --name X``: a worker refuses messages for another station's printer.
SERVING: dict[str, str | None] = {"station": None}


@shared_task(name="gateway.printing.station_step")
def station_step(station: str, batch_id: int, token: str) -> str | None:
    serving = SERVING["station"]
    if serving is not None and serving != station:
        log.error("worker of station %s got a message for station %s: dropped", serving, station)
        return None
    return run_station_step(
        current_app.extensions["gateway.sessionmaker"],
        current_app.extensions["gateway.settings"],
        station,
        batch_id,
        token,
    )
