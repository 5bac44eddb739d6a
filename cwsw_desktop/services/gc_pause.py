"""Python's cycle collector paused while a burst of objects is made (what is due, the Overview,
a pupil import), then put back as it was.

Such a burst makes tens of thousands of objects (rows, facts, records, duties) that form no
cycles, and the collector, woken every 700 allocations, walks every live object again and again:
over a tenth of "what is due" and about 15% of a 5,000-row import, for nothing. Reference
counting still frees everything; what the collector would have freed is freed at its next run.
It is only switched back on if it was on, so nested or concurrent uses never leave it off."""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def no_cycle_collection() -> Iterator[None]:
    """The collector paused inside the block (or the decorated function)."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()
