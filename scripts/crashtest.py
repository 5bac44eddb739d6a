#!/usr/bin/env python3
"""Crash test: kill a writer at random moments and check that nothing committed is lost.

Each iteration starts a child process that writes through the app's own services, over and over:

* ``pupils`` mode: ``services.pupils.create_pupil`` with 1–4 status episodes (one transaction);
* ``import`` mode: a small CSV batch through ``services.pupil_import`` (one transaction);
* ``mixed`` (the default): each child picks one at random.

Only after a write's commit returns does the child append what it wrote to a journal file and
fsync it. The parent SIGKILLs the child after a random delay, reopens the store and checks:

* ``PRAGMA integrity_check`` is ``ok`` and the audit hash chain verifies;
* every UPN in the journal is in the store with exactly its expected number of episodes;
* no transaction is half-applied: every pupil in the store (journaled or not — the kill can land
  between the commit and the journal line) has its full set of episodes, and every import batch
  is there whole or not at all.

``--encrypted`` runs the same on an SQLCipher store (the default for real users): every
open, the children's and the checker's, is keyed with a fictitious test passphrase.

``--negative-control`` makes the child journal *before* committing, which loses data whenever
the kill lands between the two; the checker must catch it (the run then exits 1). This proves
the checker can fail. A SIGKILL tests process crashes (the OS keeps what was written); power
loss is not simulated here.

Exit status: 0 when every check passed, 1 when the checker found a problem.

    python scripts/crashtest.py                 # 50 iterations
    python scripts/crashtest.py --iterations 200
    python scripts/crashtest.py --negative-control
    python scripts/crashtest.py --encrypted --iterations 200
"""

from __future__ import annotations

import argparse
import logging
import multiprocessing
import os
import random
import re
import signal
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from cwsw_desktop.rules.upn import check_letter
from cwsw_desktop.services import audit
from cwsw_desktop.services.pupil_import import import_file
from cwsw_desktop.services.pupils import EpisodeInput, PupilInput, create_pupil
from cwsw_desktop.store import Store, open_store

NOTE = re.compile(r"^crashtest episodes=(\d+)$")
BATCH = re.compile(r"^Batch(\d+)x(\d+)of(\d+)$")
READY = b"r"
TEST_PASSPHRASE = "crash test only: four fictitious words"  # not a secret: a throwaway test store


# --- the child: writes until killed -------------------------------------------------------------


def upn_for(iteration: int, n: int) -> str:
    body = f"{iteration:05d}{n:07d}"
    return check_letter(body) + body


def _journal(handle, lines: list[str]) -> None:  # type: ignore[no-untyped-def]
    handle.write("".join(line + "\n" for line in lines))
    handle.flush()
    os.fsync(handle.fileno())


Write = tuple[list[str], Callable[[], object]]


def _plan_pupil(store: Store, rng: random.Random, iteration: int, n: int, today: date) -> Write:
    """One pupil with 1–4 episodes: the journal lines, and the write (one transaction)."""
    episodes = rng.randint(1, 4)
    dob = today - timedelta(days=365 * 12 + rng.randint(0, 300))
    start = dob + timedelta(days=400)
    eps = [
        EpisodeInput("CIN", start + timedelta(days=100 * k), start + timedelta(days=100 * k + 50))
        for k in range(episodes)
    ]
    upn = upn_for(iteration, n)
    data = PupilInput(
        upn=upn,
        legal_surname=f"Crash{iteration}",
        legal_forename=f"P{n}",
        date_of_birth=dob,
        notes=f"crashtest episodes={episodes}",
    )
    return [f"{upn} {episodes}"], lambda: create_pupil(store.engine, data, eps, today=today)


def _plan_batch(store: Store, rng: random.Random, iteration: int, n: int, today: date, folder: Path) -> Write:
    """An import of 2–6 pupils with one episode each, from a CSV file (one transaction)."""
    size = rng.randint(2, 6)
    rows = ["UPN,Legal Surname,Legal Forename,Date of Birth,Category,Category Start"]
    upns = []
    for k in range(size):
        upn = upn_for(iteration, n + k)
        dob = today - timedelta(days=365 * 9 + k)
        rows.append(
            f"{upn},Batch{iteration}x{n}of{size},B{k},{dob:%d/%m/%Y},CIN,{dob + timedelta(days=900):%d/%m/%Y}"
        )
        upns.append(upn)
    path = folder / f"batch-{os.getpid()}.csv"
    path.write_text("\n".join(rows) + "\n", encoding="utf-8")
    return [f"{upn} 1" for upn in upns], lambda: import_file(store.engine, path, today)


