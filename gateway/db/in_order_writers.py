"""Chunks written by parallel sessions but committed in the order they were produced.

A bulk job (a large upload, the members stage of a full sync) reads and prepares its chunks in one
thread; with one writer PostgreSQL then works on one core while the other waits. Here up to
``writers`` chunks are written at once, each by a thread with its own session (connection), yet a
job commits only after the job before it has committed. So the committed chunks are always a
prefix of the input — what a resume after a crash relies on — and a failed job keeps every later
one from committing (they re-raise its error instead). Each job also gets the previous job's
result, which lets it carry running totals forward in commit order.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from types import TracebackType
from typing import Generic, TypeVar

from sqlalchemy.orm import Session, sessionmaker

T = TypeVar("T")

# job(session, previous) → result. ``previous()`` blocks until the previous job has committed and
# returns its result (``None`` for the first job); call it just before committing.
Job = Callable[[Session, Callable[[], T | None]], T]


class InOrderWriters(Generic[T]):
    """``with InOrderWriters(factory, 2) as w: w.submit(job) …; last = w.drain()``."""

    def __init__(self, factory: sessionmaker[Session], writers: int, name: str = "writer") -> None:
        self.factory = factory
        self.writers = max(1, writers)
        self._pool = ThreadPoolExecutor(max_workers=self.writers, thread_name_prefix=name)
        self._in_flight: deque[Future[T]] = deque()
        self._last: Future[T] | None = None

    def submit(self, job: Job[T]) -> None:
        """Queue ``job``; blocks while ``writers`` jobs are already in flight (bounded memory).
        Raises the error of an earlier job that failed."""
        while len(self._in_flight) >= self.writers:
            self._in_flight.popleft().result()
        previous = self._last

        def wait_previous() -> T | None:
            return previous.result() if previous is not None else None

        def run() -> T:
            with self.factory() as session:
                return job(session, wait_previous)

        self._last = self._pool.submit(run)
        self._in_flight.append(self._last)

    def drain(self) -> T | None:
        """Wait for every job; return the last one's result (``None`` if there was none)."""
        while self._in_flight:
            self._in_flight.popleft().result()
        return self._last.result() if self._last is not None else None

    def __enter__(self) -> InOrderWriters[T]:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        # On an error in the producing thread the jobs already queued still finish (and commit
        # in order: they hold valid chunks); nothing new is started.
        self._pool.shutdown(wait=True)
