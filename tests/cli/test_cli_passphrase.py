"""The command line and encryption: CWSW_PASSPHRASE creates and opens an encrypted store,
--unencrypted a plain one, a terminal is asked without echo, and no passphrase is exit 2."""

from __future__ import annotations

import getpass
import io
import subprocess
import sys

import pytest

from cwsw_desktop.__main__ import main
from cwsw_desktop.store import crypto, keying, open_store

PASS = "correct horse battery staple"


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_cwsw_passphrase_creates_an_encrypted_store_and_opens_it(tmp_path, monkeypatch, capsys):
    db = tmp_path / "school.db"
    monkeypatch.setenv("CWSW_PASSPHRASE", PASS)
    assert main(["demo", "--db", str(db), "--size", "5"]) == 0
    assert crypto.file_kind(db) == "encrypted"
    assert main(["due", "--db", str(db)]) == 0
    assert "Larkspur Demonstration Academy" in capsys.readouterr().out
    store = open_store(db, passphrase=PASS)
    assert store.encrypted
    store.close()


def test_unencrypted_creates_a_plain_store_that_then_needs_no_passphrase(tmp_path, monkeypatch):
    db = tmp_path / "school.db"
    monkeypatch.setenv("CWSW_PASSPHRASE", PASS)
    assert main(["demo", "--unencrypted", "--db", str(db), "--size", "5"]) == 0
    assert crypto.file_kind(db) == "sqlite"
    monkeypatch.delenv("CWSW_PASSPHRASE")
    assert main(["due", "--db", str(db)]) == 0


@pytest.mark.parametrize(
    "existing, message",
    [
        (True, "is encrypted: set CWSW_PASSPHRASE"),
        (False, "give --unencrypted"),
    ],
)
def test_no_terminal_and_no_variable_is_a_clear_error(tmp_path, monkeypatch, capsys, existing, message):
    db = tmp_path / "school.db"
    if existing:
        open_store(db, passphrase=PASS).close()
    monkeypatch.delenv("CWSW_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    assert main(["due", "--db", str(db)]) == 1
    assert message in capsys.readouterr().err
    assert existing or not db.exists()


def test_wrong_passphrase_from_the_variable_is_exit_1(tmp_path, monkeypatch, capsys):
    db = tmp_path / "school.db"
    open_store(db, passphrase=PASS).close()
    monkeypatch.setenv("CWSW_PASSPHRASE", "not the right one at all")
    assert main(["due", "--db", str(db)]) == 1
    assert "Wrong passphrase, or the file is damaged." in capsys.readouterr().err


def test_a_terminal_is_asked_without_echo(tmp_path, monkeypatch):
    db = tmp_path / "school.db"
    monkeypatch.delenv("CWSW_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys, "stdin", _Terminal(""))
    answers = iter([PASS, PASS, PASS])
    prompts: list[str] = []
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": prompts.append(prompt) or next(answers))
    assert main(["demo", "--db", str(db), "--size", "3"]) == 0
    assert prompts == ["Choose a passphrase for the new database school.db: ", "Type it again: "]
    assert main(["due", "--db", str(db)]) == 0
    assert prompts[-1] == "Passphrase for school.db: "
    assert crypto.file_kind(db) == "encrypted"


@pytest.mark.parametrize(
    "first, second, message",
    [
        ("short", "short", "Too short"),
        (PASS, PASS + "x", "differ"),
    ],
)
def test_a_new_passphrase_is_checked_in_the_terminal(tmp_path, monkeypatch, capsys, first, second, message):
    db = tmp_path / "school.db"
    monkeypatch.delenv("CWSW_PASSPHRASE", raising=False)
    monkeypatch.setattr(sys, "stdin", _Terminal(""))
    answers = iter([first, second])
    monkeypatch.setattr(getpass, "getpass", lambda prompt="": next(answers))
    assert main(["demo", "--db", str(db)]) == 1 and message in capsys.readouterr().err
    assert not db.exists()


def test_a_command_is_refused_while_the_window_has_the_store_open(tmp_path):
    db = tmp_path / "school.db"
    holder = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "import sys; from cwsw_desktop.store import open_store; "
            f"s = open_store({str(db)!r}); print('open', flush=True); sys.stdin.readline(); s.close()",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "open"
        result = subprocess.run(
            [sys.executable, "-m", "cwsw_desktop", "due", "--db", str(db)],
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 1
        assert f"already has this database open (process {holder.pid}" in result.stderr
    finally:
        holder.stdin.close()
        holder.wait(timeout=10)


def test_due_keys_ahead_and_leaves_no_keyed_connection_when_the_store_is_in_use(
    tmp_path, monkeypatch, capsys
):
    """`due` starts deriving the key before it takes the lock (before it parses its words, and
    the command's own call finds that one keyed): when the lock is refused, the connection keyed
    meanwhile is closed, and the refusal is the same one line."""
    db = tmp_path / "school.db"
    monkeypatch.setenv("CWSW_PASSPHRASE", PASS)
    assert main(["demo", "--db", str(db), "--size", "3"]) == 0
    keyed = []
    key_ahead = crypto.key_ahead

    def noted(path, passphrase):
        keyed.append(path)
        key_ahead(path, passphrase)

    monkeypatch.setattr(crypto, "key_ahead", noted)
    monkeypatch.setattr(keying, "key_ahead", noted)  # (the early one, before parsing: key_early.py)
    capsys.readouterr()
    lock = db.with_name(db.name + ".lock")
    lock.write_text('{"pid": 4242, "host": "the-office-pc", "since": "2026-11-23T08:00:00"}')
    try:
        assert main(["due", "--db", str(db)]) == 1
    finally:
        lock.unlink()
    assert "already has this database open (process 4242 on the-office-pc" in capsys.readouterr().err
    assert keyed == [db.resolve()] * 2 and not keying._AHEAD  # keyed ahead, then closed: nobody took it
    assert main(["due", "--db", str(db)]) == 0
    assert keyed == [db.resolve()] * 4 and not keying._AHEAD  # keyed ahead and taken
