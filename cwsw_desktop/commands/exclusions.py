"""`import exclusions FILE [--dry-run]`, `export exclusions --out FILE.csv` and
`print exclusions-log --year 2025-26 --out FILE.pdf`."""

from __future__ import annotations

import argparse
import io
import re
import sys
from datetime import date
from typing import TYPE_CHECKING

from cwsw_desktop.commands.common import SubParsers, add_store_options, open_cli_store, run_export, write_out

if TYPE_CHECKING:
    from sqlalchemy import Engine

_YEAR = re.compile(r"^(\d{4})[-/](\d{2}|\d{4})$")


def register_import_exclusions(kinds: SubParsers) -> None:
    p = kinds.add_parser(
        "exclusions", help="suspensions and exclusions from a CSV or XLSX file (all or nothing)"
    )
    p.add_argument("file", metavar="FILE", help="the .csv or .xlsx file")
    p.add_argument("--dry-run", action="store_true", help="check and show what would change; save nothing")
    add_store_options(p)
    p.set_defaults(handler=_cmd_import)


def _cmd_import(args: argparse.Namespace) -> int:
    from cwsw_desktop.services.exclusion_import import apply_exclusion_import, plan_exclusion_import

    store = open_cli_store(args)
    try:
        plan = plan_exclusion_import(store.engine, args.file)
        if plan.problems:
            for problem in plan.problems:
                print(problem, file=sys.stderr)
            print(f"Nothing was imported: {len(plan.problems)} problem(s) in {plan.source}.", file=sys.stderr)
            return 1
        if args.dry_run:
            print(f"{plan.summary()}. Dry run: nothing was saved.")
            return 0
        print(apply_exclusion_import(store.engine, plan))
        return 0
    finally:
        store.close()


def start_year(text: str) -> int:
    """'2025-26', '2025/26' or '2025-2026' -> 2025."""
    m = _YEAR.match(text.strip())
    if m is None:
        raise ValueError(f"'{text}' is not an academic year like 2025-26")
    first, second = int(m.group(1)), int(m.group(2))
    if second % 100 != (first + 1) % 100:
        raise ValueError(f"'{text}' is not an academic year: the second year must follow the first")
    return first


def register_print_exclusions_log(kinds: SubParsers) -> None:
    p = kinds.add_parser("exclusions-log", help="the named exclusions log for a year, as a PDF")
    p.add_argument("--year", metavar="2025-26", required=True, help="the academic year")
    p.add_argument("--out", metavar="FILE.pdf", required=True, help="the file to write")
    p.add_argument("--on", metavar="DATE", help="what is owed as of this date (default today)")
    add_store_options(p)
    p.set_defaults(handler=_cmd_print_log)


def _cmd_print_log(args: argparse.Namespace) -> int:
    from cwsw_desktop.rules.calendar import default_terms
    from cwsw_desktop.rules.dates import parse_date

    try:
        first = start_year(args.year)
        on = parse_date(args.on) if args.on else date.today()
    except ValueError as exc:
        print(f"cwsw-desktop: {exc}", file=sys.stderr)
        return 1
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
