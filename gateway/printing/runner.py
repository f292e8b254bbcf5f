"""``gateway station --name X``: the Celery worker of one print station.

Start-up order matters: recovery runs before the worker consumes anything, so a card the previous
process left mid-way is marked ``needs_inspection`` (and its batch paused) before a redelivered
message could touch the printer again. The worker uses the solo pool: one card at a time, in this
process, which is also what a physical printer allows.
"""

from __future__ import annotations

import logging
import socket
import threading

from gateway.db import unit_of_work
from gateway.printing.devices import station_settings
from gateway.printing.station import heartbeat, queue_name
from gateway.printing.worker import close_devices, recover_station
from gateway.settings import Settings

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10.0


def _beat(factory, name: str, stop: threading.Event) -> None:  # type: ignore[no-untyped-def]
    while not stop.wait(HEARTBEAT_SECONDS):
        try:
            with unit_of_work(factory) as session:
                heartbeat(session, name)
        except Exception:  # the database may be restarting: the next beat will tell
            log.warning("station %s: heartbeat failed", name, exc_info=True)


def run_station(settings: Settings, name: str, celery_args: list[str]) -> int:
    from gateway.app import create_app
    from gateway.printing import tasks

    station_settings(settings, name)  # fail early, naming the configured stations
    app = create_app(settings)
    factory = app.extensions["gateway.sessionmaker"]
    host = socket.gethostname()
    with app.app_context(), unit_of_work(factory) as session:
        left = recover_station(session, settings, name, host)
    if left:
        log.warning("station %s: %d card(s) need inspection after a restart", name, len(left))
    tasks.SERVING["station"] = name
    stop = threading.Event()
    threading.Thread(target=_beat, args=(factory, name, stop), daemon=True, name="station-heartbeat").start()
    celery = app.extensions["celery"]
    try:
        celery.worker_main(["worker", "--loglevel=INFO", "-Q", queue_name(name), "--pool", "solo",
                            "-n", f"station-{name}@{host}", *celery_args])
    finally:
        stop.set()
        close_devices()
    return 0
