"""What every command shares: the store options, opening the store, and writing an export.

Area modules (`commands/peps.py`, `commands/exclusions.py`, …) import from here, never from
`cli.py`, so the command line has no import cycle.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeAlias

from cwsw_desktop.commands.key_early import PASSPHRASE_ENV  # (where `due` reads it before parsing)

if TYPE_CHECKING:
    from cwsw_desktop.store import Store

Handler = Callable[[argparse.Namespace], int]
SubParsers: TypeAlias = "argparse._SubParsersAction[argparse.ArgumentParser]"


class CliError(Exception):
    """A foreseeable failure of a command: `cli.run_command` prints it as one line on stderr
    ("error: …") and exits 1, never a traceback."""


def one_line(exc: BaseException) -> str:
    """An exception as one line for the terminal (an OSError names its file and the reason)."""
    if isinstance(exc, OSError) and exc.strerror:
        where = f"{exc.filename}: " if exc.filename else ""
        text = f"{where}{exc.strerror}"
    else:
        text = str(exc) or type(exc).__name__
    return " ".join(text.split())


def require_file(name: str) -> Path:
    """An input file that must exist (checked before the store is opened or a passphrase asked)."""
    path = Path(name).expanduser()
    if path.is_dir():
        raise CliError(f"{path} is a folder, not a file")
    if not path.is_file():
        raise CliError(f"there is no file {path}")
    return path


def _check_folder(folder: Path, what: str, *, create: bool = False) -> None:
    """`folder` exists (or, with `create`, can be made: its nearest existing parent is a
    folder) and a file can be written in it."""
    existing = next((p for p in (folder, *folder.parents) if p.exists()), Path("."))
    if not existing.is_dir():
        raise CliError(f"cannot write {what}: {existing} is a file, not a folder")
    if existing != folder and not create:
        raise CliError(f"cannot write {what}: the folder {folder} does not exist")
    import tempfile  # here: only a command that writes needs it, and `due` starts faster without

    try:  # try it: permission bits say nothing to root, to a read-only disk or to an ACL
        with tempfile.TemporaryFile(dir=existing):
            pass
    except OSError as exc:
        raise CliError(f"cannot write {what}: the folder {existing} is read-only ({exc.strerror})") from exc


def writable_file(name: str) -> Path:
    """An output file (--out) whose folder exists or can be made (the command says when it makes
    one), and can be written to: a file in the way or a read-only place is refused."""
    path = Path(name).expanduser()
    if path.is_dir():
        raise CliError(f"{path} is a folder: give a file name to write")
    _check_folder(path.parent, str(path), create=True)
    return path


def writable_folder(name: str) -> Path:
    """An output folder (--to) that can be written to; a missing one is created by the command
    (as `backup --to` always has), so only a file in the way or a read-only place is refused."""
    folder = Path(name).expanduser()
    _check_folder(folder, f"to {folder}", create=True)
    return folder


def add_store_options(parser: argparse.ArgumentParser, top: bool = False) -> None:
    """--db, --data-dir and --unencrypted, accepted before or after the subcommand."""
    default = None if top else argparse.SUPPRESS  # a subcommand must not wipe the top-level value
    parser.add_argument(
        "--db",
        metavar="PATH",
        default=default,
        help="database file (default: CWSW_DB or the user data folder)",
    )
    parser.add_argument(
        "--data-dir", metavar="DIR", default=default, help="folder for the database, backups and logs"
    )
    parser.add_argument(
        "--unencrypted",
        action="store_true",
        default=False if top else argparse.SUPPRESS,
        help=f"create a new database without encryption, or write an export as a plain "
        f"file (otherwise the passphrase comes from {PASSPHRASE_ENV} or is asked for, and "
        "exports of an encrypted database are encrypted ZIPs)",
    )


def open_cli_store(args: argparse.Namespace) -> Store:
    """Open the store named by --db / CWSW_DB / the default; a CliError saying why it cannot.

    An encrypted store's passphrase comes from CWSW_PASSPHRASE, or is asked for without echo
    when stdin is a terminal. A new store is created encrypted the same way unless
    --unencrypted is given. A plain existing store opens without one. The command holds the
    store's lock file while it runs, so it is refused while the window has the store open.
    """
    from cwsw_desktop.paths import resolve_paths
    from cwsw_desktop.services.audit import note_failed_unlock
    from cwsw_desktop.store import StoreError, WrongPassphraseError, open_store

    paths = resolve_paths(getattr(args, "db", None), getattr(args, "data_dir", None))
    try:
        passphrase = cli_passphrase(args, paths.db_path)
        store = open_store(paths.db_path, passphrase=passphrase)
    except WrongPassphraseError as exc:
        note_failed_unlock(paths.db_path)  # audited after the next successful unlock
        raise CliError(f"{one_line(exc)} (This attempt will appear in the audit log.)") from exc
    except StoreError as exc:
        raise CliError(one_line(exc)) from exc
    for warning in store.warnings:
        print(f"warning: {warning}", file=sys.stderr)
    return store


@contextmanager
def cli_store(args: argparse.Namespace) -> Iterator[Store]:
    """`open_cli_store` for a `with` block: the store is closed however the command ends."""
    store = open_cli_store(args)
    try:
        yield store
    finally:
        store.close()


def reopen_cli_store(path: Path, passphrase: str | None) -> Store:
    """Open `path` again with the passphrase a command already has (after a restore), without
    asking for it a second time."""
    from cwsw_desktop.store import StoreError, open_store

    try:
        return open_store(path, passphrase=passphrase)
    except StoreError as exc:
        raise CliError(one_line(exc)) from exc


def cli_passphrase(args: argparse.Namespace, path: Path) -> str | None:
    """The passphrase this command needs for `path`, or None for a plain store. Never kept on
    `args`: a command that reopens the store takes it from the open Store."""
    import os

    from cwsw_desktop.store import StoreError
    from cwsw_desktop.store.crypto import file_kind, passphrase_problem

    kind = file_kind(path) if path.is_file() else "empty"
    if kind in ("sqlite", "unknown") or (kind == "empty" and getattr(args, "unencrypted", False)):
        return None
    passphrase = os.environ.get(PASSPHRASE_ENV) or None
    if passphrase is None:
        import getpass  # here: with the passphrase in CWSW_PASSPHRASE, `due` starts sooner without it

        if not sys.stdin.isatty():
            raise StoreError(
                f"{path.name} is encrypted: set {PASSPHRASE_ENV} or run the command in a "
                "terminal to be asked for its passphrase."
                if kind == "encrypted"
                else f"A new database is encrypted: set {PASSPHRASE_ENV}, run the command in a "
                "terminal to choose a passphrase, or give --unencrypted."
            )
        if kind == "encrypted":
            passphrase = getpass.getpass(f"Passphrase for {path.name}: ")
        else:
            passphrase = getpass.getpass(f"Choose a passphrase for the new database {path.name}: ")
            if passphrase_problem(passphrase) is None and getpass.getpass("Type it again: ") != passphrase:
                raise StoreError("The two passphrases differ; nothing was created.")
    if kind == "empty":
        problem = passphrase_problem(passphrase)
        if problem:
            raise StoreError(f"{problem} Nothing was created.")
    return passphrase


def export_passphrase(store: Store, args: argparse.Namespace) -> str | None:
    """Exports of an encrypted store are encrypted (AES-256 ZIP, same passphrase) unless
    --unencrypted is given: no readable copy of a child's record without an explicit choice."""
    if store.encrypted and not getattr(args, "unencrypted", False):
        return store.passphrase
    return None


