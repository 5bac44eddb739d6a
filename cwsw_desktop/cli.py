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
from importlib import import_module
from typing import Any

from cwsw_desktop import APP_NAME, __version__
from cwsw_desktop.commands.common import (
    CliError,
    Handler,
    SubParsers,
    add_force_option,
    add_store_options,
    cli_store,
    finish_import,
    import_command,
    one_line,
    open_cli_store,
    refuse,
    refuse_file,
    require_file,
    run_export,
    writable_file,
)

Register = Callable[[SubParsers], None]
Command = tuple[tuple[str, ...], Register]  # the names of the commands, and the Register adding them


def _in(module: str, name: str) -> Register:
    """The Register `name` of `cwsw_desktop.commands.<module>`, imported when its parser is built:
    a command imports the modules of its own commands only."""

    def register(sub: SubParsers) -> None:
        getattr(import_module(f"cwsw_desktop.commands.{module}"), name)(sub)

    return register


class _HelpFormatter(argparse.HelpFormatter):
    """argparse's formatter, working out the terminal's width (as argparse does, with shutil,
    which imports bz2 and lzma: ~3 ms) only when help or usage is printed. argparse makes a
    formatter for every argument added, to check its metavar, and `due` prints neither."""

    def __init__(
        self,
        prog: str,
        indent_increment: int = 2,
        max_help_position: int = 24,
        width: int | None = None,
        **more: Any,  # (what a later Python's formatter may take too)
    ) -> None:
        self._asked = (indent_increment, max_help_position, width, more)
        super().__init__(prog, indent_increment, max_help_position, 0 if width is None else width, **more)
        if width is None:
            del self._width, self._max_help_position  # worked out by __getattr__ when first read

    def __getattr__(self, name: str) -> Any:
        if name not in ("_width", "_max_help_position"):
            raise AttributeError(name)
        indent_increment, max_help_position, width, more = self._asked
        measured = argparse.HelpFormatter(self._prog, indent_increment, max_help_position, width, **more)
        self._width, self._max_help_position = measured._width, measured._max_help_position
        return getattr(self, name)


class _Parser(argparse.ArgumentParser):
    """An ArgumentParser with _HelpFormatter; its subcommands' parsers are _Parsers too."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("formatter_class", _HelpFormatter)
        super().__init__(*args, **kwargs)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; with `command` (the first word typed) naming a command, the
    parser of that command alone beside the top-level options. Everything after a command's name
    is parsed by that command's parser, so the result is the same, and `cwsw-desktop due` starts
    sooner: its store starts opening about 10 ms earlier than after building the other 20-odd
    parsers (each an ArgumentParser that looks up its messages' translations on disk)."""
    parser: argparse.ArgumentParser = _Parser(
        prog="cwsw-desktop",
        description=f"{APP_NAME}: the Designated Teacher's register of children with a social worker. "
        "With no command, opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    parser.add_argument(
        "--demo", action="store_true", help="open a throwaway database filled with fictitious demo data"
    )
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window, load every tab, then quit: exit status 0 if all is well (an install check)",
    )
    add_store_options(parser, top=True)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    chosen = [register for names, register in COMMANDS if command in names]
    for register in chosen or [register for _names, register in COMMANDS]:
        register(sub)
    return parser


def run_command(args: argparse.Namespace) -> int:
    """Run the chosen command. What a command can foresee (a CliError, a store that will not
    open, a file that cannot be read or written) is one line on stderr and exit 1."""
    from cwsw_desktop.store import StoreError

    handler: Handler = args.handler
    try:
        # Checked for every command before a store is opened or a passphrase asked for: an input
        # that is not there, an output folder that is missing, read-only or a file.
        if getattr(args, "import_kind", None) and getattr(args, "file", None):
            require_file(args.file)
        if getattr(args, "out", None):
            writable_file(args.out)
        return handler(args)
    except KeyboardInterrupt:
        return 130
    except (CliError, StoreError, OSError) as exc:
        print(f"error: {one_line(exc)}", file=sys.stderr)
        return 1


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
    p.add_argument(
        "--years",
        type=int,
        help="academic years of history (status, PEPs, suspensions, SDQs, 300 staff's training, "
        "audit); without it, the everyday demo's year or two",
    )
    p.set_defaults(handler=_cmd_demo)


