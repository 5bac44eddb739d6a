"""Crash safety: scripts/crashtest.py kills writers at random and checks nothing committed is lost.

The real run must pass and the negative control (a writer that journals before it commits) must
be caught, or the checker proves nothing. The checker itself is tested in-process on stores
damaged on purpose.
"""

from __future__ import annotations

import importlib.util
import signal
import sqlite3
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "scripts" / "crashtest.py"
TODAY = date(2026, 11, 23)

pytestmark = pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs SIGKILL (Linux or macOS)")


@pytest.fixture(scope="module")
def crashtest():
    spec = importlib.util.spec_from_file_location("crashtest", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules["crashtest"] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _run(tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, str(SCRIPT), "--quiet", "--workdir", str(tmp_path), *args],
        capture_output=True,
        text=True,
        timeout=180,
        cwd=ROOT,
    )


def test_fifty_random_kills_lose_nothing(tmp_path):
    result = _run(tmp_path, "--iterations", "50", "--seed", "20261123")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "50 iterations" in result.stdout and "every check passed" in result.stdout


def test_negative_control_is_caught(tmp_path):
    result = _run(tmp_path, "--iterations", "50", "--seed", "7", "--negative-control", "--mode", "pupils")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "negative control: FAILED" in result.stdout
    assert "journaled as committed but missing from the store" in result.stdout


def test_encrypted_random_kills_lose_nothing(tmp_path):
    """Encrypted stores are the default for real users: the same kills on an SQLCipher store.
    Few iterations in the suite; `scripts/crashtest.py --encrypted --iterations 200` for more."""
    result = _run(tmp_path, "--encrypted", "--iterations", "6", "--seed", "20261201")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "crash test (encrypted): 6 iterations" in result.stdout and "every check passed" in result.stdout
    assert (tmp_path / "crash.db").read_bytes()[:16] != b"SQLite format 3\x00"  # really encrypted


def test_encrypted_negative_control_is_caught(tmp_path):
    result = _run(
        tmp_path, "--encrypted", "--iterations", "30", "--seed", "7", "--negative-control", "--mode", "pupils"
    )
    assert result.returncode == 1, result.stdout + result.stderr
    assert "negative control (encrypted): FAILED" in result.stdout
    assert "journaled as committed but missing from the store" in result.stdout


# --- the checker, in process ----------------------------------------------------------------------


@pytest.fixture
def written(crashtest, store, tmp_path):
    """A store with three pupils written as the child writes them, and their journal."""
    import random

    rng = random.Random(1)
    journal = tmp_path / "journal.txt"
    lines = []
    for n in (1, 2, 3):
        new, write = crashtest._plan_pupil(store, rng, 1, n, TODAY)
        write()
        lines += new
    new, write = crashtest._plan_batch(store, rng, 1, 10, TODAY, tmp_path)
    write()
    lines += new
    journal.write_text("".join(line + "\n" for line in lines), encoding="ascii")
    return store, journal, lines


def _raw(store, sql, *params):
    connection = sqlite3.connect(store.path)
    connection.execute(sql, params)
    connection.commit()
    connection.close()


def test_checker_passes_a_sound_store(crashtest, written):
    store, journal, lines = written
    result = crashtest.check(store, journal)
    assert result.ok, result.problems
    assert result.journaled == len(lines) == result.pupils


def test_checker_ignores_a_journal_line_cut_by_the_kill(crashtest, written):
    store, journal, _ = written
    with journal.open("a", encoding="ascii") as handle:
        handle.write("B0000100000")  # no newline: the kill came mid-write
    assert crashtest.check(store, journal).ok


def test_checker_catches_a_lost_commit(crashtest, written):
    store, journal, lines = written
    upn = lines[0].split()[0]
    _raw(store, "DELETE FROM pupil WHERE upn = ?", upn)
    result = crashtest.check(store, journal)
    assert not result.ok
    assert f"{upn}: journaled as committed but missing from the store" in result.problems


def test_checker_catches_a_half_applied_pupil(crashtest, written):
    store, journal, lines = written
    upn = lines[1].split()[0]
    _raw(
        store,
        "DELETE FROM status_episode WHERE id = (SELECT min(e.id) FROM status_episode e "
        "JOIN pupil p ON p.id = e.pupil_id WHERE p.upn = ?)",
        upn,
    )
    problems = crashtest.check(store, journal).problems
    assert any(p.startswith(upn) and "expected" in p for p in problems)
    journal.write_text("", encoding="ascii")  # not journaled (killed before the line): still caught
    assert any(p.startswith(upn) and "half-applied" in p for p in crashtest.check(store, journal).problems)


def test_checker_catches_half_an_import_batch(crashtest, written):
    store, journal, lines = written
    journal.write_text("", encoding="ascii")
    _raw(store, "DELETE FROM pupil WHERE upn = ?", lines[-1].split()[0])
    problems = crashtest.check(store, journal).problems
    assert any(p.startswith("import batch") and "half-applied" in p for p in problems)


def test_checker_catches_a_broken_audit_chain(crashtest, written):
    store, journal, _ = written
    _raw(store, "DROP TRIGGER audit_event_no_update")
    _raw(store, "UPDATE audit_event SET detail = 'x' WHERE id = 2")
    assert any(p.startswith("audit chain: row 2") for p in crashtest.check(store, journal).problems)


def test_checker_reads_only_complete_journal_lines(crashtest, tmp_path):
    journal = tmp_path / "j.txt"
    assert crashtest.read_journal(journal) == {}
    journal.write_text("A1 2\nbad line here\nB2 1\nC3", encoding="ascii")
    assert crashtest.read_journal(journal) == {"A1": 2, "B2": 1}
