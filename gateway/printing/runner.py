"""``gateway station --name X``: the Celery worker of one print station.

Start-up order matters: the process first takes the station's lock, so a second process started
for the same station (another terminal, another host) stops at once instead of "recovering" the
card the first one is printing; then recovery runs before the worker consumes anything, so a card
the previous process left mid-way is marked ``needs_inspection`` (and its batch paused) before a
redelivered message could touch the printer again. The worker uses the solo pool: one card at a
time, in this process, which is also what a physical printer allows.

The heartbeat thread also watches the lock: when its database connection is gone (killed, a
network cut) the process stops (warm shutdown: the card in hand is finished, its outcome is not
written because every transaction checks the lock first), so a second station started elsewhere
is the only one that writes. It also records an outcome a database error held back.
"""

from __future__ import annotations

import logging
import socket
import threading
import time
from contextlib import ExitStack

from sqlalchemy import Engine

from gateway.db.locks import Lease, LockBusy, LockLost, exclusive
from gateway.db.session import unit_of_work
from gateway.printing.devices import station_settings
from gateway.printing.station import heartbeat, queue_name
from gateway.printing.worker import LEASES, close_devices, record_unrecorded, recover_station, stop_serving
from gateway.settings import Settings

log = logging.getLogger(__name__)

# Six beats within the time after which a station is shown offline (60 s → every 10 s).
BEATS_PER_STALE = 6


# The SQLite lock row outlives a killed station by this much; the heartbeat renews it.
LOCK_TTL_MINUTES = 2.0
LOCK_WAIT_SECONDS = 5.0


class StationBusy(RuntimeError):
    """Another process already serves this station."""


def station_lock_name(name: str) -> str:
    return f"print-station:{name}"


def _take_station_lock(stack: ExitStack, engine: Engine, name: str) -> Lease:
    """Take the station's lock onto ``stack``, waiting a few seconds for it: a station restarted
    right after being killed may find its old database session not gone yet."""
    deadline = time.monotonic() + LOCK_WAIT_SECONDS
    while True:
        try:
            return stack.enter_context(exclusive(engine, station_lock_name(name), LOCK_TTL_MINUTES))
        except LockBusy:
            if time.monotonic() >= deadline:
                raise
            time.sleep(0.5)


def _beat(factory, lease: Lease, name: str, every: float, stop: threading.Event) -> None:  # type: ignore[no-untyped-def]
    while not stop.wait(every):
        try:
            lease.renew()
            with unit_of_work(factory) as session:
                lease.check(session)
                heartbeat(session, name)
            record_unrecorded(name)
        except LockLost:
            stop_serving(name)
            return
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
            lease = _take_station_lock(stack, engine, name)
        except LockBusy as exc:
            log.error("station %s is already served by another process (%s): not starting", name, exc.holder)
            raise StationBusy(
                f"Станция «{name}» уже работает в другом процессе ({exc.holder or 'неизвестно где'}). "
                "Остановите его или запустите эту станцию под другим именем."
            ) from None
        LEASES[name] = lease
        stack.callback(LEASES.pop, name, None)
        with app.app_context(), unit_of_work(factory) as session:
            lease.check(session)
            left = recover_station(session, settings, name, host)
        if left:
            log.warning("station %s: %d card(s) need inspection after a restart", name, len(left))
        tasks.SERVING["station"] = name
        stop = threading.Event()
        every = settings.printing.heartbeat_stale_seconds / BEATS_PER_STALE
        threading.Thread(
            target=_beat, args=(factory, lease, name, every, stop), daemon=True, name="station-heartbeat"
        ).start()
        celery = app.extensions["celery"]
        try:
            celery.worker_main(
                [
                    "worker",
                    "--loglevel=INFO",
                    "-Q",
                    queue_name(name),
                    "--pool",
                    "solo",
                    "-n",
                    f"station-{name}@{host}",
                    *celery_args,
                ]
            )
        finally:
            stop.set()
            close_devices()
    return 0
