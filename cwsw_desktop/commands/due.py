"""`cwsw-desktop due [--on DATE] [--json] [--kind KIND…]`: what is due, as the Overview shows it."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import date

from cwsw_desktop.commands.common import SubParsers, add_store_options, open_cli_store
from cwsw_desktop.rules.duties import DutyKind

KINDS = tuple(kind.value for kind in DutyKind)


def register_due(sub: SubParsers) -> None:
    p = sub.add_parser(
        "due",
        help="list what is due (PEPs, SDQs, EHCP reviews, attendance, exclusions, training, reviews)",
        description="List what is due on a date, most urgent first: the same list as the Overview. "
        "Kinds: " + ", ".join(KINDS) + ".",
    )
    p.add_argument("--on", metavar="DATE", help="the date to ask about (dd/mm/yyyy or ISO; default today)")
    p.add_argument("--json", action="store_true", help="print a JSON array (dates in ISO)")
    p.add_argument(
        "--kind",
        metavar="KIND",
        nargs="+",
        action="extend",
        help="only these kinds (see the list above); may be given more than once",
    )
    add_store_options(p)
    p.set_defaults(handler=cmd_due)


def _kinds(names: list[str] | None) -> list[DutyKind] | None:
    if not names:
        return None
    unknown = [n for n in names if n not in KINDS]
    if unknown:
        raise ValueError(f"unknown kind '{unknown[0]}' (use one of: {', '.join(KINDS)})")
    return [DutyKind(n) for n in names]


def cmd_due(args: argparse.Namespace) -> int:
    from cwsw_desktop.rules.dates import format_date, parse_date

    try:
        on = parse_date(args.on) if args.on else date.today()
    except ValueError as exc:
        print(f"error: --on: {exc}", file=sys.stderr)
        return 1
    try:
        kinds = _kinds(args.kind)
    except ValueError as exc:
        print(f"error: --kind: {exc}", file=sys.stderr)
        return 1
    store = open_cli_store(args)
    try:
        if args.json:
            from cwsw_desktop.services.due import what_is_due

            print(json.dumps([d.as_json() for d in what_is_due(store.engine, on, kinds)], indent=2))
            return 0
        from cwsw_desktop.services.overview import build_overview

        overview = build_overview(store.engine, on)
    finally:
        store.close()
    wanted = set(kinds) if kinds is not None else None
    rows = [r for r in overview.rows if wanted is None or r.duty.kind in wanted]
    print(f"{overview.school or 'School'} — {overview.year_label}, {overview.term} — {format_date(on)}")
    print("  ".join(f"{c.value}: {n}" for c, n in overview.counts.items()))
    for row in rows:
        d = row.duty
        when = f" ({format_date(d.due)})" if d.due else ""
        who = f"{row.pupil_name} ({d.pupil}): " if d.pupil else (f"{d.staff}: " if d.staff else "")
        print(f"[{d.severity.value}] {d.kind.value}{when} {who}{d.message}")
    if not rows:
        print("Nothing is due.")
    return 0
