"""Slow work off the main thread: a QRunnable whose QObject carries done/failed signals."""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Signal
from shiboken6 import isValid

log = logging.getLogger(__name__)


class JobSignals(QObject):
    done = Signal(object)
    failed = Signal(object)


class Job(QRunnable):
    def __init__(self, fn: Callable[[], Any]) -> None:
        super().__init__()
        self.fn = fn
        self.signals = JobSignals()
        self.setAutoDelete(False)

    def run(self) -> None:
        try:
            result = self.fn()
        except Exception as exc:  # reported to the UI, which shows it
            # The message can name a child (a validation problem, say): log where, not what.
            import traceback

            log.error(
                "job failed with %s:\n%s", type(exc).__name__, "".join(traceback.format_tb(exc.__traceback__))
            )
            self.signals.failed.emit(exc)
        else:
            self.signals.done.emit(result)


class Jobs(QObject):
    """Runs jobs on a thread pool and keeps a reference to each until it finishes."""

    idle = Signal()

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(2)
        self._running: set[Job] = set()

    def run(
        self,
        fn: Callable[[], Any],
        on_done: Callable[[Any], object],
        on_failed: Callable[[Exception], object] | None = None,
    ) -> Job:
        job = Job(fn)
        self._running.add(job)

        def finished_ok(result: Any) -> None:
            if self._finish(job):
                on_done(result)

        def finished_bad(exc: Exception) -> None:
            if self._finish(job) and on_failed is not None:
                on_failed(exc)

        job.signals.done.connect(finished_ok)
        job.signals.failed.connect(finished_bad)
        self.pool.start(job)
        return job

    def _finish(self, job: Job) -> bool:
        """Forget `job`; False when the window that ran it has gone meanwhile (a job finishing
        after its window was deleted has nobody to tell)."""
        self._running.discard(job)
        if not isValid(self):
            return False
        if not self._running:
            self.idle.emit()
        return True

    @property
    def busy(self) -> bool:
        return bool(self._running)

    def wait(self, msecs: int = 30000) -> bool:
        return self.pool.waitForDone(msecs)
