"""Read the next page from 1C while the current one is written to the database.

A full sync alternates two waits: 1C producing a page (HTTP + JSON) and PostgreSQL upserting the
previous one. Both release the GIL, so one reader thread running ahead by ``depth`` pages lets
them overlap. Memory stays bounded (``depth`` + 2 pages); the order of pages is kept, so the
checkpoint of each committed page still means "everything up to here is in".

The reader thread is the only user of the registry's HTTP session while the iteration runs.
Closing the iterator (or an exception in the consumer) stops the reader and closes the source.
"""

from __future__ import annotations

import queue
import threading
from collections.abc import Iterable, Iterator
from typing import TypeVar, cast

T = TypeVar("T")

_DONE = object()
_POLL_SECONDS = 0.2  # how often a blocked reader checks whether the consumer went away


class _Failure:
    def __init__(self, exc: BaseException) -> None:
        self.exc = exc


def prefetched(source: Iterable[T], depth: int = 1) -> Iterator[T]:
    """Yield the items of ``source`` in order, produced by a background thread ``depth`` ahead."""
    slots: queue.Queue[object] = queue.Queue(maxsize=depth)
    stop = threading.Event()

    def offer(item: object) -> bool:
        while not stop.is_set():
            try:
                slots.put(item, timeout=_POLL_SECONDS)
                return True
            except queue.Full:
                continue
        return False

    def read() -> None:
        it = iter(source)
        try:
            for item in it:
                if not offer(item):
                    return
            offer(_DONE)
        except BaseException as exc:  # handed to the consumer, which re-raises it in its thread
            offer(_Failure(exc))
        finally:
            close = getattr(it, "close", None)
            if close is not None:
                close()

    reader = threading.Thread(target=read, name="onec-prefetch", daemon=True)
    reader.start()
    try:
        while True:
            item = slots.get()
            if item is _DONE:
                return
            if isinstance(item, _Failure):
                raise item.exc
            yield cast(T, item)  # the queue holds the source's items besides the two markers
    finally:
        stop.set()
        reader.join()
