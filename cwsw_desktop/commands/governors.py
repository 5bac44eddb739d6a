"""`cwsw-desktop report governors`: the anonymised Report to Governors as a PDF file.

The report holds counts only, so it is written as a plain PDF (never an encrypted ZIP), readable
by its owner only (0600).
"""

from __future__ import annotations

import argparse
import sys
from datetime import date
from pathlib import Path

from cwsw_desktop.commands.common import SubParsers, add_store_options, open_cli_store, write_out

TERMS = ("autumn", "spring", "summer")


def register_governors(kinds: SubParsers) -> None:
    p = kinds.add_parser(
        "governors",
        help="the Report to Governors for a year or a term (anonymised PDF)",
        description="Write the Designated Teacher's anonymised Report to Governors as a PDF.",
    )
    p.add_argument("--year", required=True, metavar="YYYY-YY", help="academic year, e.g. 2025-26")
    p.add_argument("--term", choices=TERMS, type=str.lower, help="one term only (the termly version)")
    p.add_argument("--out", required=True, metavar="FILE.pdf", help="where to write the PDF")
    p.add_argument("--on", metavar="DATE", help="the date the report is produced (default: today)")
    add_store_options(p)
    p.set_defaults(handler=_cmd_report_governors)


def _cmd_report_governors(args: argparse.Namespace) -> int:
    from cwsw_desktop.reports.governors import governors_pdf
    from cwsw_desktop.rules.dates import parse_date
    from cwsw_desktop.rules.governors import parse_year_label
    from cwsw_desktop.services.audit import log_event
    from cwsw_desktop.services.governors import build_governors_report

    try:
        start_year = parse_year_label(args.year)
        produced_on = parse_date(args.on) if args.on else date.today()
    except ValueError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")
    args.out = str(out)
    store = open_cli_store(args)
    try:
        report = build_governors_report(store.engine, start_year, args.term, produced_on)
        try:
            written = write_out(args, governors_pdf(report))
        except OSError as exc:
            print(f"error: could not write {out}: {exc.strerror or exc}", file=sys.stderr)
            return 1
        log_event(
            store.engine, "export", "governors_report", detail=f"{report.file_stem} written to {written.name}"
        )
    finally:
        store.close()
    extra = " (a nil return: no looked-after child on roll)" if report.nil_return else ""
    print(f"Wrote the {report.file_stem}{extra} to {written} (anonymised, not encrypted: 0600)")
    return 0
