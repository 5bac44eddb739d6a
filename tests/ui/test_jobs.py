"""Background jobs: a job that finishes after its window has gone tells nobody (no error)."""

from __future__ import annotations

from PySide6.QtCore import QObject
from shiboken6 import delete

from cwsw_desktop.ui.jobs import Jobs


def test_a_job_finishing_after_its_window_was_deleted_is_ignored(qtbot, qapp) -> None:
    owner = QObject()
    jobs = Jobs(owner)
    told: list[object] = []
    jobs.run(lambda: "done", told.append, told.append)
    delete(owner)  # the window and its Jobs: the pool's destructor waits for the job to end
    qapp.processEvents()  # the job's queued "done" arrives: nobody is told, nothing is raised
    assert told == []


def test_a_job_tells_its_caller_and_then_says_idle(qtbot) -> None:
    jobs = Jobs()
    told: list[object] = []
    with qtbot.waitSignal(jobs.idle, timeout=5000):
        jobs.run(lambda: 42, told.append)
    assert told == [42] and not jobs.busy