def child_main(
    db: Path,
    journal: Path,
    iteration: int,
    mode: str,
    negative: bool,
    seed: int,
    ready_fd: int | None,
    passphrase: str | None = None,
) -> None:
    """Write through the services until killed. Journals after each commit (before, if negative)."""
    rng = random.Random(seed * 100_003 + iteration)
    store = open_store(db, passphrase=passphrase)
    today = date.today()
    if mode == "mixed":
        mode = rng.choice(("pupils", "import"))
    with journal.open("a", encoding="ascii") as handle:
        if ready_fd is not None:
            os.write(ready_fd, READY)
        else:
            sys.stdout.buffer.write(READY)
            sys.stdout.flush()
        n = 1
        while True:
            if mode == "pupils":
                lines, write = _plan_pupil(store, rng, iteration, n, today)
            else:
                lines, write = _plan_batch(store, rng, iteration, n, today, db.parent)
            n += len(lines)
            if negative:  # the bug under test: claim the write before it is committed
                _journal(handle, lines)
            write()
            if not negative:
                _journal(handle, lines)


# --- the checker -------------------------------------------------------------------------------


@dataclass
class CheckResult:
    problems: list[str] = field(default_factory=list)
    pupils: int = 0
    journaled: int = 0

    @property
    def ok(self) -> bool:
        return not self.problems


def read_journal(journal: Path) -> dict[str, int]:
    """UPN → expected episodes. A last line without its newline was cut by the kill: ignored."""
    if not journal.exists():
        return {}
    text = journal.read_text(encoding="ascii", errors="replace")
    lines = text.split("\n")[:-1]  # only complete lines
    expected: dict[str, int] = {}
    for line in lines:
        parts = line.split()
        if len(parts) == 2 and parts[1].isdigit():
            expected[parts[0]] = int(parts[1])
    return expected


def check(store: Store, journal: Path) -> CheckResult:
    """Everything the journal says was committed is there, whole; nothing is half there."""
    result = CheckResult()
    connection = store.connect_raw()
    try:
        integrity = [r[0] for r in connection.execute("PRAGMA integrity_check")]
        if integrity != ["ok"]:
            result.problems.append("integrity_check: " + "; ".join(map(str, integrity[:5])))
            return result
        pupils = {
            upn: (pid, surname, notes)
            for pid, upn, surname, notes in connection.execute(
                "SELECT id, upn, legal_surname, notes FROM pupil"
            )
        }
        episodes = Counter(pid for (pid,) in connection.execute("SELECT pupil_id FROM status_episode"))
    finally:
        connection.close()
    result.pupils = len(pupils)
    expected = read_journal(journal)
    result.journaled = len(expected)
    for upn, count in expected.items():
        if upn not in pupils:
            result.problems.append(f"{upn}: journaled as committed but missing from the store")
        elif episodes[pupils[upn][0]] != count:
            result.problems.append(f"{upn}: {episodes[pupils[upn][0]]} episode(s), expected {count}")
    batches: dict[str, int] = defaultdict(int)
    for upn, (pid, surname, notes) in pupils.items():
        note, batch = NOTE.match(notes or ""), BATCH.match(surname or "")
        want = int(note.group(1)) if note else 1 if batch else None
        if want is not None and episodes[pid] != want and upn not in expected:
            result.problems.append(f"{upn}: half-applied, {episodes[pid]} of {want} episode(s)")
        if batch:
            batches[surname] += 1
    for surname, count in batches.items():
        size = int(BATCH.match(surname).group(3))  # type: ignore[union-attr]
        if count != size:
            result.problems.append(f"import batch {surname}: {count} of {size} pupils (half-applied)")
    chain = audit.verify_chain(store.engine)
    if not chain.ok:
        result.problems.append("audit chain: " + "; ".join(str(p) for p in chain.problems[:3]))
    return result


# --- the parent --------------------------------------------------------------------------------


def _start_child(args: argparse.Namespace, db: Path, journal: Path, iteration: int) -> tuple[object, int]:
    """Start a child; return (handle, pid) once it is ready to write."""
    if args.spawn:
        command = [
            sys.executable,
            __file__,
            "--child",
            str(db),
            str(journal),
            str(iteration),
            args.mode,
            str(int(args.negative_control)),
            str(args.seed),
            str(int(args.encrypted)),
        ]
        proc = subprocess.Popen(command, stdout=subprocess.PIPE)
        assert proc.stdout is not None
        if proc.stdout.read(1) != READY:
            raise RuntimeError(f"child {iteration} did not start (exit {proc.wait()})")
        return proc, proc.pid
    read_fd, write_fd = os.pipe()
    ctx = multiprocessing.get_context("fork")
    proc = ctx.Process(
        target=child_main,
        args=(db, journal, iteration, args.mode, args.negative_control, args.seed, write_fd, _key(args)),
        daemon=True,
    )
    proc.start()
    os.close(write_fd)
    try:
        if os.read(read_fd, 1) != READY:
            raise RuntimeError(f"child {iteration} did not start (exit {proc.exitcode})")
    finally:
        os.close(read_fd)
    assert proc.pid is not None
    return proc, proc.pid


