"""The command line: version, help, demo and due against a real store named by --db or CWSW_DB."""

from __future__ import annotations

import argparse
import subprocess
import sys

import pytest

from cwsw_desktop import __version__
from cwsw_desktop.__main__ import main
from cwsw_desktop.cli import COMMANDS, build_parser


def test_version_and_help(capsys):
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0
    assert __version__ in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    assert "--demo" in out and "due" in out


def _commands(parser: argparse.ArgumentParser) -> dict[str, str]:
    """Each command's name and its whole help text."""
    (sub,) = (a for a in parser._actions if isinstance(a, argparse._SubParsersAction))  # no public view
    return {name: p.format_help() for name, p in sub.choices.items()}


def test_the_parser_for_one_command_is_that_command_of_the_whole_parser():
    """`main` builds only the parser of the command typed (the rest of the line is that parser's),
    so each registration must add exactly the commands it is listed with in COMMANDS."""
    whole = _commands(build_parser())
    assert sorted(whole) == sorted(name for names, _ in COMMANDS for name in names)
    for names, _register in COMMANDS:
        for name in names:
            assert _commands(build_parser(name)) == {n: whole[n] for n in names}
    assert _commands(build_parser("--db")) == whole  # not a command: every command


def _every_parser(parser: argparse.ArgumentParser) -> list[argparse.ArgumentParser]:
    subs = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return [parser, *(q for sub in subs for p in sub.choices.values() for q in _every_parser(p))]


@pytest.mark.parametrize("columns", ["24", "60", "80", "133", "300", ""])
def test_every_help_is_argparse_s_at_any_width(monkeypatch, columns):
    """The formatter asks the terminal's width only when help is printed, the way argparse does:
    every parser's help and usage are those argparse's own formatter gives, whatever COLUMNS says."""
    monkeypatch.setenv("COLUMNS", columns)
    parsers = _every_parser(build_parser())
    assert len(parsers) > 20
    for p in parsers:
        ours = p.format_help(), p.format_usage()
        p.formatter_class = argparse.HelpFormatter
        assert (p.format_help(), p.format_usage()) == ours


def test_due_imports_only_its_own_command_and_never_asks_the_width():
    """Building and using the parser of `due` imports no other command's module, and not shutil
    (argparse's formatter asks it the terminal's width; with bz2 and lzma, ~3 ms)."""
    code = (
        "import sys; from cwsw_desktop.cli import build_parser\n"
        "build_parser('due').parse_args(['due', '--on', '23/11/2026', '--kind', 'pep-due'])\n"
        "print(sorted(m for m in sys.modules if m == 'shutil' or m.startswith('cwsw_desktop.commands.')))"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == repr(
        ["cwsw_desktop.commands.common", "cwsw_desktop.commands.due", "cwsw_desktop.commands.key_early"]
    )


def test_demo_then_due_on_a_new_path_creates_the_store(tmp_path, capsys):
    db = tmp_path / "new" / "school.db"
    assert main(["demo", "--unencrypted", "--db", str(db), "--size", "12"]) == 0
    assert db.exists()
    assert main(["--unencrypted", "--db", str(db), "due"]) == 0  # --db accepted before the subcommand too
    out = capsys.readouterr().out
    assert "Larkspur Demonstration Academy" in out
    assert "[overdue]" in out or "[due]" in out


def test_demo_refuses_a_store_that_already_has_pupils(tmp_path, capsys):
    db = tmp_path / "school.db"
    assert main(["demo", "--unencrypted", "--db", str(db), "--size", "5"]) == 0
    assert main(["demo", "--unencrypted", "--db", str(db)]) == 1
    assert "already has pupils" in capsys.readouterr().err


def test_cwsw_db_environment_variable_and_bad_file(tmp_path):
    bad = tmp_path / "bad.db"
    bad.write_text("hello")
    result = subprocess.run(
        [sys.executable, "-m", "cwsw_desktop", "due"],
        capture_output=True,
        text=True,
        env={"CWSW_DB": str(bad), "PATH": "/usr/bin:/bin"},
        timeout=60,
    )
    assert result.returncode == 1
    assert "not a database this app can read" in result.stderr
