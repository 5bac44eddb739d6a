"""Services at scale: the queries behind each tab on a large demo store, as ratios against a bare
baseline measured in the same run (reading the same rows with plain SQL, no rules).

Run: .venv/bin/python benchmarks/services.py [--pupils 2000] [--years 10] [--repeat 5]
Each view runs in a worker in the app; the ratio shows what the rules and row-building cost on
top of simply reading the data, so a regression (a query per row, say) stands out.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy import text

from cwsw_desktop.services.demo_large import generate_large
from cwsw_desktop.services.exclusions import exclusion_rows
from cwsw_desktop.services.overview import build_overview
from cwsw_desktop.services.peps import pep_calendar, pep_meetings
from cwsw_desktop.services.pupils import register_rows
from cwsw_desktop.store import open_store

TODAY = date(2026, 11, 23)


def timed(fn: Callable[[], Any], repeat: int) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--pupils", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--years", type=int, default=10, help="academic years of history")
    args = parser.parse_args()
    folder = Path(tempfile.mkdtemp())
    store = open_store(folder / "bench.db")
    generate_large(store.engine, size=args.pupils, years=args.years, today=TODAY)

    def baseline() -> None:
        with store.engine.connect() as c:
            for table in (
                "pupil",
                "status_episode",
                "pep_meeting",
                "pep_target",
                "exclusion",
                "contact",
                "sdq_result",
            ):
                c.execute(text(f"SELECT * FROM {table}")).fetchall()

    base = timed(baseline, args.repeat)
    print(f"{args.pupils} pupils; baseline (read every row of the tables, plain SQL): {base * 1000:.0f} ms")
    for name, fn in [
        ("Overview", lambda: build_overview(store.engine, TODAY)),
        ("Pupils register", lambda: register_rows(store.engine, TODAY)),
        ("PEP calendar", lambda: pep_calendar(store.engine, TODAY)),
        ("PEP meetings", lambda: pep_meetings(store.engine)),
        ("Exclusions", lambda: exclusion_rows(store.engine)),
    ]:
        t = timed(fn, args.repeat)
        print(f"  {name:<16} {t * 1000:6.0f} ms   {t / base:5.1f}x baseline")
    store.close()


if __name__ == "__main__":
    main()
