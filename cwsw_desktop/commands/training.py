"""`cwsw-desktop import training FILE [--dry-run]` and `print training-summary --year Y --out F.pdf`."""

from __future__ import annotations

import argparse
import sys

from cwsw_desktop.commands.common import (
    SubParsers,
    add_store_options,
    cli_store,
    finish_import,
    import_command,
    refuse_file,
    write_export,
    year_argument,
)


def _cmd_import_training(args: argparse.Namespace) -> int:
    from cwsw_desktop.services.training_import import (
        apply_training_import,
        describe_plan,
        parse_training_file,
        plan_training_import,
    )

    parsed = parse_training_file(args.file)
    if parsed.problems:
        return refuse_file(parsed.problems, parsed.source)
    with cli_store(args) as store:
        plan = plan_training_import(store.engine, parsed)
        return finish_import(
            args,
            describe_plan(plan),
            lambda: apply_training_import(store.engine, parsed).summary(),
            "Nothing to import: the training log already has every line." if plan.nothing_to_do else None,
        )


_IMPORT_HELP = "training from a tracker (columns Staff Name, Role, Course, Date, Hours, Provider)"
register_training_import = import_command(
    "training", _IMPORT_HELP, _cmd_import_training, dry_run="show what would be recorded"
)


def register_training_summary(kinds: SubParsers) -> None:
    p = kinds.add_parser("training-summary", help="the training summary of an academic year, as a PDF")
    p.add_argument(
        "--year",
        metavar="2025-26",
        type=year_argument,
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
    with cli_store(args) as store:
        where = write_export(store, args, summary_pdf(store.engine, year, today))
        log_event(
            store.engine,
            "print",
            "training_session",
            detail=f"training summary {year_label(year)} to PDF",
        )
    print(f"Wrote the training summary for {year_label(year)} to {where}")
    return 0
