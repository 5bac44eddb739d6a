"""No command prints a traceback for what it can foresee: an output it cannot write, a missing
input, a wrong passphrase or a store in use elsewhere. Each is one line on stderr and exit 1.

Every command is in COMMANDS, written with placeholders: {db} the store, {out} an output file,
{dir} an output folder, {in} an input file, {upn} a pupil in the store. A new command is one more entry; the last test
fails until it has one.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlmodel import Session, select

from cwsw_desktop.__main__ import main
from cwsw_desktop.cli import build_parser
from cwsw_desktop.models import Pupil
from cwsw_desktop.services.demo import generate_demo
from cwsw_desktop.store import open_store

PASS = "correct horse battery staple"

COMMANDS: dict[str, list[str]] = {
    "due": ["due"],
    "demo": ["demo"],
    "import pupils": ["import", "pupils", "{in}"],
    "export pupil": ["export", "pupil", "{upn}", "--out", "{out}"],
    "export all": ["export", "all", "--out", "{out}"],
    "export register": ["export", "register", "--out", "{out}"],
    "audit verify": ["audit", "verify"],
    "backup": ["backup", "--to", "{dir}"],
    "restore": ["restore", "{in}"],
    "import peps": ["import", "peps", "{in}"],
    "import exclusions": ["import", "exclusions", "{in}"],
    "import training": ["import", "training", "{in}"],
    "export calendar": ["export", "calendar", "--year", "2026-27", "--out", "{out}"],
    "print pep-agenda": ["print", "pep-agenda", "--pupil", "{upn}", "--out", "{out}"],
    "print exclusions-log": ["print", "exclusions-log", "--year", "2026-27", "--out", "{out}"],
    "print training-summary": ["print", "training-summary", "--year", "2026-27", "--out", "{out}"],
    "report governors": ["report", "governors", "--year", "2026-27", "--out", "{out}"],
}
# A well-formed file of each import's own kind (so the command gets as far as the store).
SAMPLE_IMPORTS = {
    "import peps": "UPN,Date,Status\nB801200005001,01/10/2026,Held\n",
    "import exclusions": "UPN,Start Date,Type,Days,Reason\nB801200005001,01/10/2026,Suspension,1,PA\n",
    "import training": "Staff Name,Role,Course,Date,Hours,Provider\nMs Ada Quennell,Teacher,Prevent,01/10/2026,1,LA\n",
}
UPNS: list[str] = []  # the plain store's first pupil, once made
# A missing folder for `backup --to DIR` or an --out file is made (and the command says so); a file
# in the way or a read-only place is refused in one line.
MAKES_MISSING_FOLDER = set(COMMANDS)
WRITES = [name for name, argv in COMMANDS.items() if "{out}" in argv or "{dir}" in argv]
READS = [name for name, argv in COMMANDS.items() if "{in}" in argv]


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Path]]:
    """A plain store with a few demo pupils and an encrypted one (made once: key derivation
    is slow on purpose)."""
    folder = tmp_path_factory.mktemp("stores")
    plain = open_store(folder / "plain.db")
    generate_demo(plain.engine, size=3, today=date(2026, 11, 23))
    with Session(plain.engine) as session:
        UPNS.append(session.exec(select(Pupil.upn)).first() or "")
    plain.close()
    open_store(folder / "encrypted.db", passphrase=PASS).close()
    yield {"plain": folder / "plain.db", "encrypted": folder / "encrypted.db"}


def _argv(name: str, db: Path, out: str = "", folder: str = "", given: str = "") -> list[str]:
    if name in SAMPLE_IMPORTS and given and Path(given).name == "mis_small.csv":
        sample = Path(out or folder or ".").parent / f"{name.split()[1]}.csv"
        sample.write_text(SAMPLE_IMPORTS[name], encoding="utf-8")
        given = str(sample)
    fill = {"{db}": str(db), "{out}": out, "{dir}": folder, "{in}": given, "{upn}": UPNS[0]}
    return [fill.get(part, part) for part in COMMANDS[name]] + ["--db", str(db)]


def _one_error_line(capsys: pytest.CaptureFixture[str], code: int) -> str:
    err = capsys.readouterr().err
    assert code == 1, err
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("error: ") and "Traceback" not in err
    return lines[0]


def _unwritable(kind: str, tmp_path: Path) -> Path:
    """A folder that cannot be written to: under a file, missing, or read-only."""
    if kind == "file-as-folder":
        blocker = tmp_path / "a-file"
        blocker.write_text("not a folder")
        return blocker / "sub"
    if kind == "missing-folder":
        return tmp_path / "no" / "such" / "folder"
    if os.geteuid() == 0:  # root writes through permission bits: use a filesystem that refuses
        return Path("/proc")
    read_only = tmp_path / "read-only"
    read_only.mkdir()
    read_only.chmod(stat.S_IRUSR | stat.S_IXUSR)
    return read_only


@pytest.mark.parametrize("kind", ["file-as-folder", "missing-folder", "read-only"])
@pytest.mark.parametrize("name", WRITES)
def test_an_output_that_cannot_be_written(stores, tmp_path, capsys, monkeypatch, name, kind):
    monkeypatch.delenv("CWSW_PASSPHRASE", raising=False)
    folder = _unwritable(kind, tmp_path)
    argv = _argv(name, stores["plain"], out=str(folder / "out.json"), folder=str(folder))
    if kind == "missing-folder" and name in MAKES_MISSING_FOLDER:
        if name == "print pep-agenda":  # the 3-pupil store has no meeting to print: it says so, once
            _one_error_line(capsys, main(argv))
            return
        assert main(argv) == 0 and folder.is_dir() and any(folder.iterdir())
        return
    line = _one_error_line(capsys, main(argv))
    assert str(folder) in line or str(folder.parent) in line
    assert not folder.exists() or kind == "read-only" or folder.is_dir()


@pytest.mark.parametrize("name", READS)
def test_a_missing_input(stores, tmp_path, capsys, monkeypatch, name):
    monkeypatch.delenv("CWSW_PASSPHRASE", raising=False)
    missing = tmp_path / "nothing-here.csv"
    line = _one_error_line(capsys, main(_argv(name, stores["plain"], given=str(missing))))
    assert str(missing) in line


def _inputs(tmp_path: Path) -> dict[str, str]:
    given = Path(__file__).parents[1] / "data" / "mis_small.csv"
    return {"out": str(tmp_path / "out.json"), "folder": str(tmp_path), "given": str(given)}


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_wrong_passphrase(stores, tmp_path, capsys, monkeypatch, name):
    monkeypatch.setenv("CWSW_PASSPHRASE", "not the passphrase at all")
    line = _one_error_line(capsys, main(_argv(name, stores["encrypted"], **_inputs(tmp_path))))
    # restore cannot tell a wrong passphrase from a damaged first page: it tries the backup with
    # the passphrase given, and says that one does not open with it
    assert ("passphrase" if name == "restore" else "Wrong passphrase") in line


@pytest.mark.parametrize("name", list(COMMANDS))
def test_a_store_in_use_elsewhere(stores, tmp_path, capsys, monkeypatch, name):
    monkeypatch.delenv("CWSW_PASSPHRASE", raising=False)
    lock = stores["plain"].with_name(stores["plain"].name + ".lock")
    lock.write_text(json.dumps({"pid": 4242, "host": "the-office-pc", "since": "2026-11-23T08:00:00"}))
    try:
        line = _one_error_line(capsys, main(_argv(name, stores["plain"], **_inputs(tmp_path))))
    finally:
        lock.unlink()
    assert "already has this database open" in line and "the-office-pc" in line


def test_demo_refuses_a_size_under_one_in_one_line(tmp_path, capsys):
    db = tmp_path / "school.db"
    line = _one_error_line(capsys, main(["demo", "--unencrypted", "--db", str(db), "--size", "-3"]))
    assert "--size must be at least 1, not -3" in line
    assert not db.exists()


def test_demo_on_a_store_with_pupils_leaves_no_lock_file(stores, capsys):
    line = _one_error_line(capsys, main(["demo", "--db", str(stores["plain"])]))
    assert "already has pupils" in line
    assert not stores["plain"].with_name("plain.db.lock").exists()


def test_demo_options_have_help(capsys):
    with pytest.raises(SystemExit):
        main(["demo", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "--size SIZE number of pupils" in out and "--seed SEED seed for the random choices" in out
    with pytest.raises(SystemExit):
        main(["export", "all", "--help"])
    assert "--out FILE.json the file to write" in " ".join(capsys.readouterr().out.split())


def _leaves(parser: argparse.ArgumentParser, prefix: str = "") -> Iterator[str]:
    for action in parser._actions:  # argparse keeps its subcommands here, with no public view
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _leaves(sub, f"{prefix} {name}".strip())
            return
    yield prefix


def test_every_command_is_in_the_table():
    assert sorted(_leaves(build_parser())) == sorted(COMMANDS)
