"""The read-ahead of the full sync: order kept, errors re-raised in the consumer, reader stopped."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from gateway.sync.prefetch import prefetched


def test_items_arrive_in_order() -> None:
    assert list(prefetched(iter(range(50)))) == list(range(50))


def test_a_failing_source_fails_the_consumer_after_the_items_before_it() -> None:
    def source() -> Iterator[int]:
        yield 1
        yield 2
        raise ConnectionError("1C went away")

    got: list[int] = []
    with pytest.raises(ConnectionError, match="1C went away"):
        for item in prefetched(source()):
            got.append(item)
    assert got == [1, 2]


def test_a_consumer_that_stops_early_stops_the_reader_and_closes_the_source() -> None:
    produced: list[int] = []
    closed = threading.Event()

    def source() -> Iterator[int]:
        try:
            for i in range(1000):
                produced.append(i)
                yield i
        finally:
            closed.set()

    it = prefetched(source())
    assert next(it) == 0
    it.close()  # joins the reader
    assert closed.is_set()
    assert len(produced) <= 3  # the reader ran at most two items ahead of the consumer
    assert not any(t.name == "onec-prefetch" and t.is_alive() for t in threading.enumerate())
