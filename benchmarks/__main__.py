"""`python -m benchmarks`: every performance figure beside its bare baseline, measured in one run.

Builds the large store with the sized demo generator (5,000 pupils, 10 academic years of
history), and an encrypted copy of it for the figures a user opens with a passphrase (start to
data, the `due` command, and the window's own figures). Prints a table of medians, worsts,
baselines, ratios, goals and verdicts (issue 15), and appends it with the command, the machine
and the date to benchmarks/RESULTS.md. `--small` runs it on a small store with few repeats (the
CI smoke test); `--only` measures some figures; `--no-record` leaves RESULTS.md alone.
"""

from __future__ import annotations

import argparse
import shutil
import sqlite3
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from benchmarks import app_figures, probes, service_figures
from benchmarks.app_figures import PASSPHRASE, child
from benchmarks.report import Figure, record, table

TODAY = date(2026, 11, 23)
# What `--only` selects, in the order the table prints them.
FIGURES = (
    "build",
    "window",
    "data",
    "rss",
    "filter",
    "tabs",
    "cli",
    "due",
    "pep-pack",
    "governors",
    "import",
)
STARTUP = {"window", "data", "rss", "filter", "tabs"}  # measured by the same fresh-process runs


def build_store(folder: Path, pupils: int, years: int) -> tuple[Path, float, float]:
    """A plain store filled by the sized demo generator, the seconds it took, and the CPU
    seconds (on a shared machine the first waits for the second's turns)."""
    from cwsw_desktop.services.demo_large import generate_large
    from cwsw_desktop.store import open_store

    path = folder / f"large-{pupils}.db"
    start, cpu = time.perf_counter(), time.process_time()
    store = open_store(path)
    try:
        generate_large(store.engine, size=pupils, years=years, today=TODAY)
    finally:
        store.close()
    return path, time.perf_counter() - start, time.process_time() - cpu


def encrypted_copy(plain: Path) -> Path:
    """The same store encrypted with SQLCipher under `PASSPHRASE` (as Settings → Encrypt does)."""
    from cwsw_desktop.store.rekey import encrypt_file

    path = plain.with_name(plain.stem + "-encrypted.db")
    shutil.copy(plain, path)
    encrypt_file(path, PASSPHRASE)
    return path


def tab_statements(store: Path) -> dict[str, int]:
    """SQL statements per tab refresh on `store` (the small store: compared with the large)."""
    with tempfile.TemporaryDirectory() as tmp:
        shutil.copy(store, Path(tmp) / "bench.db")
        small = child(probes.APP, tmp, "detail", "1", PASSPHRASE)
    return {name: tab["statements"] for name, tab in small["tabs"].items()}


def measure(
    folder: Path, plain: Path, encrypted: Path, small: Path | None, args: argparse.Namespace
) -> list[Figure]:
    only = set(args.only or FIGURES)
    figures: list[Figure] = []
    if only & STARTUP:
        small_counts = tab_statements(small) if small is not None and "tabs" in only else {}
        start, detail = app_figures.start_figures(encrypted, args.runs, args.repeat)
        figures += start + app_figures.gui_figures(detail, small_counts)
    if "cli" in only:
        figures += app_figures.cli_figures(encrypted, args.runs)
    if only & {"due", "pep-pack", "governors"}:
        figures += service_figures.service_figures(plain, args.repeat, only)
    if "import" in only:
        figures += service_figures.import_figures(folder, args.pupils, max(1, min(args.repeat, 3)))
    return [f for f in figures if f.key in only]


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__)
    parser.add_argument("--small", action="store_true", help="small store, few repeats (CI smoke)")
    parser.add_argument(
        "--pupils", type=int, help="pupils in the large store (default 5000; 40 with --small)"
    )
    parser.add_argument("--years", type=int, default=10, help="academic years of history (default 10)")
    parser.add_argument(
        "--runs", type=int, help="fresh processes per start-up figure (default 5; 1 with --small)"
    )
    parser.add_argument(
        "--repeat", type=int, help="repeats per in-process figure (default 5; 1 with --small)"
    )
    parser.add_argument(
        "--store", type=Path, help="use this plain demo store (copied) instead of building one"
    )
    parser.add_argument(
        "--only", nargs="+", choices=FIGURES, metavar="NAME", help=f"measure only these: {', '.join(FIGURES)}"
    )
    parser.add_argument("--no-record", action="store_true", help="do not append to benchmarks/RESULTS.md")
    args = parser.parse_args(argv)
    args.pupils = args.pupils or (40 if args.small else 5000)
    args.runs = args.runs or (1 if args.small else 5)
    args.repeat = args.repeat or (1 if args.small else 5)
    return args


def compile_package() -> None:
    """Write the app's bytecode before anything is timed, as installing it does (pip compiles
    every module). Otherwise, where PYTHONDONTWRITEBYTECODE is set (some CI and sandboxes), each
    fresh process timed would compile every edited module from source again, ~40 ms that no
    user waits for, while the baselines' packages are compiled already."""
    import compileall

    import cwsw_desktop

    compileall.compile_dir(Path(cwsw_desktop.__file__).parent, quiet=1)


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    started = time.perf_counter()
    compile_package()
    with tempfile.TemporaryDirectory(prefix="cwsw-bench-") as tmp:
        folder = Path(tmp)
        if args.store:
            plain, built, cpu = folder / "given.db", 0.0, 0.0
            shutil.copy(args.store, plain)
            with sqlite3.connect(plain) as con:
                args.pupils = int(con.execute("SELECT count(*) FROM pupil").fetchone()[0])
            described = f"{args.pupils} demo pupils ({args.store}, built before the run)"
            print(f"using {args.store} ({args.pupils} pupils)", flush=True)
        else:
            plain, built, cpu = build_store(folder, args.pupils, args.years)
            described = f"{args.pupils} demo pupils, {args.years} years of history (built in {built:.1f} s)"
            print(
                f"built a {args.pupils}-pupil, {args.years}-year demo store in {built:.1f} s "
                f"({cpu:.1f} s of CPU)",
                flush=True,
            )
        clock = time.perf_counter()
        encrypted = encrypted_copy(plain)
        print(f"encrypted a copy with SQLCipher in {time.perf_counter() - clock:.1f} s", flush=True)
        small = None
        if args.pupils > 40 and "tabs" in (args.only or FIGURES):  # SQL per tab: compared with it
            small = encrypted_copy(build_store(folder, 40, args.years)[0])
        figures = measure(folder, plain, encrypted, small, args)
        if built and "build" in (args.only or FIGURES):
            name = f"large-store build ({args.pupils} pupils, {args.years} years)"
            note = f"{cpu:.1f} s of CPU"
            figures.insert(
                0, Figure("build", name, [built], None, "<= 20 s", built <= 20, unit="s", note=note)
            )
    text = table(figures)
    print(text)
    met = sum(1 for f in figures if f.met)
    judged = sum(1 for f in figures if f.met is not None)
    verdict = f"{met} of {judged} goals met."
    print(f"{verdict[:-1]}; {args.pupils} pupils; {time.perf_counter() - started:.0f} s in all")
    if not args.no_record:
        command = "python -m benchmarks " + " ".join(argv if argv is not None else sys.argv[1:])
        settings = f"{args.runs} fresh processes per start-up figure, {args.repeat} repeats otherwise"
        record(
            command,
            described + "; figures from start to data and the CLI on its encrypted copy",
            settings,
            text,
            verdict,
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