def written(args: argparse.Namespace, passphrase: str | None) -> str:
    from cwsw_desktop.services.export import export_path

    where = export_path(args.out, passphrase is not None)
    if passphrase is None:
        return f"{where} (not encrypted: keep it secure)"
    return f"{where} (AES-256 encrypted ZIP: open it with 7-Zip and the database passphrase)"


def add_force_option(kinds: SubParsers) -> None:
    """--force on every leaf that writes a file (--out): without it an existing file is kept."""
    for leaf in kinds.choices.values():
        if any("--out" in action.option_strings for action in leaf._actions):
            leaf.add_argument("--force", action="store_true", help="replace the file if it exists already")


def check_out(args: argparse.Namespace, target: Path) -> None:
    """Refuse to overwrite an existing file unless --force (exit 1, the file unchanged); say so
    when the folder for it is created."""
    if target.exists() and not getattr(args, "force", False):
        raise CliError(f"{target} exists already; nothing was written (give --force to replace it)")
    if not target.parent.is_dir():
        print(f"Creating the folder {target.parent} for it.")


def write_out(args: argparse.Namespace, data: bytes, passphrase: str | None = None) -> Path:
    """Write a finished document (PDF, .ics) to --out for a print, report or export command: the
    folder must exist and be writable, an existing file is kept unless --force, and the file is
    0600 (an AES-256 ZIP with a passphrase). A CliError ("could not write …": one line on
    stderr and exit 1) otherwise."""
    from cwsw_desktop.services.export import export_path, write_document

    writable_file(args.out)
    check_out(args, export_path(args.out, passphrase is not None))
    try:
        return write_document(args.out, data, passphrase=passphrase)
    except OSError as exc:
        raise CliError(f"could not write {args.out}: {exc.strerror or exc}") from exc


