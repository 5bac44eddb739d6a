"""`cwsw-desktop due` starts deriving an encrypted store's key before the command line is parsed.

SQLCipher derives the key from the passphrase for ~0.15 s (without Python's lock), and `due` can
read nothing before it is done. Parsing first put the command line's imports and parsers, ~15 ms,
in front of the derivation. The store and the passphrase are nearly always plain from the words
typed (`due --db PATH`, or `--data-dir`, CWSW_DB, the default folder) and CWSW_PASSPHRASE, so the
derivation starts from those, and the parsing runs beside it.

A head start, never a decision: `cmd_due` keys ahead for the store and passphrase the parsed
command names, which takes this connection when they are the same file and passphrase
(``crypto.key_ahead`` keys each pair once); `__main__` forgets it when the command is over. Words
read otherwise by argparse (an abbreviated option, say) cost a key derivation on the other core,
never a different result, and nothing is asked for or printed here.
"""

from __future__ import annotations

import os
from pathlib import Path

from cwsw_desktop import DB_ENV

PASSPHRASE_ENV = "CWSW_PASSPHRASE"
_PLACES = ("--db", "--data-dir")  # the options of `due` that say which store


def key_before_parsing(words: list[str]) -> Path | None:
    """With CWSW_PASSPHRASE set, start keying the store the words of `due` name (the last of each
    option, as argparse keeps it); its path, to forget once the command is over, or None."""
    passphrase = os.environ.get(PASSPHRASE_ENV)
    if not passphrase:
        return None
    given: dict[str, str | None] = dict.fromkeys(_PLACES)
    for i, word in enumerate(words):
        name, equals, value = word.partition("=")
        if name in given:
            given[name] = value if equals else next(iter(words[i + 1 : i + 2]), None)
    try:
        from cwsw_desktop.store import keying  # light: sqlcipher3 alone (see keying.py)

        path = store_path(given["--db"], given["--data-dir"])
        keying.key_ahead(path, passphrase)
    except Exception:  # (an unreadable file, say) the command meets it again and says so, or gives help
        return None
    return path


def store_path(db: str | None, data_dir: str | None) -> Path:
    """``paths.resolve_paths(db, data_dir).db_path``, without importing ``paths`` (and with it
    ``typing``, ~3 ms before the derivation starts) where the store is named by --db or CWSW_DB,
    as it nearly always is for `due`; tests/cli/test_key_early.py checks the two agree."""
    chosen = db or os.environ.get(DB_ENV)
    if chosen and not data_dir:
        return Path(chosen).expanduser().resolve()
    from cwsw_desktop.paths import resolve_paths

    return resolve_paths(db, data_dir).db_path
