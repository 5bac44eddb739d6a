"""The figures measured in fresh processes (`probes`): start to window, start to data, peak
RSS, the Pupils filter, each tab's refresh and the `due` command, each beside its bare baseline
measured in the same run. The store is the large ENCRYPTED one, opened with its passphrase."""

from __future__ import annotations

import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

from benchmarks import probes
from benchmarks.report import Figure, ratio_ok

PASSPHRASE = "benchmark store for a virtual school"  # four words: meets the store's policy


def child(code: str, *extra: str, env_extra: dict[str, str] | None = None) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("CWSW_DB", None)
    env.pop("CWSW_PASSPHRASE", None)
    env |= env_extra or {}
    out = subprocess.run(
        [sys.executable, "-c", code, repr(time.perf_counter()), *extra],
        capture_output=True,
        text=True,
        env=env,
        timeout=600,
    )
    if out.returncode:
        raise SystemExit(f"benchmark probe failed:\n{out.stderr[-3000:]}")
    return dict(json.loads(out.stdout.strip().splitlines()[-1]))


def timed(fn: Callable[[], Any], repeat: int) -> list[float]:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return times


def start_figures(store: Path, runs: int, tab_repeat: int) -> tuple[list[Figure], dict[str, Any]]:
    """Bare window, floor and our app, alternating in fresh processes, on the encrypted `store`
    (a copy each time: the app takes a lock and audits the unlock)."""
    bare_paint, bare_rss, ours_paint, ours_ready, ours_rss, floor = [], [], [], [], [], []
    detail: dict[str, Any] = {}
    heavy: set[str] = set()
    for i in range(runs):
        bare = child(probes.BARE_WINDOW)
        bare_paint.append(bare["paint"])
        bare_rss.append(bare["rss_mb"])
        floor.append(child(probes.BARE_DATA, str(store), PASSPHRASE)["ready"])
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(store, Path(tmp) / "bench.db")
            last = i == runs - 1
            ours = child(probes.APP, tmp, "detail" if last else "plain", str(tab_repeat), PASSPHRASE)
        ours_paint.append(ours["paint"])
        ours_ready.append(ours["ready"])
        ours_rss.append(ours["rss_mb"])
        heavy.update(ours["heavy_before_paint"])
        if last:
            detail = ours
    # The worst run counts: the last one has also visited every tab (built and filled each).
    extra = max(ours_rss) - statistics.median(bare_rss)
    figures = [
        Figure(
            "window",
            "start to window (first paint)",
            ours_paint,
            bare_paint,
            "<= 1.5x bare window",
            ratio_ok(ours_paint, bare_paint, 1.5),
            note=f"heavy before paint: {', '.join(sorted(heavy)) or 'none'}",
        ),
        Figure(
            "data",
            "start to data (Overview filled, encrypted store)",
            ours_ready,
            floor,
            "<= 1.3x window+sqlmodel+SQLCipher open+query",
            ratio_ok(ours_ready, floor, 1.3),
        ),
        Figure(
            "rss",
            "peak RSS (after every tab is filled)",
            ours_rss,
            bare_rss,
            "<= bare + 150 MB",
            extra <= 150,
            unit="MB",
            note=f"+{extra:.0f} MB",
        ),
    ]
    return figures, detail


def gui_figures(detail: dict[str, Any], small_counts: dict[str, int]) -> list[Figure]:
    keys = detail["filter"]
    figures = [
        Figure(
            "filter",
            f"Pupils filter keystroke ({detail['filter_rows']} rows)",
            keys,
            None,
            "median <= 16 ms, worst <= 50 ms",
            statistics.median(keys) <= 0.016 and max(keys) <= 0.050,
        ),
    ]
    for name, tab in detail["tabs"].items():
        n = tab["statements"]
        small = small_counts.get(name)
        constant = small is None or small == n
        figures.append(
            Figure(
                "tabs",
                f"tab switch + refresh: {name}",
                tab["times"],
                None,
                "<= 100 ms, SQL constant",
                max(tab["times"]) <= 0.100 and constant,
                note=f"{n} SQL statements" + (f", {small} on the small store" if small is not None else ""),
            )
        )
    return figures


def cli_figures(store: Path, runs: int) -> list[Figure]:
    """`cwsw-desktop due` on the encrypted `store` (the passphrase in CWSW_PASSPHRASE) against
    sqlcipher3 imported, the store keyed and opened, and one query."""
    due = r"""
import sys, time, json
t0 = float(sys.argv[1])
import io, contextlib
from cwsw_desktop.__main__ import main
buf = io.StringIO()
with contextlib.redirect_stdout(buf):
    code = main(["due", "--db", sys.argv[2], "--on", "2026-11-23"])
print(json.dumps({"ready": time.perf_counter() - t0, "code": code, "alembic": "alembic" in sys.modules}))
"""
    ours, base, alembic = [], [], False
    for _ in range(runs):
        base.append(child(probes.BARE_CLI, str(store), PASSPHRASE)["ready"])
        result = child(due, str(store), env_extra={"CWSW_PASSPHRASE": PASSPHRASE})
        if result["code"] not in (0, None):
            raise SystemExit(f"cwsw-desktop due exited {result['code']}")
        ours.append(result["ready"])
        alembic = alembic or result["alembic"]
    return [
        Figure(
            "cli",
            "cwsw-desktop due (CLI, encrypted store)",
            ours,
            base,
            "<= 2x sqlcipher3+key+open+query",
            ratio_ok(ours, base, 2.0),
            note="alembic imported" if alembic else "no alembic",
        )
    ]