def write_export(store: Store, args: argparse.Namespace, data: bytes) -> str:
    """Write `data` to --out as an export of `store` (encrypted unless --unencrypted, see
    `export_passphrase`); returns where it went, for the command's message."""
    passphrase = export_passphrase(store, args)
    write_out(args, data, passphrase)
    return written(args, passphrase)


# --- dates and academic years ---------------------------------------------------------------


def academic_year(text: str) -> int:
    """--year 2025-26, 2025/26, 2025-2026 or 2025 -> 2025, its first calendar year; a ValueError
    naming the problem otherwise (one parser for every command that takes a year)."""
    from cwsw_desktop.rules.governors import parse_year_label

    return parse_year_label(text)


def year_argument(text: str) -> int:
    """`academic_year` as an argparse type: a bad year is a usage error naming it."""
    try:
        return academic_year(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def year_and_day(args: argparse.Namespace) -> tuple[int, date]:
    """--year as its first calendar year and --on as a date (default today); a CliError naming
    the bad one, before the store is opened."""
    from cwsw_desktop.rules.dates import parse_date

    try:
        return academic_year(args.year), parse_date(args.on) if args.on else date.today()
    except ValueError as exc:
        raise CliError(str(exc)) from exc


def add_year_options(parser: argparse.ArgumentParser, on_help: str) -> None:
    """--year (required), --out FILE.pdf (required) and --on DATE, and the store options."""
    parser.add_argument("--year", metavar="2025-26", required=True, help="the academic year, e.g. 2025-26")
    parser.add_argument("--out", metavar="FILE.pdf", required=True, help="the file to write")
    parser.add_argument("--on", metavar="DATE", help=on_help)
    add_store_options(parser)


# --- imports ---------------------------------------------------------------------------------


def import_command(
    name: str, help: str, handler: Handler, file_help: str = "the .csv or .xlsx file", dry_run: str = ""
) -> Callable[[SubParsers], None]:
    """The leaf `import NAME FILE [--dry-run]` (with the store options) run by `handler`, to put
    in cli.IMPORTS; `dry_run` says what --dry-run shows (default: what would change)."""

    def register(kinds: SubParsers) -> None:
        p = kinds.add_parser(name, help=help)
        p.add_argument("file", metavar="FILE", help=file_help)
        p.add_argument(
            "--dry-run", action="store_true", help=f"{dry_run or 'show what would change'}; save nothing"
        )
        add_store_options(p)
        p.set_defaults(handler=handler)

    return register


def refuse(problems: Iterable[object], summary: str = "Nothing was imported.") -> int:
    """Every problem on stderr, one a line, then `summary`: exit status 1."""
    for problem in problems:
        print(problem, file=sys.stderr)
    print(summary, file=sys.stderr)
    return 1


def refuse_file(problems: Sequence[object], source: str) -> int:
    """A file that could not be read as an import: nothing is saved (exit status 1)."""
    return refuse(problems, f"Nothing was imported: {len(problems)} problem(s) in {source}.")


def finish_import(
    args: argparse.Namespace,
    preview: Iterable[str],
    apply: Callable[[], object],
    nothing_to_do: str | None = None,
) -> int:
    """The end of every `import WHAT`: print the preview; with --dry-run stop there; with nothing
    to do say so; otherwise apply (all or nothing) and print its summary."""
    from cwsw_desktop.services.errors import ValidationError

    for line in preview:
        print(line)
    if args.dry_run:
        print("Dry run: nothing was saved.")
        return 0
    if nothing_to_do is not None:
        print(nothing_to_do)
        return 0
    try:
        print(apply())
    except ValidationError as exc:
        return refuse(exc.problems)
    return 0


def run_export(args: argparse.Namespace, write: Callable[..., Any]) -> tuple[Any, str]:
    """Check --out, open the store, write one export (encrypted unless --unencrypted), close;
    returns what `write` returned and where the file went, for the message. An existing file is
    refused unless --force."""
    from cwsw_desktop.services.export import export_path

    writable_file(args.out)
    with cli_store(args) as store:
        passphrase = export_passphrase(store, args)
        check_out(args, export_path(args.out, passphrase is not None))
        result = write(store.engine, passphrase=passphrase)
    return result, written(args, passphrase)
