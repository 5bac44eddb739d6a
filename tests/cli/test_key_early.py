"""`due` starts deriving an encrypted store's key from its words and CWSW_PASSPHRASE before it
parses them (commands/key_early.py): one key derivation for the store the command reads, and a
connection keyed for anything else (a usage error, words argparse reads otherwise) is closed."""

from __future__ import annotations

import pytest

import cwsw_desktop.cli as cli
from cwsw_desktop.__main__ import main
from cwsw_desktop.store import crypto, keying, open_store

PASS = "correct horse battery staple"


@pytest.fixture
def derivations(monkeypatch):
    """The files a connection was keyed for (each is one key derivation)."""
    keyed = []
    connect_now = keying._connect_now
    monkeypatch.setattr(keying, "_connect_now", lambda path, *a: keyed.append(path) or connect_now(path, *a))
    return keyed


def _encrypted(path):
    open_store(path, passphrase=PASS).close()
    return path


def test_the_key_is_derived_before_parsing_and_once(tmp_path, monkeypatch, capsys, derivations):
    db = _encrypted(tmp_path / "school.db")
    derivations.clear()
    monkeypatch.setenv("CWSW_PASSPHRASE", PASS)
    keying_when_parsed = []
    build_parser = cli.build_parser
    monkeypatch.setattr(
        cli, "build_parser", lambda *a: keying_when_parsed.append(list(keying._AHEAD)) or build_parser(*a)
    )
    assert main(["due", "--on", "2026-11-23", f"--db={tmp_path / 'other.db'}", "--db", str(db)]) == 0
    assert keying_when_parsed == [[keying._ahead_key(db, PASS)]]  # the last --db, as argparse keeps
    assert derivations == [db.resolve()] and not keying._AHEAD
    assert "— 23/11/2026" in capsys.readouterr().out


def test_words_read_otherwise_cost_a_derivation_not_a_different_store(
    tmp_path, monkeypatch, capsys, derivations
):
    """`--data-d` (argparse's abbreviation of --data-dir) is not read before parsing: the store
    keyed first is the default one, and the one read is the store in that folder."""
    monkeypatch.delenv("CWSW_DB", raising=False)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "home"))
    monkeypatch.setenv("CWSW_PASSPHRASE", PASS)
    from cwsw_desktop.paths import resolve_paths

    default = resolve_paths().db_path
    default.parent.mkdir(parents=True)
    _encrypted(default)
    (tmp_path / "chosen").mkdir()
    chosen = _encrypted(tmp_path / "chosen" / "cwsw.db")
    derivations.clear()
    assert main(["due", "--data-d", str(tmp_path / "chosen"), "--on", "2026-11-23"]) == 0
    assert sorted(derivations) == sorted([default, chosen]) and not keying._AHEAD
    assert "— 23/11/2026" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("words", "status"), [(["--help"], 0), (["--on", "31/02/2026"], 1), (["--kind"], 2), (["--kind", "x"], 1)]
)
def test_a_usage_error_leaves_no_keyed_connection(tmp_path, monkeypatch, capsys, words, status):
    db = _encrypted(tmp_path / "school.db")
    monkeypatch.setenv("CWSW_PASSPHRASE", PASS)
    try:
        assert main(["due", "--db", str(db), *words]) == status
    except SystemExit as exit:
        assert exit.code == status
    assert not keying._AHEAD


def test_a_file_that_cannot_be_read_is_left_to_the_command(tmp_path, monkeypatch, capsys):
    """What keying ahead meets (an unreadable file, say) is said by the command as before, or not
    at all when the words ask for help: nothing is raised before the words are parsed."""
    db = _encrypted(tmp_path / "school.db")
    monkeypatch.setenv("CWSW_PASSPHRASE", PASS)

    def unreadable(path):
        raise PermissionError(13, "Permission denied", str(path))

    monkeypatch.setattr(crypto, "file_kind", unreadable)
    monkeypatch.setattr(keying, "file_kind", unreadable)  # (as keying ahead before parsing meets it)
    assert main(["due", "--db", str(db)]) == 1
    assert capsys.readouterr().err == f"error: {db}: Permission denied\n"
    with pytest.raises(SystemExit) as done:
        main(["due", "--db", str(db), "--help"])
    assert done.value.code == 0 and "usage: cwsw-desktop due" in capsys.readouterr().out
    assert not keying._AHEAD


@pytest.mark.parametrize(
    ("db", "env", "data_dir"),
    [
        ("school.db", None, None),
        ("~/school.db", None, None),
        ("sub/../school.db", "elsewhere.db", None),
        (None, "from-env.db", None),
        (None, "~/from-env.db", None),
        ("school.db", None, "folder"),
        (None, None, "folder"),
        (None, None, None),
    ],
)
def test_the_store_keyed_before_parsing_is_the_one_paths_resolves(tmp_path, monkeypatch, db, env, data_dir):
    """key_early.store_path answers as paths.resolve_paths does, without importing it where
    --db or CWSW_DB names the store: relative, with ~, from the environment, beside --data-dir."""
    from cwsw_desktop.commands.key_early import store_path
    from cwsw_desktop.paths import resolve_paths

    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    if env is None:
        monkeypatch.delenv("CWSW_DB", raising=False)
    else:
        monkeypatch.setenv("CWSW_DB", env)
    assert store_path(db, data_dir) == resolve_paths(db, data_dir).db_path
