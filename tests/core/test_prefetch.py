"""The read-ahead thread behind export and search: errors reach the consumer, and a consumer
that stops early never waits on a worker that has nobody to hand its result to."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import pytest

from kern_core.exporting import prefetch


def _batches(fail_after: int) -> Iterator[int]:
    yield from range(fail_after)
    raise RuntimeError("the database went away")


def test_a_producer_error_reaches_the_consumer_after_the_good_batches() -> None:
    seen = []
    with pytest.raises(RuntimeError, match="went away"):
        for batch in prefetch(_batches(5)):
            seen.append(batch)
    assert seen == [0, 1, 2, 3, 4]


def test_a_consumer_that_stops_early_is_not_held_by_a_failing_producer() -> None:
    """The producer has filled the buffer and fails as the consumer stops reading: closing
    the consumer must still end (before, the worker blocked forever handing the error over,
    and the consumer waited for the worker)."""
    buffered = threading.Event()
    closing = threading.Event()
    ended = threading.Event()

    def batches() -> Iterator[int]:
        yield 0
        yield 1
        buffered.set()  # the worker has handed 1 over: the buffer is full
        closing.wait()
        raise RuntimeError("the database went away")

    def consume() -> None:
        reader = prefetch(batches(), depth=1)
        assert next(reader) == 0
        buffered.wait()
        closing.set()
        reader.close()
        ended.set()

    consumer = threading.Thread(target=consume, daemon=True)
    consumer.start()
    assert ended.wait(timeout=60), "closing the reader waited on the worker forever"