def _key(args: argparse.Namespace) -> str | None:
    return TEST_PASSPHRASE if args.encrypted else None


def _reap(handle: object) -> None:
    if isinstance(handle, subprocess.Popen):
        handle.wait(timeout=30)
        if handle.stdout is not None:
            handle.stdout.close()
    else:
        handle.join(timeout=30)  # type: ignore[attr-defined]


def run(args: argparse.Namespace) -> int:
    workdir = Path(args.workdir) if args.workdir else Path(tempfile.mkdtemp(prefix="cwsw-crash-"))
    workdir.mkdir(parents=True, exist_ok=True)
    db, journal = workdir / "crash.db", workdir / "journal.txt"
    for path in (db, Path(f"{db}-wal"), Path(f"{db}-shm"), journal):
        path.unlink(missing_ok=True)
    open_store(db, passphrase=_key(args)).close()  # created and migrated before any child starts
    rng = random.Random(args.seed)
    started = time.perf_counter()
    label = ("negative control" if args.negative_control else "crash test") + (
        " (encrypted)" if args.encrypted else ""
    )
    result = CheckResult()
    for iteration in range(1, args.iterations + 1):
        handle, pid = _start_child(args, db, journal, iteration)
        time.sleep(rng.uniform(args.min_delay, args.max_delay))
        os.kill(pid, signal.SIGKILL)
        _reap(handle)
        store = open_store(db, passphrase=_key(args))  # reopen as the app would: WAL recovery here
        try:
            result = check(store, journal)
        finally:
            store.close()
        if not args.quiet:
            print(
                f"[{iteration}/{args.iterations}] {result.pupils} pupils, {result.journaled} journaled, "
                f"{'ok' if result.ok else 'FAILED'}",
                flush=True,
            )
        if not result.ok:
            print(
                f"{label}: FAILED at iteration {iteration} of {args.iterations} "
                f"({time.perf_counter() - started:.1f} s):"
            )
            for problem in result.problems[:20]:
                print(f"  {problem}")
            return 1
    print(
        f"{label}: {args.iterations} iterations, {result.pupils} pupils committed "
        f"({result.journaled} journaled), every check passed in {time.perf_counter() - started:.1f} s "
        f"[{workdir}]"
    )
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--iterations", type=int, default=50, help="children to kill (default 50)")
    parser.add_argument("--mode", choices=("mixed", "pupils", "import"), default="mixed")
    parser.add_argument(
        "--negative-control",
        action="store_true",
        help="journal before commit (loses data): the checker must fail",
    )
    parser.add_argument(
        "--encrypted", action="store_true", help="an SQLCipher store, keyed with a test passphrase"
    )
    parser.add_argument("--seed", type=int, default=int(time.time()), help="random seed (printed on failure)")
    parser.add_argument("--min-delay", type=float, default=0.02, help="shortest time before the kill (s)")
    parser.add_argument("--max-delay", type=float, default=0.30, help="longest time before the kill (s)")
    parser.add_argument(
        "--spawn",
        action="store_true",
        help="start each child as a fresh interpreter (slower) instead of fork()",
    )
    parser.add_argument("--workdir", help="where to put the database and journal (default: a temp folder)")
    parser.add_argument("--quiet", action="store_true", help="print only the summary")
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["--child"]:
        db, journal, iteration, mode, negative, seed, encrypted = argv[1:8]
        key = TEST_PASSPHRASE if encrypted == "1" else None
        child_main(Path(db), Path(journal), int(iteration), mode, negative == "1", int(seed), None, key)
        return 0
    if not hasattr(signal, "SIGKILL"):
        print("crashtest needs SIGKILL (Linux or macOS)", file=sys.stderr)
        return 2
    args = build_parser().parse_args(argv)
    logging.basicConfig(level=logging.ERROR if args.quiet else logging.WARNING)  # stale-lock notices
    if args.spawn is False and "fork" not in multiprocessing.get_all_start_methods():
        args.spawn = True
    print(f"seed {args.seed}", flush=True)
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
