"""`python -m benchmarks`: every performance figure beside its bare baseline, measured in one run.

Prints a table of medians, worsts and ratios against each goal (issue 15) and appends it, with
the machine, the date and the command, to benchmarks/RESULTS.md. `--small` runs it on a small
store with few repeats (the CI smoke test); `--no-record` leaves RESULTS.md alone.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from benchmarks import probes

TODAY = date(2026, 11, 23)
RESULTS = Path(__file__).with_name("RESULTS.md")


@dataclass
class Figure:
    name: str
    ours: list[float]  # seconds (or MB for memory)
    base: list[float] | None
    goal: str
    met: bool | None
    unit: str = "ms"
    note: str = ""

    def cells(self) -> list[str]:
        scale = 1000 if self.unit == "ms" else 1
        med, worst = statistics.median(self.ours) * scale, max(self.ours) * scale
        base = statistics.median(self.base) * scale if self.base else None
        ratio = f"{med / base:.2f}x" if base else "-"
        verdict = {True: "met", False: "NOT met", None: "-"}[self.met]
        return [
            self.name,
            f"{med:.0f} {self.unit}",
            f"{worst:.0f} {self.unit}",
            f"{base:.0f} {self.unit}" if base is not None else "-",
            ratio,
            self.goal,
            verdict + (f" ({self.note})" if self.note else ""),
        ]


HEADERS = ["figure", "median", "worst", "baseline median", "ratio", "goal", "verdict"]


def child(code: str, *extra: str) -> dict[str, Any]:
    env = dict(os.environ, QT_QPA_PLATFORM=os.environ.get("QT_QPA_PLATFORM", "offscreen"))
    env.pop("CWSW_DB", None)
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


def ratio_ok(ours: list[float], base: list[float], limit: float) -> bool:
    return statistics.median(ours) <= limit * statistics.median(base)


def build_store(folder: Path, pupils: int) -> tuple[Path, float]:
    from cwsw_desktop.services.demo import generate_demo
    from cwsw_desktop.store import open_store

    path = folder / f"large-{pupils}.db"
    start = time.perf_counter()
    store = open_store(path)
    try:
        generate_demo(store.engine, size=pupils, today=TODAY)
    finally:
        store.close()
    return path, time.perf_counter() - start


def start_figures(store: Path, runs: int, tab_repeat: int) -> tuple[list[Figure], dict[str, Any]]:
    bare_paint, bare_rss, ours_paint, ours_ready, ours_rss, floor = [], [], [], [], [], []
    detail: dict[str, Any] = {}
    heavy: set[str] = set()
    for i in range(runs):
        bare = child(probes.BARE_WINDOW)
        bare_paint.append(bare["paint"])
        bare_rss.append(bare["rss_mb"])
        floor.append(child(probes.BARE_DATA, str(store))["ready"])
        with tempfile.TemporaryDirectory() as tmp:
            shutil.copy(store, Path(tmp) / "bench.db")
            last = i == runs - 1
            ours = child(probes.APP, tmp, "detail" if last else "plain", str(tab_repeat))
        ours_paint.append(ours["paint"])
        ours_ready.append(ours["ready"])
        ours_rss.append(ours["rss_mb"])
        heavy.update(ours["heavy_before_paint"])
        if last:
            detail = ours
    extra = statistics.median(ours_rss) - statistics.median(bare_rss)
    figures = [
        Figure(
            "start to window (first paint)",
            ours_paint,
            bare_paint,
            "<= 1.5x bare window",
            ratio_ok(ours_paint, bare_paint, 1.5),
            note=f"heavy before paint: {', '.join(sorted(heavy)) or 'none'}",
        ),
        Figure(
            "start to data (Overview filled, plain store)",
            ours_ready,
            floor,
            "<= 1.3x window+sqlmodel+open+query",
            ratio_ok(ours_ready, floor, 1.3),
        ),
        Figure(
            "peak RSS",
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
        base.append(child(probes.BARE_CLI, str(store))["ready"])
        result = child(due, str(store))
        if result["code"] not in (0, None):
            raise SystemExit(f"cwsw-desktop due exited {result['code']}")
        ours.append(result["ready"])
        alembic = alembic or result["alembic"]
    return [
        Figure(
            "cwsw-desktop due (CLI)",
            ours,
            base,
            "<= 2x sqlcipher3+open+query",
            ratio_ok(ours, base, 2.0),
            note="alembic imported" if alembic else "no alembic",
        )
    ]


def service_figures(store_path: Path, repeat: int) -> list[Figure]:
    from sqlalchemy import text

    from cwsw_desktop.reports.governors import render_governors_report
    from cwsw_desktop.reports.pep_pack import pep_pack_pdf
    from cwsw_desktop.services.due import what_is_due
    from cwsw_desktop.services.governors import build_governors_report
    from cwsw_desktop.services.pep_pack import pack_data
    from cwsw_desktop.store import open_store

    store = open_store(store_path)
    try:
        engine = store.engine

        def plain() -> None:
            with engine.connect() as c:
                for table in (
                    "pupil",
                    "status_episode",
                    "pep_meeting",
                    "pep_target",
                    "exclusion",
                    "contact",
                    "sdq_result",
                    "staff",
                    "training_record",
                ):
                    try:
                        c.execute(text(f"SELECT * FROM {table}")).fetchall()
                    except Exception:  # a table another area names differently: skip it
                        c.rollback()

        base = timed(plain, repeat)
        due = timed(lambda: what_is_due(engine, TODAY, None), repeat)
        figures = [
            Figure(
                "what is due (service)",
                due,
                base,
                "<= 250 ms and <= 3x plain SQL",
                statistics.median(due) <= 0.250 and ratio_ok(due, base, 3.0),
            )
        ]
        with engine.connect() as c:
            pep_id = c.execute(text("SELECT id FROM pep_meeting ORDER BY id DESC LIMIT 1")).scalar()
        if pep_id is not None:
            pack = timed(lambda: pep_pack_pdf(pack_data(engine, int(pep_id), TODAY)), repeat)
            figures.append(
                Figure("PEP pack (data + PDF)", pack, None, "<= 300 ms", statistics.median(pack) <= 0.300)
            )
        start_year = TODAY.year if TODAY.month >= 9 else TODAY.year - 1
        report = build_governors_report(engine, start_year - 1, None, TODAY)

        def render_only() -> None:
            render_governors_report(report, _Sink())

        def whole() -> None:
            render_governors_report(build_governors_report(engine, start_year - 1, None, TODAY), _Sink())

        base_r = timed(render_only, repeat)
        ours_r = timed(whole, repeat)
        figures.append(
            Figure(
                "Report to Governors (build + render)",
                ours_r,
                base_r,
                "<= 1.5x rendering the data in memory",
                ratio_ok(ours_r, base_r, 1.5),
            )
        )
    finally:
        store.close()
    return figures


class _Sink:
    def write(self, data: bytes) -> int:
        return len(data)

    def flush(self) -> None:
        pass


def import_figures(folder: Path, rows: int, repeat: int) -> list[Figure]:
    from cwsw_desktop.rules.upn import check_letter
    from cwsw_desktop.services.pupil_import_apply import import_file
    from cwsw_desktop.store import open_store

    path = folder / "pupils.csv"
    header = [
        "UPN",
        "Legal Surname",
        "Legal Forename",
        "Date of Birth",
        "Gender",
        "Category",
        "Category Start",
        "SEN",
        "Attendance %",
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for i in range(rows):
            body = f"919{4999 - i // 1000:04d}15{i % 1000:03d}"  # demo.make_upn's scheme, year 2015
            out.writerow(
                [
                    check_letter(body) + body,
                    f"Surname{i}",
                    f"Forename{i}",
                    f"{1 + i % 28:02d}/{1 + i % 12:02d}/{2012 + i % 6}",
                    "Female" if i % 2 else "Male",
                    *((["CLA", "CIN", "CP"][i % 3], "01/09/2024") if i % 4 else ("", "")),
                    "N",
                    "95.5",
                ]
            )

    def bare() -> None:
        db = folder / "bare.sqlite"
        db.unlink(missing_ok=True)
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE pupil (" + ", ".join(f"c{i} TEXT" for i in range(len(header))) + ")")
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            next(reader)
            con.executemany(f"INSERT INTO pupil VALUES ({', '.join('?' * len(header))})", list(reader))
        con.commit()
        con.close()

    def ours_once(n: int) -> float:
        store = open_store(folder / f"import-{n}.db")  # a new empty store, made before the clock starts
        try:
            start = time.perf_counter()
            import_file(store.engine, path, TODAY)
            return time.perf_counter() - start
        finally:
            store.close()

    base = timed(bare, repeat)
    mine = [ours_once(n) for n in range(repeat)]
    return [
        Figure(
            f"pupil CSV import ({rows} rows, into an empty store)",
            mine,
            base,
            "<= 3x csv + executemany",
            ratio_ok(mine, base, 3.0),
        )
    ]


def table(figures: list[Figure]) -> str:
    rows = [HEADERS, *(f.cells() for f in figures)]
    widths = [max(len(r[i]) for r in rows) for i in range(len(HEADERS))]
    lines = ["| " + " | ".join(c.ljust(w) for c, w in zip(r, widths, strict=True)) + " |" for r in rows]
    lines.insert(1, "| " + " | ".join("-" * w for w in widths) + " |")
    return "\n".join(lines)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--small", action="store_true", help="small store, few repeats (CI smoke)")
    parser.add_argument(
        "--pupils", type=int, help="pupils in the large store (default 5000; 40 with --small)"
    )
    parser.add_argument(
        "--runs", type=int, help="fresh processes per start-up figure (default 5; 1 with --small)"
    )
    parser.add_argument(
        "--repeat", type=int, help="repeats per in-process figure (default 5; 1 with --small)"
    )
    parser.add_argument(
        "--store", type=Path, help="use this plain demo store (copied) instead of building one"
    )
    parser.add_argument("--no-record", action="store_true", help="do not append to benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    pupils = args.pupils or (40 if args.small else 5000)
    runs = args.runs or (1 if args.small else 5)
    repeat = args.repeat or (1 if args.small else 5)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="cwsw-bench-") as tmp:
        folder = Path(tmp)
        if args.store:
            store, built = folder / "given.db", 0.0
            shutil.copy(args.store, store)
            with sqlite3.connect(store) as con:
                pupils = int(con.execute("SELECT count(*) FROM pupil").fetchone()[0])
            print(f"using {args.store} ({pupils} pupils)", flush=True)
        else:
            store, built = build_store(folder, pupils)
            print(f"built a {pupils}-pupil demo store in {built:.1f} s", flush=True)
        small_store = store if pupils <= 40 else build_store(folder, 40)[0]
        small_counts: dict[str, int] = {}
        if small_store != store:
            with tempfile.TemporaryDirectory() as t2:
                shutil.copy(small_store, Path(t2) / "bench.db")
                small = child(probes.APP, t2, "detail", "1")
            small_counts = {name: tab["statements"] for name, tab in small["tabs"].items()}
        figures, detail = start_figures(store, runs, repeat)
        figures += gui_figures(detail, small_counts)
        figures += cli_figures(store, runs)
        figures += service_figures(store, repeat)
        figures += import_figures(folder, pupils, max(1, min(repeat, 3)))
    text = table(figures)
    print(text)
    met = sum(1 for f in figures if f.met)
    judged = sum(1 for f in figures if f.met is not None)
    print(f"{met} of {judged} goals met; {pupils} pupils; {time.perf_counter() - started:.0f} s in all")
    if not args.no_record:
        command = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
        with RESULTS.open("a", encoding="utf-8") as fh:
            fh.write(
                f"\n## {datetime.now():%Y-%m-%d %H:%M} `{command.strip()}`\n\n"
                f"{machine()}; store: {pupils} demo pupils"
                + (f" (built in {built:.1f} s); " if built else f" ({args.store}, built before the run); ")
                + f"{runs} fresh processes per start-up figure, {repeat} repeats otherwise.\n\n"
                f"{text}\n\n{met} of {judged} goals met.\n"
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
