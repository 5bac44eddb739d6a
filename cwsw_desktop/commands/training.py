"""`cwsw-desktop import training FILE [--dry-run]` and `print training-summary --year Y --out F.pdf`."""

from __future__ import annotations

import argparse
import sys

from cwsw_desktop.commands.common import (
    SubParsers,
    add_store_options,
    export_passphrase,
    open_cli_store,
    write_out,
    written,
)


def register_training_import(kinds: SubParsers) -> None:
    p = kinds.add_parser(
        "training",
        help="training from a tracker (columns Staff Name, Role, Course, Date, Hours, Provider)",
    )
    p.add_argument("file", metavar="FILE", help="the .csv or .xlsx file")
    p.add_argument("--dry-run", action="store_true", help="show what would be recorded; save nothing")
    add_store_options(p)
    p.set_defaults(handler=_cmd_import_training)


def _cmd_import_training(args: argparse.Namespace) -> int:
    from cwsw_desktop.services.errors import ValidationError
    from cwsw_desktop.services.training_import import (
        apply_training_import,
        describe_plan,
        parse_training_file,
        plan_training_import,
    )

    parsed = parse_training_file(args.file)
    if parsed.problems:
        for problem in parsed.problems:
            print(problem, file=sys.stderr)
        print(f"Nothing was imported: {len(parsed.problems)} problem(s) in {parsed.source}.", file=sys.stderr)
        return 1
    store = open_cli_store(args)
    try:
        plan = plan_training_import(store.engine, parsed)
        for line in describe_plan(plan):
            print(line)
        if args.dry_run:
            print("Dry run: nothing was saved.")
            return 0
        if plan.nothing_to_do:
            print("Nothing to import: the training log already has every line.")
            return 0
        try:
            result = apply_training_import(store.engine, parsed)
        except ValidationError as exc:
            for problem in exc.problems:
                print(problem, file=sys.stderr)
            print("Nothing was imported.", file=sys.stderr)
            return 1
        print(result.summary())
        return 0
    finally:
        store.close()


def _academic_year(text: str) -> int:
    """--year 2025-26, 2025/26 or 2025 -> 2025 (argparse shows a ValueError's words in one line)."""
    from cwsw_desktop.rules.governors import parse_year_label

    try:
        return parse_year_label(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(str(exc)) from exc


def register_training_summary(kinds: SubParsers) -> None:
    p = kinds.add_parser("training-summary", help="the training summary of an academic year, as a PDF")
    p.add_argument(
        "--year",
        metavar="2025-26",
        type=_academic_year,
        default=None,
        help="the academic year, as 2025-26 (or the year it starts in, 2025); default: this one",
    )
    p.add_argument("--out", metavar="FILE.pdf", required=True, help="the file to write")
    add_store_options(p)
    p.set_defaults(handler=_cmd_print_training_summary)


def _cmd_print_training_summary(args: argparse.Namespace) -> int:
    from datetime import date

    from cwsw_desktop.rules.calendar import academic_year_of, year_label
    from cwsw_desktop.services.audit import log_event
    from cwsw_desktop.services.training import summary_pdf

    today = date.today()
    year = args.year if args.year is not None else academic_year_of(today)
    if not 1990 <= year <= today.year + 1:
        print(f"error: --year {year} is not a plausible academic year", file=sys.stderr)
        return 1
    store = open_cli_store(args)
    try:
        passphrase = export_passphrase(store, args)
        data = summary_pdf(store.engine, year, today)
        write_out(args, data, passphrase)
        log_event(
            store.engine,
            "print",
            "training_session",
            detail=f"training summary {year_label(year)} to PDF",
        )
        print(f"Wrote the training summary for {year_label(year)} to {written(args, passphrase)}")
        return 0
    except OSError as exc:
        print(f"error: could not write {args.out}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    finally:
        store.close()