def _cmd_demo(args: argparse.Namespace) -> int:
    from cwsw_desktop.services.demo import DemoRefusedError, fill_empty_store

    if args.size < 1:  # refused before a store is created or a passphrase asked for
        raise CliError(f"--size must be at least 1, not {args.size}")
    if args.years is not None and args.years < 1:
        raise CliError(f"--years must be at least 1, not {args.years}")
    store = open_cli_store(args)
    try:
        summary = fill_empty_store(store.engine, size=args.size, seed=args.seed, years=args.years)
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


def _group(name: str, help: str, dest: str, registry: list[Register]) -> Command:
    """`cwsw-desktop NAME WHAT …`: one subcommand whose leaves the areas register in `registry`
    (absent while the registry is empty); every leaf that writes --out takes --force."""

    def register_group(sub: SubParsers) -> None:
        if registry:
            p = sub.add_parser(name, help=help)
            kinds = p.add_subparsers(dest=dest, metavar="WHAT", required=True)
            for register in registry:
                register(kinds)
            add_force_option(kinds)

    return (name,), register_group


def _cmd_import_pupils(args: argparse.Namespace) -> int:
    from cwsw_desktop.rules.upn import upn_warnings
    from cwsw_desktop.services.pupil_import import apply_import, parse_file, plan_import

    parsed = parse_file(require_file(args.file))
    if parsed.problems:
        return refuse_file(parsed.problems, parsed.source)
    with cli_store(args) as store:
        plan = plan_import(store.engine, parsed.rows, source=parsed.source)
        if plan.problems:
            return refuse(plan.problems)
        preview = [plan.summary()]
        for change in plan.to_change:
            fields = "; ".join(
                f"{c.field}: {c.old or '(blank)'} -> {c.new or '(blank)'}" for c in change.changes
            )
            preview.append(f"  update {change.upn} (line {change.line}): {fields or 'new status episode'}")
        if plan.ignored_columns:
            preview.append("Columns not imported: " + ", ".join(plan.ignored_columns))
        preview += [f"warning: {w}" for w in upn_warnings((r.line, r.upn) for r in parsed.rows)]
        return finish_import(args, preview, lambda: apply_import(store.engine, parsed).summary())


_register_import_pupils = import_command(
    "pupils", "pupils from a CSV or XLSX export (matched by UPN)", _cmd_import_pupils
)


# --- export ----------------------------------------------------------------------------------


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


# Each area adds its leaves here: `cwsw-desktop import WHAT`, `export WHAT`, `print WHAT`, `report WHAT`.
IMPORTS: list[Register] = [
    _register_import_pupils,
    _in("peps", "register_import_peps"),
    _in("exclusions", "register_import_exclusions"),
    _in("training", "register_training_import"),
]
EXPORTS: list[Register] = [_register_export_records, _in("peps", "register_export_calendar")]
PRINTS: list[Register] = [
    _in("peps", "register_print_pep_agenda"),
    _in("exclusions", "register_print_exclusions_log"),
    _in("training", "register_training_summary"),
]
REPORTS: list[Register] = [_in("governors", "register_governors")]
# Each command's registration with the names of the commands it adds (a test checks them).
COMMANDS: list[Command] = [
    (("due",), _in("due", "register_due")),
    (("demo",), _register_demo),
    _group("import", "import records from a file (pupils from a MIS export, …)", "import_kind", IMPORTS),
    _group("export", "export one pupil's record, the register, everything, …", "export_kind", EXPORTS),
    _group("print", "print a document to a PDF file (a PEP meeting pack, …)", "print_kind", PRINTS),
    _group("report", "write a report to a PDF file (the Report to Governors, …)", "report_kind", REPORTS),
    (("audit", "backup", "restore"), _in("vault", "register_vault")),
]
