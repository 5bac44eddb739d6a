"""`import exclusions FILE [--dry-run]`, `export exclusions --out FILE.csv` and
`print exclusions-log --year 2025-26 --out FILE.pdf`."""

from __future__ import annotations

import argparse
import io
from typing import TYPE_CHECKING

from cwsw_desktop.commands.common import (
    SubParsers,
    add_year_options,
    cli_store,
    import_command,
    refuse_file,
    run_export,
    write_out,
    year_and_day,
)

if TYPE_CHECKING:
    from sqlalchemy import Engine


def _cmd_import(args: argparse.Namespace) -> int:
    from cwsw_desktop.services.exclusion_import import apply_exclusion_import, plan_exclusion_import

    with cli_store(args) as store:
        plan = plan_exclusion_import(store.engine, args.file)
        if plan.problems:
            return refuse_file(plan.problems, plan.source)
        if args.dry_run:
            print(f"{plan.summary()}. Dry run: nothing was saved.")
            return 0
        print(apply_exclusion_import(store.engine, plan))
        return 0


_IMPORT_HELP = "suspensions and exclusions from a CSV or XLSX file (all or nothing)"
register_import_exclusions = import_command(
    "exclusions", _IMPORT_HELP, _cmd_import, dry_run="check and show what would change"
)


def register_print_exclusions_log(kinds: SubParsers) -> None:
    p = kinds.add_parser("exclusions-log", help="the named exclusions log for a year, as a PDF")
    add_year_options(p, "what is owed as of this date (default today)")
    p.set_defaults(handler=_cmd_print_log)


def _cmd_print_log(args: argparse.Namespace) -> int:
    from cwsw_desktop.rules.calendar import default_terms

    first, on = year_and_day(args)
    year = default_terms(first)

    def write(engine: Engine, passphrase: str | None) -> int:
        from cwsw_desktop.reports.exclusions_log import render_exclusions_log
        from cwsw_desktop.services.exclusions import exclusion_rows
        from cwsw_desktop.services.school import load_settings

        rows = [r for r in exclusion_rows(engine, on) if year.first_day <= r.start_date <= year.last_day]
        out = io.BytesIO()
        render_exclusions_log(rows, year.label, on, out, load_settings(engine).name)
        write_out(args, out.getvalue(), passphrase)
        return len(rows)

    count, where = run_export(args, write)
    print(f"Exclusions log {year.label}: {count} record(s) written to {where}")
    return 0
