"""Memory management for the bulk jobs (file intake, full sync)."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def cycle_collection_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration of a bulk job.

    A 100,000-row file or a million-member sync makes hundreds of thousands of short-lived rows,
    records and results. They form no reference cycles (reference counting frees them), yet their
    sheer number kept triggering the collector's full passes over every live object: a fifth of
    an upload's time. Whatever cycles the job does make are collected when the pause ends.
    Process-wide: a Celery worker process runs one such job at a time.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
