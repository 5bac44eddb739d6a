"""The benchmark suite (`python -m benchmarks --small`) runs to the end and prints its table.

No timing is asserted: the figures depend on the machine. This only guards the suite itself.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def test_small_benchmark_run_prints_every_figure() -> None:
    results = ROOT / "benchmarks" / "RESULTS.md"
    before = results.read_bytes()
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--small", "--no-record"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    lines = out.stdout.splitlines()
    assert any(line.startswith("| figure") and "ratio" in line for line in lines)
    for figure in (
        "large-store build",
        "start to window",
        "start to data",
        "peak RSS",
        "Pupils filter keystroke",
        "tab switch + refresh: Pupils",
        "cwsw-desktop due (CLI, encrypted store)",
        "start to data (Overview filled, encrypted store)",
        "what is due",
        "PEP pack",
        "Report to Governors",
        "pupil CSV import",
    ):
        assert any(line.startswith(f"| {figure}") for line in lines), figure
    assert "goals met" in lines[-1]
    assert results.read_bytes() == before  # --no-record leaves the results file alone


def test_only_measures_the_figures_named() -> None:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    out = subprocess.run(
        [sys.executable, "-m", "benchmarks", "--small", "--no-record", "--only", "due", "import"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    assert out.returncode == 0, out.stderr[-3000:]
    rows = [line for line in out.stdout.splitlines() if line.startswith("| ") and "---" not in line]
    assert [r.split("|")[1].strip().split(" (")[0] for r in rows[1:]] == [
        "what is due",
        "pupil CSV import",
    ]
    assert "of 2 goals met" in out.stdout.splitlines()[-1]
