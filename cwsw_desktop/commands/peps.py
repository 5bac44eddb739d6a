"""PEP commands: `import peps`, `export calendar` and `print pep-agenda`."""

from __future__ import annotations

import argparse
import sys
from datetime import date

from cwsw_desktop.commands.common import (
    SubParsers,
    academic_year,
    add_store_options,
    cli_store,
    import_command,
    refuse,
    write_export,
)

TERMS = ("autumn", "spring", "summer")


def _cmd_import_peps(args: argparse.Namespace) -> int:
    from cwsw_desktop.services.errors import ValidationError
    from cwsw_desktop.services.pep_import import import_peps

    with cli_store(args) as store:
        try:
            plan = import_peps(store.engine, args.file, dry_run=args.dry_run)
        except ValidationError as exc:
            return refuse(exc.problems, f"Nothing was imported: {len(exc.problems)} problem(s).")
    print(plan.summary())
    if plan.ignored_columns:
        print("Columns not imported: " + ", ".join(plan.ignored_columns))
    if args.dry_run:
        print("Dry run: nothing was saved.")
    return 0


_PEP_COLUMNS = "the .csv or .xlsx file: UPN, Date, Status[, Notes, Time, Place, Targets Set]"
register_import_peps = import_command(
    "peps", "past and planned PEP meetings from a tracker (CSV or XLSX)", _cmd_import_peps, _PEP_COLUMNS
)


def register_export_calendar(kinds: SubParsers) -> None:
    p = kinds.add_parser("calendar", help="PEP meetings as an .ics file for Outlook (initials only)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("--term", choices=TERMS, help="one term of the current academic year")
    which.add_argument("--year", metavar="2026-27", help="a whole academic year")
    p.add_argument("--out", metavar="FILE.ics", required=True, help="the file to write")
    add_store_options(p)
    p.set_defaults(handler=_cmd_export_calendar)


def _start_year(text: str) -> int:
    try:
        first = academic_year(text)
    except ValueError as exc:
        raise ValueError(f"--year {text}: give an academic year like 2026-27") from exc
    if not 1990 <= first <= 2100:
        raise ValueError(f"--year {text}: give an academic year like 2026-27")
    return first


def _cmd_export_calendar(args: argparse.Namespace) -> int:
    from cwsw_desktop.rules.calendar import academic_year_of
    from cwsw_desktop.services.pep_ics import calendar_ics, record_export, span_of
    from cwsw_desktop.services.school import year_dates

    try:
        start_year = _start_year(args.year) if args.year else academic_year_of(date.today())
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    with cli_store(args) as store:
        year = year_dates(store.engine, start_year)
        start, end = span_of(year, args.term)
        data, count = calendar_ics(store.engine, start, end)
        where = write_export(store, args, data)
        record_export(store.engine, count, where)
    what = f"the {args.term.title()} term" if args.term else "the year"
    print(f"Exported {count} PEP meetings of {what} {year.label} to {where}")
    return 0


def register_print_pep_agenda(kinds: SubParsers) -> None:
    p = kinds.add_parser("pep-agenda", help="the PEP meeting pack for a pupil's meeting, as PDF")
    p.add_argument("--pupil", metavar="UPN", required=True)
    p.add_argument("--date", metavar="DD/MM/YYYY", help="the meeting's date (default: the next planned one)")
    p.add_argument("--out", metavar="FILE.pdf", required=True, help="the file to write")
    add_store_options(p)
    p.set_defaults(handler=_cmd_print_pep_agenda)


def _cmd_print_pep_agenda(args: argparse.Namespace) -> int:
    from cwsw_desktop.reports.pep_pack import pep_pack_pdf
    from cwsw_desktop.rules.dates import format_date, parse_date
    from cwsw_desktop.services.errors import NotFoundError
    from cwsw_desktop.services.pep_pack import pack_data, record_print
    from cwsw_desktop.services.peps import meeting_on, next_planned, pupil_by_upn

    today = date.today()
    try:
        on = parse_date(args.date) if args.date else None
    except ValueError as exc:
        print(f"error: --date {args.date}: {exc}", file=sys.stderr)
        return 1
    with cli_store(args) as store:
        try:
            pupil_id = pupil_by_upn(store.engine, args.pupil)
        except NotFoundError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        pep_id = meeting_on(store.engine, pupil_id, on) if on else next_planned(store.engine, pupil_id, today)
        if pep_id is None:
            where = f"on {format_date(on)}" if on else "planned from today"
            print(
                f"error: no PEP meeting {where} for pupil {args.pupil.upper()}: book one first",
                file=sys.stderr,
            )
            return 1
        where = write_export(store, args, pep_pack_pdf(pack_data(store.engine, pep_id, today)))
        record_print(store.engine, pep_id, pupil_id, where)
    print(f"Printed the PEP meeting pack to {where}")
    return 0
