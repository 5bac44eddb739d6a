"""Guard: PySide6 6.12.0 on Python 3.11 leaks references to None until the interpreter aborts.

If a future upgrade brings the bug back, this fails instead of the app crashing in use.
"""

import sys

from PySide6.QtWidgets import QWidget


def test_calls_returning_nothing_do_not_drop_references_to_none(qtbot):
    widget = QWidget()
    qtbot.addWidget(widget)
    before = sys.getrefcount(None)
    for i in range(20_000):
        widget.resize(100 + i % 7, 100)
    after = sys.getrefcount(None)
    # A healthy binding keeps the count steady (small noise allowed); the broken one loses 20,000.
    assert after >= before - 100, f"references to None fell from {before} to {after}"
