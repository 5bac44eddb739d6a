"""What is due (and a pupil import) pauses the cycle collector only while it works, and leaves
it as it found it."""

from __future__ import annotations

import gc

import pytest

from cwsw_desktop.services.gc_pause import no_cycle_collection


@pytest.mark.parametrize("was_on", [True, False])
def test_the_collector_is_left_as_it_was(was_on: bool) -> None:
    before = gc.isenabled()
    try:
        (gc.enable if was_on else gc.disable)()
        with no_cycle_collection():
            assert not gc.isenabled()
        assert gc.isenabled() is was_on
        with pytest.raises(RuntimeError), no_cycle_collection():
            raise RuntimeError("a failed read")
        assert gc.isenabled() is was_on
    finally:
        (gc.enable if before else gc.disable)()
