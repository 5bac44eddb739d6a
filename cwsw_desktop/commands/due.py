"""`cwsw-desktop due [--on DATE] [--json] [--kind KIND…]`: what is due, as the Overview shows it.

A store already at the current schema is read through a bare connection (store.reader.open_reader):
this command then imports neither SQLAlchemy nor the models, and starts in a fraction of the time.
Any other store (new, older, not a database) is opened the ordinary way, which creates, migrates
or says what is wrong.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import threading
from datetime import date
from typing import TYPE_CHECKING

from cwsw_desktop.commands.common import (
    CliError,
    SubParsers,
    add_store_options,
    cli_passphrase,
    one_line,
    reopen_cli_store,
)
from cwsw_desktop.rules.duty_kinds import DutyKind

if TYPE_CHECKING:
    from pathlib import Path

    from cwsw_desktop.rules.duties import Severity
    from cwsw_desktop.store.reader import Reader

KINDS = tuple(kind.value for kind in DutyKind)
# What the ordinary open looks after on every open (store/audit_chain.py; a test checks these
# agree): the audit trail's append-only triggers, put back when missing, and the wrong
# passphrases noted since the last unlock, audited on the next. Either sends `due` that way.
AUDIT_TRIGGERS = ("audit_event_no_update", "audit_event_no_delete")
FAILED_UNLOCKS_SUFFIX = ".failed-unlocks"
_TRIGGERS_SQL = "SELECT count(*) FROM sqlite_master WHERE type = 'trigger' AND name IN (?, ?)"


def register_due(sub: SubParsers) -> None:
    p = sub.add_parser(
        "due",
        help="list what is due (PEPs, SDQs, EHCP reviews, attendance, exclusions, training, reviews)",
        description="List what is due on a date, most urgent first: the same list as the Overview. "
        "Kinds: " + ", ".join(KINDS) + ".",
    )
    p.add_argument("--on", metavar="DATE", help="the date to ask about (dd/mm/yyyy or ISO; default today)")
    p.add_argument("--json", action="store_true", help="print a JSON array (dates in ISO)")
    p.add_argument(
        "--kind",
        metavar="KIND",
        nargs="+",
        action="extend",
        help="only these kinds (see the list above); may be given more than once",
    )
    add_store_options(p)
    p.set_defaults(handler=cmd_due)


def _kinds(names: list[str] | None) -> list[DutyKind] | None:
    if not names:
        return None
    unknown = [n for n in names if n not in KINDS]
    if unknown:
        raise ValueError(f"unknown kind '{unknown[0]}' (use one of: {', '.join(KINDS)})")
    return [DutyKind(n) for n in names]


def cmd_due(args: argparse.Namespace) -> int:
    from cwsw_desktop.rules.dates import parse_date

    try:
        on = parse_date(args.on) if args.on else date.today()
    except ValueError as exc:
        print(f"error: --on: {exc}", file=sys.stderr)
        return 1
    try:
        kinds = _kinds(args.kind)
    except ValueError as exc:
        print(f"error: --kind: {exc}", file=sys.stderr)
        return 1
    import cwsw_desktop.store.crypto as crypto  # light: sqlcipher3, no SQLAlchemy
    from cwsw_desktop.paths import resolve_paths
    from cwsw_desktop.store.errors import StoreError, WrongPassphraseError

    path = resolve_paths(getattr(args, "db", None), getattr(args, "data_dir", None)).db_path
    try:
        passphrase = cli_passphrase(args, path)  # asked for once, whichever way the store opens
    except StoreError as exc:
        raise CliError(one_line(exc)) from exc
    if passphrase is not None:  # SQLCipher's key derivation runs beside everything up to the read
        crypto.key_ahead(path, passphrase)
    preloading = _preload()
    try:
        from cwsw_desktop.store.lockfile import location_warning
        from cwsw_desktop.store.reader import open_reader, reading

        warning = location_warning(path)  # (worked out while the key is derived, said once it is read)
        reader = open_reader(path, passphrase)  # takes the connection keyed ahead
    except WrongPassphraseError as exc:
        from cwsw_desktop.store.audit_chain import note_failed_unlock

        note_failed_unlock(path)  # audited after the next successful unlock
        raise CliError(f"{one_line(exc)} (This attempt will appear in the audit log.)") from exc
    except StoreError as exc:
        raise CliError(one_line(exc)) from exc
    finally:
        preloading.join()  # (before an error too: no import is left running as the process ends)
        crypto.forget_ahead(path)  # a connection keyed ahead that nobody took (the lock refused)
    if reader is not None and _needs_upkeep(reader, path):
        reader.close()
        reader = None
    if reader is not None:
        if warning:
            print(f"warning: {warning}", file=sys.stderr)
        try:
            return _print_due(reader, on, kinds, args.json)
        finally:
            reader.close()
    store = reopen_cli_store(path, passphrase)
    try:
        for warning in store.warnings:
            print(f"warning: {warning}", file=sys.stderr)
        with reading(store.engine) as r:
            return _print_due(r, on, kinds, args.json)
    finally:
        store.close()


def _preload() -> threading.Thread:
    """Import what lists the duties (services.overview and the rules: about a tenth of a second)
    in a thread while the store opens: SQLCipher derives an encrypted store's key from the
    passphrase for longer than that, and lets other threads run meanwhile. A failed import is
    left to the command's own import to report."""

    def load() -> None:
        with contextlib.suppress(Exception):
            import cwsw_desktop.services.overview  # noqa: F401 (imported for its side effect: loaded)

    thread = threading.Thread(target=load, name="preload", daemon=True)
    thread.start()
    return thread


def _needs_upkeep(reader: Reader, path: Path) -> bool:
    """Whether the ordinary open has work to do on this store (see AUDIT_TRIGGERS)."""
    if path.with_name(path.name + FAILED_UNLOCKS_SUFFIX).exists():
        return True
    return bool(reader.rows(_TRIGGERS_SQL, AUDIT_TRIGGERS)[0][0] != len(AUDIT_TRIGGERS))


def _print_due(r: Reader, on: date, kinds: list[DutyKind] | None, as_json: bool) -> int:
    from cwsw_desktop.rules.dates import format_date

    if as_json:
        import json

        from cwsw_desktop.services.due import what_is_due

        print(json.dumps([d.as_json() for d in what_is_due(r, on, kinds)], indent=2))
        return 0
    from cwsw_desktop.services.overview import build_overview

    overview = build_overview(r, on)
    wanted = set(kinds) if kinds is not None else None
    listed: list[str] = []
    # "[overdue] pep-due" made once for each severity and kind (a few dozen among thousands of
    # lines): an Enum's value is a Python property.
    heads: dict[tuple[Severity, DutyKind], str] = {}
    for row in overview.rows:
        d = row.duty
        if wanted is not None and d.kind not in wanted:
            continue
        head = heads.get((d.severity, d.kind))
        if head is None:
            head = heads[d.severity, d.kind] = f"[{d.severity.value}] {d.kind.value}"
        when = f" ({format_date(d.due)})" if d.due else ""
        who = f"{row.pupil_name} ({d.pupil}): " if d.pupil else (f"{d.staff}: " if d.staff else "")
        listed.append(f"{head}{when} {who}{d.message}")
    lines = [
        f"{overview.school or 'School'} — {overview.year_label}, {overview.term} — {format_date(on)}",
        "  ".join(f"{c.value}: {n}" for c, n in overview.counts.items()),
        *(listed or ["Nothing is due."]),
    ]
    # One write: a terminal's stdout is line-buffered, and thousands of lines are as many writes.
    sys.stdout.write("\n".join(lines) + "\n")
    return 0
