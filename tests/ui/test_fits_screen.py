"""Every tab and dialog fits a 1280×720 screen, with nothing cut off.

The screens are the list in ``cwsw_desktop/ui/gallery.py``: add a new dialog there and it is
checked here. They are opened by ``docs/screenshot.py`` in a child process, because the size of
Qt's offscreen screen is fixed when the QApplication starts (the test session's is 800×800).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from cwsw_desktop.ui.gallery import every_screen

ROOT = Path(__file__).resolve().parents[2]
NAMES = [s.name for s in every_screen()]


@pytest.fixture(scope="module")
def report(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[str]]:
    folder = tmp_path_factory.mktemp("screens")
    out = folder / "report.json"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "QT_SCALE_FACTOR")}
    script = str(ROOT / "docs" / "screenshot.py")
    options = ["--offscreen", "--size", "1280x720", "--pupils", "20", "--report", str(out)]
    run = subprocess.run(
        [sys.executable, script, str(folder), *options],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert out.exists(), run.stdout + run.stderr
    result: dict[str, list[str]] = json.loads(out.read_text(encoding="utf-8"))
    assert (folder / "tab-pupils.png").stat().st_size > 0
    return result


def test_every_screen_was_opened(report: dict[str, list[str]]) -> None:
    assert list(report) == NAMES
    assert {"settings", "pupil-edit", "import-preview", "audit-log", "restore", "retention"} <= set(NAMES)
    assert {"passphrase-first-run", "passphrase-unlock", "lock-screen", "print-preview"} <= set(NAMES)
    assert {"tab-overview", "tab-pupils", "tab-pep-calendar", "tab-exclusions", "tab-training-log"} <= set(
        NAMES
    )


@pytest.mark.parametrize("name", NAMES)
def test_fits_a_1280x720_screen(report: dict[str, list[str]], name: str) -> None:
    assert report[name] == []
