"""The command line: the same services as the window.

Commands: `due`, `demo`, `import pupils`, `export pupil|all|register`, `audit verify`,
`backup` and `restore`; `print WHAT` and `report WHAT` appear once an area registers a leaf in
PRINTS or REPORTS below. Each subcommand is a function taking the parsed arguments and
returning an exit status; a foreseeable failure is one line on stderr and exit 1.
Commands that touch the store accept `--db PATH` (or CWSW_DB); a path with no store yet
creates one, encrypted with the passphrase from CWSW_PASSPHRASE (or asked for in a terminal)
unless `--unencrypted` is given.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING

from cwsw_desktop import APP_NAME, __version__
from cwsw_desktop.commands.common import (
    CliError,
    Handler,
    SubParsers,
    add_store_options,
    one_line,
    open_cli_store,
    reopen_cli_store,
    require_file,
    run_export,
    writable_folder,
)

if TYPE_CHECKING:
    pass


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="cwsw-desktop",
        description=f"{APP_NAME}: the Designated Teacher's register of children with a social worker. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="open a throwaway database filled with fictitious demo data"
    )
    add_store_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    for register in COMMANDS:
        register(sub)
    return parser


def run_command(args: argparse.Namespace) -> int:
    """Run the chosen command. What a command can foresee (a CliError, a store that will not
    open, a file that cannot be read or written) is one line on stderr and exit 1."""
    from cwsw_desktop.store import StoreError

    handler: Handler = args.handler
    try:
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except (CliError, StoreError, OSError) as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return 1


# --- due -------------------------------------------------------------------------------------


def _register_due(sub: SubParsers) -> None:
    p = sub.add_parser("due", help="list what needs doing (PEPs, exclusions, training, reviews)")
    add_store_options(p)
    p.set_defaults(handler=_cmd_due)


def _cmd_due(args: argparse.Namespace) -> int:
    from cwsw_desktop.rules.dates import format_date
    from cwsw_desktop.services.overview import build_overview

    store = open_cli_store(args)
    overview = build_overview(store.engine)
    print(
        f"{overview.school or 'School'} — {overview.year_label}, {overview.term} — "
        f"{format_date(overview.today)}"
    )
    print("  ".join(f"{k}: {v}" for k, v in overview.counts.items()))
    for item in overview.items:
        due = f" (by {format_date(item.due)})" if item.due else ""
        who = f"{item.pupil}: " if item.pupil else ""
        print(f"[{item.urgency}] {item.area}: {who}{item.what}{due}")
    if not overview.items:
        print("Nothing is due.")
    store.close()
    return 0


# --- demo ------------------------------------------------------------------------------------


def _register_demo(sub: SubParsers) -> None:
    p = sub.add_parser("demo", help="fill an empty database with fictitious demo data")
    add_store_options(p)
    p.add_argument("--size", type=int, default=30, help="number of pupils, at least 1 (default 30)")
    p.add_argument(
        "--seed",
        type=int,
        default=7,
        help="seed for the random choices: the same seed gives the same pupils (default 7)",
    )
    p.set_defaults(handler=_cmd_demo)


def _cmd_demo(args: argparse.Namespace) -> int:
    from cwsw_desktop.services.demo import DemoRefusedError, fill_empty_store

    if args.size < 1:  # refused before a store is created or a passphrase asked for
        raise CliError(f"--size must be at least 1, not {args.size}")
    store = open_cli_store(args)
    try:
        summary = fill_empty_store(store.engine, size=args.size, seed=args.seed)
    except DemoRefusedError as exc:
        raise CliError(str(exc)) from exc
    finally:
        store.close()
    print(
        f"Added {summary.pupils} fictitious pupils, {summary.peps} PEPs, "
        f"{summary.exclusions} suspensions to {store.path}"
    )
    return 0


# --- import pupils ---------------------------------------------------------------------------


def _register_import(sub: SubParsers) -> None:
    p = sub.add_parser("import", help="import records from a file (pupils from a MIS export, …)")
    kinds = p.add_subparsers(dest="import_kind", metavar="WHAT", required=True)
    for register in IMPORTS:
        register(kinds)


def _register_import_pupils(kinds: SubParsers) -> None:
    pupils = kinds.add_parser("pupils", help="pupils from a CSV or XLSX export (matched by UPN)")
    pupils.add_argument("file", metavar="FILE", help="the .csv or .xlsx file")
    pupils.add_argument("--dry-run", action="store_true", help="show what would change; save nothing")
    add_store_options(pupils)
    pupils.set_defaults(handler=_cmd_import_pupils)


def _cmd_import_pupils(args: argparse.Namespace) -> int:
    from cwsw_desktop.rules.upn import upn_warnings
    from cwsw_desktop.services.errors import ValidationError
    from cwsw_desktop.services.pupil_import import apply_import, parse_file, plan_import

    parsed = parse_file(require_file(args.file))
    if parsed.problems:
        for problem in parsed.problems:
            print(problem, file=sys.stderr)
        print(f"Nothing was imported: {len(parsed.problems)} problem(s) in {parsed.source}.", file=sys.stderr)
        return 1
    store = open_cli_store(args)
    try:
        plan = plan_import(store.engine, parsed.rows, source=parsed.source)
        if plan.problems:
            for problem in plan.problems:
                print(problem, file=sys.stderr)
            print("Nothing was imported.", file=sys.stderr)
            return 1
        print(plan.summary())
        for change in plan.to_change:
            fields = "; ".join(
                f"{c.field}: {c.old or '(blank)'} -> {c.new or '(blank)'}" for c in change.changes
            )
            print(f"  update {change.upn} (line {change.line}): {fields or 'new status episode'}")
        if plan.ignored_columns:
            print("Columns not imported: " + ", ".join(plan.ignored_columns))
        for warning in upn_warnings((r.line, r.upn) for r in parsed.rows):
            print(f"warning: {warning}")
        if args.dry_run:
            print("Dry run: nothing was saved.")
            return 0
        try:
            result = apply_import(store.engine, parsed)
        except ValidationError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print("Nothing was imported.", file=sys.stderr)
            return 1
        print(result.summary())
        return 0
    finally:
        store.close()


# --- export ----------------------------------------------------------------------------------


def _register_export(sub: SubParsers) -> None:
    p = sub.add_parser("export", help="export one pupil's record, the register, everything, …")
    kinds = p.add_subparsers(dest="export_kind", metavar="WHAT", required=True)
    for register in EXPORTS:
        register(kinds)


def _register_export_records(kinds: SubParsers) -> None:
    pupil = kinds.add_parser("pupil", help="everything held about one child, as JSON")
    pupil.add_argument("upn", metavar="UPN")
    pupil.add_argument("--out", metavar="FILE.json", required=True, help="the file to write")
    every = kinds.add_parser("all", help="the whole database, as JSON")
    every.add_argument("--out", metavar="FILE.json", required=True, help="the file to write")
    register = kinds.add_parser("register", help="the register of pupils, as CSV for Excel")
    register.add_argument("--out", metavar="FILE.csv", required=True, help="the file to write")
    for leaf, handler in (
        (pupil, _cmd_export_pupil),
        (every, _cmd_export_all),
        (register, _cmd_export_register),
    ):
        add_store_options(leaf)
        leaf.set_defaults(handler=handler)


def _register_print(sub: SubParsers) -> None:
    if PRINTS:
        p = sub.add_parser("print", help="print a document to a PDF file (a PEP meeting pack, …)")
        kinds = p.add_subparsers(dest="print_kind", metavar="WHAT", required=True)
        for register in PRINTS:
            register(kinds)


def _register_report(sub: SubParsers) -> None:
    if REPORTS:
        p = sub.add_parser("report", help="write a report to a PDF file (the Report to Governors, …)")
        kinds = p.add_subparsers(dest="report_kind", metavar="WHAT", required=True)
        for register in REPORTS:
            register(kinds)


def _cmd_export_pupil(args: argparse.Namespace) -> int:
    from cwsw_desktop.services.errors import NotFoundError
    from cwsw_desktop.services.export import export_pupil_json

    try:
        _, where = run_export(args, lambda engine, **kw: export_pupil_json(engine, args.upn, args.out, **kw))
    except NotFoundError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    print(f"Exported the record of pupil {args.upn.strip().upper()} to {where}")
    return 0


def _cmd_export_all(args: argparse.Namespace) -> int:
    from cwsw_desktop.services.export import export_all_json

    counts, where = run_export(args, lambda engine, **kw: export_all_json(engine, args.out, **kw))
    print(f"Exported {counts.get('pupils', 0)} pupils and {sum(counts.values())} records in all to {where}")
    return 0


def _cmd_export_register(args: argparse.Namespace) -> int:
    from cwsw_desktop.services.export import export_register_csv

    count, where = run_export(args, lambda engine, **kw: export_register_csv(engine, args.out, **kw))
    print(f"Exported the register of {count} pupils to {where}")
    return 0


# --- audit, backup, restore ------------------------------------------------------------------


def _register_audit(sub: SubParsers) -> None:
    p = sub.add_parser("audit", help="check the audit trail")
    kinds = p.add_subparsers(dest="audit_kind", metavar="WHAT", required=True)
    verify = kinds.add_parser("verify", help="check every audit row's hash chain; exit 1 if tampered with")
    add_store_options(verify)
    verify.set_defaults(handler=_cmd_audit_verify)


def _cmd_audit_verify(args: argparse.Namespace) -> int:
    from cwsw_desktop.services.audit import verify_chain

    store = open_cli_store(args)
    try:
        result = verify_chain(store.engine)
    finally:
        store.close()
    for problem in result.problems:
        print(problem, file=sys.stderr)
    print(result.summary(), file=sys.stdout if result.ok else sys.stderr)
    return 0 if result.ok else 1


def _register_backup(sub: SubParsers) -> None:
    p = sub.add_parser("backup", help="write a verified backup (to the backups folder or --to DIR)")
    p.add_argument("--to", metavar="DIR", help="folder to write the backup to (a USB stick, a network drive)")
    add_store_options(p)
    p.set_defaults(handler=_cmd_backup)
    r = sub.add_parser(
        "restore", help="replace the database with a backup (the current one is backed up first)"
    )
    r.add_argument("file", metavar="FILE", help="the backup file (.db)")
    add_store_options(r)
    r.set_defaults(handler=_cmd_restore)


def _cmd_backup(args: argparse.Namespace) -> int:
    from datetime import datetime

    from cwsw_desktop.paths import resolve_paths
    from cwsw_desktop.services.backup import BackupError, backup_to

    folder = (
        writable_folder(args.to)
        if args.to
        else resolve_paths(getattr(args, "db", None), getattr(args, "data_dir", None)).backup_dir
    )
    store = open_cli_store(args)
    try:
        result = backup_to(store, folder / f"cwsw-{datetime.now():%Y-%m-%d-%H%M%S}.db")
    except BackupError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
    print(
        f"Backup verified and saved: {result.path} ({result.pupils} pupils, {result.size:,} bytes, "
        f"{result.seconds:.2f} s)"
    )
    return 0


def _cmd_restore(args: argparse.Namespace) -> int:

    from cwsw_desktop.paths import resolve_paths
    from cwsw_desktop.services.backup import BackupError, record_restore, restore_from

    paths = resolve_paths(getattr(args, "db", None), getattr(args, "data_dir", None))
    try:
        backup = require_file(args.file)
    except CliError as exc:
        raise CliError(f"{exc}. The database has not been changed.") from exc
    store = open_cli_store(args)
    passphrase = store.passphrase  # to reopen the restored file without asking again
    try:
        result = restore_from(store, backup, paths.backup_dir)
    except BackupError as exc:
        print(f"error: {exc} The database has not been changed.", file=sys.stderr)
        return 1
    finally:
        store.close()  # restore_from has closed it already; closing again is harmless
    reopened = reopen_cli_store(store.path, passphrase)
    try:
        record_restore(reopened, result)
    finally:
        reopened.close()
    kept = "backed up" if result.safety_verified else "too damaged to back up; its files were copied"
    print(
        f"Restored {result.counts.get('pupil', 0)} pupils from {result.restored_from}. "
        f"The database it replaced was {kept} to {result.safety_copy}"
    )
    return 0


Register = Callable[[SubParsers], None]
# Each area adds its leaves here: `cwsw-desktop import WHAT`, `export WHAT`, `print WHAT`, `report WHAT`.
IMPORTS: list[Register] = [_register_import_pupils]
EXPORTS: list[Register] = [_register_export_records]
PRINTS: list[Register] = []
REPORTS: list[Register] = []
COMMANDS: list[Register] = [
    _register_due,
    _register_demo,
    _register_import,
    _register_export,
    _register_print,
    _register_report,
    _register_audit,
    _register_backup,
]
