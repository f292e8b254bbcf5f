"""``gateway station --name X``: the Celery worker of one print station.

Start-up order matters: the process first takes the station's lock, so a second process started
for the same station (another terminal, another host) stops at once instead of "recovering" the
card the first one is printing; then recovery runs before the worker consumes anything, so a card
the previous process left mid-way is marked ``needs_inspection`` (and its batch paused) before a
redelivered message could touch the printer again. The worker uses the solo pool: one card at a
time, in this process, which is also what a physical printer allows.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from contextlib import ExitStack

from sqlalchemy import Engine

from gateway.db import unit_of_work
from gateway.locks import SyncBusy, exclusive, renew
from gateway.printing.devices import station_settings
from gateway.printing.station import heartbeat, queue_name
from gateway.printing.worker import close_devices, recover_station
from gateway.settings import Settings

log = logging.getLogger(__name__)

HEARTBEAT_SECONDS = 10.0


# The SQLite lock row outlives a killed station by this much; the heartbeat renews it.
LOCK_TTL_MINUTES = 2.0
LOCK_WAIT_SECONDS = 5.0


class StationBusy(RuntimeError):
    """Another process already serves this station."""


def station_lock_name(name: str) -> str:
    return f"print-station:{name}"


def _take_station_lock(stack: ExitStack, engine: Engine, name: str) -> None:
    """Take the station's lock onto ``stack``, waiting a few seconds for it: a station restarted
    right after being killed may find its old database session not gone yet."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            stack.enter_context(exclusive(engine, station_lock_name(name), LOCK_TTL_MINUTES))
            return
        except SyncBusy:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.5)


def _beat(factory, engine, name: str, stop: threading.Event) -> None:  # type: ignore[no-untyped-def]
    while not stop.wait(HEARTBEAT_SECONDS):
        try:
            with unit_of_work(factory) as session:
                heartbeat(session, name)
            renew(engine, station_lock_name(name), LOCK_TTL_MINUTES)
        except Exception:  # the database may be restarting: the next beat will tell
            log.warning("station %s: heartbeat failed", name, exc_info=True)


def run_station(settings: Settings, name: str, celery_args: list[str]) -> int:
    from gateway.app import create_app
    from gateway.printing import tasks

    station_settings(settings, name)  # fail early, naming the configured stations
    app = create_app(settings)
    factory = app.extensions["gateway.sessionmaker"]
    engine = app.extensions["gateway.engine"]
    host = socket.gethostname()
    with ExitStack() as stack:
        try:
            _take_station_lock(stack, engine, name)
        except SyncBusy as exc:
            log.error("station %s is already served by another process (%s): not starting", name, exc.holder)
            raise StationBusy(
                f"Станция «{name}» уже работает в другом процессе ({exc.holder or 'неизвестно где'}). "
                "Остановите его или запустите эту станцию под другим именем."
            ) from None
        with app.app_context(), unit_of_work(factory) as session:
            left = recover_station(session, settings, name, host)
        if left:
            log.warning("station %s: %d card(s) need inspection after a restart", name, len(left))
        tasks.SERVING["station"] = name
        stop = threading.Event()
        threading.Thread(
            target=_beat, args=(factory, engine, name, stop), daemon=True, name="station-heartbeat"
        ).start()
        celery = app.extensions["celery"]
        try:
            celery.worker_main(["worker", "--loglevel=INFO", "-Q", queue_name(name), "--pool", "solo",
                                "-n", f"station-{name}@{host}", *celery_args])
        finally:
            stop.set()
            close_devices()
    return 0
