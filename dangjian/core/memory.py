"""Memory management for bulk jobs."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    """Pause Python's cyclic garbage collector for the duration of a bulk job.

    An import builds millions of small objects that all live until it ends; the collector would
    walk them again and again without freeing any (a tenth of a 100,000-row import). Reference
    counting still frees everything else, and the collector runs again afterwards.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
