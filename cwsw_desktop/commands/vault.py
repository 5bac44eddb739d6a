"""The vault's commands: `audit verify`, `backup` and `restore` (also onto a damaged database).

Moved here from cli.py; registered in its COMMANDS list by ``register_vault``.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from datetime import datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cwsw_desktop.commands.common import (
    SubParsers,
    add_store_options,
    cli_passphrase,
    cli_store,
    writable_folder,
)

if TYPE_CHECKING:
    from cwsw_desktop.services.restore import RestoreResult


def register_vault(sub: SubParsers) -> None:
    p = sub.add_parser("audit", help="check the audit trail")
    kinds = p.add_subparsers(dest="audit_kind", metavar="WHAT", required=True)
    verify = kinds.add_parser(
        "verify",
        help="check the audit trail's hash chain, and that every backup's trail is a prefix of it; "
        "exit 1 if tampered with",
    )
    verify.add_argument(
        "--against",
        metavar="DIR",
        nargs="+",
        default=[],
        help="more folders of backups to compare with (the data folder's backups and every folder a "
        "backup was written to are always used)",
    )
    add_store_options(verify)
    verify.set_defaults(handler=_cmd_audit_verify)

    b = sub.add_parser("backup", help="write a verified backup (to the backups folder or --to DIR)")
    b.add_argument("--to", metavar="DIR", help="folder to write the backup to (a USB stick, a network drive)")
    add_store_options(b)
    b.set_defaults(handler=_cmd_backup)

    r = sub.add_parser(
        "restore",
        help="replace the database with a backup (the current one is backed up first, or moved "
        "aside if it is damaged); with no FILE, offers the newest verified backup",
    )
    r.add_argument("file", metavar="FILE", nargs="?", help="the backup file (.db)")
    r.add_argument("--yes", action="store_true", help="restore the newest verified backup without asking")
    add_store_options(r)
    r.set_defaults(handler=_cmd_restore)


def _backup_folders(args: argparse.Namespace) -> tuple[Path, list[Path]]:
    from cwsw_desktop.paths import resolve_paths
    from cwsw_desktop.services.backup import remembered_folders

    paths = resolve_paths(getattr(args, "db", None), getattr(args, "data_dir", None))
    folders = [paths.backup_dir, *remembered_folders(paths.db_path)]
    return paths.db_path, folders


def _cmd_audit_verify(args: argparse.Namespace) -> int:
    from cwsw_desktop.services.audit_anchor import check_against_backups

    _, folders = _backup_folders(args)
    folders += [Path(d).expanduser() for d in args.against]
    missing = [d for d in args.against if not Path(d).expanduser().is_dir()]
    if missing:
        print(f"error: no such folder: {', '.join(missing)}", file=sys.stderr)
        return 1
    with cli_store(args) as store:
        result = check_against_backups(store.engine, folders)
    for problem in result.chain.problems:
        print(problem, file=sys.stderr)
    out = sys.stdout if result.ok else sys.stderr
    for line in result.lines():
        print(line, file=out)
    return 0 if result.ok else 1


def _cmd_backup(args: argparse.Namespace) -> int:
    from cwsw_desktop.paths import resolve_paths
    from cwsw_desktop.services.backup import BackupError, backup_to, unused_path

    folder = (
        writable_folder(args.to)
        if args.to
        else resolve_paths(getattr(args, "db", None), getattr(args, "data_dir", None)).backup_dir
    )
    with cli_store(args) as store:
        try:
            result = backup_to(store, unused_path(folder, f"cwsw-{datetime.now():%Y-%m-%d-%H%M%S}"))
        except BackupError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
    print(
        f"Backup verified and saved: {result.path} ({result.pupils} pupils, {result.size:,} bytes, "
        f"{result.seconds:.2f} s)"
    )
    return 0


def _choose_newest(args: argparse.Namespace, folders: list[Path]) -> Path | None:
    from cwsw_desktop.services.backup import newest_verified

    newest = newest_verified(folders)
    if newest is None:
        where = ", ".join(str(f) for f in folders)
        print(
            f"error: no verified backup was found (looked in {where}); name one: restore FILE",
            file=sys.stderr,
        )
        return None
    print(f"The newest verified backup is {newest.path} (taken {newest.taken:%d/%m/%Y at %H:%M}).")
    if args.yes:
        return newest.path
    if sys.stdin.isatty():
        if input("Restore it? The current database is kept first. [y/N] ").strip().lower() in ("y", "yes"):
            return newest.path
        print("Nothing was restored.")
        return None
    print("Run again with --yes to restore it, or name the backup: restore FILE.", file=sys.stderr)
    return None


def _restore(
    source: Any, backup: Path, safety_dir: Path, release: Callable[[], None]
) -> RestoreResult | None:
    """Restore, then release what holds the database; None (said on stderr) if it was refused."""
    from cwsw_desktop.services.backup import BackupError
    from cwsw_desktop.services.restore import restore_from

    try:
        return restore_from(source, backup, safety_dir)
    except BackupError as exc:
        print(f"error: {exc} The database has not been changed.", file=sys.stderr)
        return None
    finally:
        release()


def _cmd_restore(args: argparse.Namespace) -> int:
    from cwsw_desktop.services.restore import DetachedStore, record_restore
    from cwsw_desktop.store import (
        DatabaseInUseError,
        PassphraseRequiredError,
        StoreError,
        StoreTooNewError,
        open_store,
    )
    from cwsw_desktop.store.lockfile import acquire

    db_path, folders = _backup_folders(args)
    backup = Path(args.file).expanduser() if args.file else _choose_newest(args, folders)
    if backup is None:
        return 1
    if not backup.is_file():
        print(f"error: there is no backup at {backup}. The database has not been changed.", file=sys.stderr)
        return 1
    safety_dir = folders[0]
    result: RestoreResult | None
    passphrase: str | None = None
    try:
        passphrase = cli_passphrase(args, db_path if db_path.is_file() else backup)
        store = open_store(db_path, passphrase=passphrase, create=False)
    except (PassphraseRequiredError, StoreTooNewError, DatabaseInUseError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except StoreError as exc:  # damaged, or a first page no key opens
        if not db_path.is_file():
            print(f"error: {exc}", file=sys.stderr)
            return 1
        # damaged (or its first page is): restore without opening it, keyed like the backup
        print(f"The database cannot be opened ({exc}). Restoring onto it; the damaged file is kept.")
        try:
            passphrase = cli_passphrase(args, backup)
            lock = acquire(db_path)
        except StoreError as lock_exc:
            print(f"error: {lock_exc}", file=sys.stderr)
            return 1
        result = _restore(DetachedStore(db_path, passphrase), backup, safety_dir, lock.release)
    else:
        result = _restore(store, backup, safety_dir, store.close)
    if result is None:
        return 1
    try:
        reopened = open_store(db_path, passphrase=passphrase, create=False)
    except StoreError as exc:
        print(f"error: the backup was restored but does not open: {exc}", file=sys.stderr)
        return 1
    try:
        record_restore(reopened, result)
    finally:
        reopened.close()
    kept = "backed up" if result.safety_verified else "damaged; it was moved aside, kept whole,"
    print(
        f"Restored {result.counts.get('pupil', 0)} pupils from {result.restored_from}. "
        f"The database it replaced was {kept} to {result.safety_copy}"
    )
    return 0
