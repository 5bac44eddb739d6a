"""`cwsw-desktop report governors`: the anonymised Report to Governors as a PDF file.

The report holds counts only, so it is written as a plain PDF (never an encrypted ZIP), readable
by its owner only (0600).
"""

from __future__ import annotations

import argparse
from pathlib import Path

from cwsw_desktop.commands.common import SubParsers, add_year_options, cli_store, write_out, year_and_day

TERMS = ("autumn", "spring", "summer")


def register_governors(kinds: SubParsers) -> None:
    p = kinds.add_parser(
        "governors",
        help="the Report to Governors for a year or a term (anonymised PDF)",
        description="Write the Designated Teacher's anonymised Report to Governors as a PDF.",
    )
    p.add_argument("--term", choices=TERMS, type=str.lower, help="one term only (the termly version)")
    add_year_options(p, "the date the report is produced (default: today)")
    p.set_defaults(handler=_cmd_report_governors)


def _cmd_report_governors(args: argparse.Namespace) -> int:
    from cwsw_desktop.reports.governors import governors_pdf
    from cwsw_desktop.services.audit import log_event
    from cwsw_desktop.services.governors import build_governors_report

    start_year, produced_on = year_and_day(args)
    out = Path(args.out).expanduser()
    if out.suffix.lower() != ".pdf":
        out = out.with_name(out.name + ".pdf")
    args.out = str(out)
    with cli_store(args) as store:
        report = build_governors_report(store.engine, start_year, args.term, produced_on)
        written = write_out(args, governors_pdf(report))
        log_event(
            store.engine, "export", "governors_report", detail=f"{report.file_stem} written to {written.name}"
        )
    extra = " (a nil return: no looked-after child on roll)" if report.nil_return else ""
    print(f"Wrote the {report.file_stem}{extra} to {written} (anonymised, not encrypted: 0600)")
    return 0
