"""Pause Python's cyclic garbage collector while a board's worth of facts is built.

Loading and evaluating thousands of drivers allocates millions of small frozen objects. None of
them form reference cycles (reference counting frees them), but each allocation burst makes the
cyclic collector rescan the whole, growing heap: measured on the 10,000-driver benchmark, that
was nearly half the time of the board. The collector runs again as soon as the block ends.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def collector_paused() -> Iterator[None]:
    # Only the block that found the collector on turns it back on, so nested or concurrent
    # blocks never leave it off.
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()
