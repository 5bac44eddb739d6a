"""The cohort, attendance, PP+ and well-being sections of the Report to Governors."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from statistics import fmean

from cwsw_desktop.models import PpPlusKind
from cwsw_desktop.reports.governors_data import (
    AttendanceSection,
    BarSeries,
    ChartData,
    CohortSection,
    PpPlusSection,
    TableData,
    WellbeingSection,
)
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.governors import REPORT_CATEGORIES
from cwsw_desktop.rules.money import format_pence
from cwsw_desktop.rules.pep import PepStatus
from cwsw_desktop.rules.sdq import BORDERLINE, CONCERN, NORMAL, sdq_band
from cwsw_desktop.rules.status import Category
from cwsw_desktop.rules.suppression import SMALLEST_SHOWN, WITHHELD, suppress_grid, total_of_parts
from cwsw_desktop.services.governors_cohort import on_roll_sql
from cwsw_desktop.services.governors_context import (
    ALL_LABEL,
    CATEGORY_LABELS,
    ReportContext,
    grid_rows,
)

KEY_STAGES = ("EYFS", "KS1", "KS2", "KS3", "KS4", "KS5", "Post-18")
LABELS = [CATEGORY_LABELS[c] for c in REPORT_CATEGORIES]
NOT_RECORDED = "Not recorded"


@dataclass(frozen=True)
class Cohort:
    section: CohortSection
    hidden_totals: frozenset[str]  # categories whose pupils-at-any-time total is not printed


def cohort_section(ctx: ReportContext, census: date) -> Cohort:
    """Who counted on the census day (``census``, or the report's day when that is earlier) and
    at any time in the period, by category and by key stage; joiners and leavers; the looked-after
    children's authorities; SEN."""
    period, on, kids = ctx.period, ctx.suppress, ctx.cohort
    census_note = (
        f"on the census day, {format_date(census)}"
        if census == period.census
        else f"on {format_date(census)} (the census day, {format_date(period.census)}, has not come yet)"
    )
    stages = [ks for ks in KEY_STAGES if kids.stages_during[ks] or kids.stages_on_census[ks]] or ["KS2"]
    # Two small tables rather than one sparse category-by-key-stage grid: in a small school
    # that grid is nearly all 1s and 2s, and protecting them would withhold almost every number.
    by_category = [[kids.on_census[cat], kids.during[cat]] for cat in REPORT_CATEGORIES]
    by_stage = [[kids.stages_on_census[ks], kids.stages_during[ks]] for ks in stages]
    cat_rows, cat_totals, _ = grid_rows(LABELS, by_category, on=on, row_totals=False)
    ks_rows, ks_totals, _ = grid_rows(list(stages), by_stage, on=on, row_totals=False)
    # Both tables end in the same two totals: print them only where both tables can.
    merged = tuple(a if a == b else WITHHELD for a, b in zip(cat_rows[-1][1:], ks_rows[-1][1:], strict=True))
    cat_rows = (*cat_rows[:-1], (cat_rows[-1][0], *merged))
    ks_rows = (*ks_rows[:-1], (ks_rows[-1][0], *merged))
    census_head = f"On {format_date(census)}"
    any_head = f"At any time in {period.label}"
    census_table = TableData(("Category", census_head, any_head), cat_rows, cat_totals)
    any_time_table = TableData(("Key stage", census_head, any_head), ks_rows, ks_totals)
    hidden = {i for i, row in enumerate(cat_rows[:-1]) if not row[2].isdigit()}

    moves = [[kids.joined[cat], kids.left[cat]] for cat in REPORT_CATEGORIES]
    rows, totals, _ = grid_rows(LABELS, moves, on=on, row_totals=False)
    joiners = TableData(("Category (at any time)", "Joined the school", "Left the school"), rows, totals)

    authorities: Counter[str] = Counter()
    for name, n in kids.authorities.items():
        authorities[name or NOT_RECORDED] += n
    names = sorted(authorities, key=lambda n: (n == NOT_RECORDED, n))
    rows, totals, _ = grid_rows(
        names,
        [[authorities[n]] for n in names],
        on=on,
        row_totals=False,
        total_label="All looked-after children",
    )
    if not cat_rows[0][2].isdigit():  # the same number as the cohort's CLA total
        rows = (*rows[:-1], (rows[-1][0], WITHHELD))
    if not names:
        rows, totals = (), ()
    la_table = TableData(("Responsible local authority", "Looked-after children"), rows, totals)

    sen = [[kids.sen[(cat, code)] for code in ("K", "E")] for cat in REPORT_CATEGORIES]
    rows, totals, _ = grid_rows(LABELS, sen, on=on, row_totals=False)
    sen_table = TableData(("Category (at any time)", "SEN support", "EHC plan"), rows, totals)
    section = CohortSection(
        census_day=census,
        census_note=census_note,
        on_census=census_table,
        any_time=any_time_table,
        joiners_leavers=joiners,
        authorities=la_table,
        sen=sen_table,
    )
    return Cohort(section, frozenset(REPORT_CATEGORIES[i] for i in hidden))


def attendance_section(ctx: ReportContext, hidden_totals: frozenset[str]) -> AttendanceSection:
    """Average attendance and persistent absence for each category, against the whole school."""
    threshold = ctx.settings.persistent_absence_pct
    figures = {cat: ctx.cohort.attendance[cat] for cat in REPORT_CATEGORIES}
    absent = [[sum(1 for v in figures[cat] if v <= threshold)] for cat in REPORT_CATEGORIES]
    grid = suppress_grid(absent, row_totals=False, on=ctx.suppress)
    averages: list[str | None] = []
    for cat in REPORT_CATEGORIES:
        values = figures[cat]
        if not values:
            averages.append("—")
        elif ctx.suppress and len(values) < SMALLEST_SHOWN:
            averages.append(None)
        else:
            averages.append(f"{fmean(values):.1f}%")
    everyone = [v for cat in REPORT_CATEGORIES for v in figures[cat]]
    rows = []
    for i, cat in enumerate(REPORT_CATEGORIES):
        count = grid.cells[i][0]
        n = len(figures[cat])
        share = (
            f"{round(100 * absent[i][0] / n)}%"
            if n and count.isdigit() and cat not in hidden_totals and n >= SMALLEST_SHOWN
            else ("—" if not n else WITHHELD)
        )
        rows.append((CATEGORY_LABELS[cat], averages[i] or WITHHELD, count, share))
    all_average = total_of_parts(averages, f"{fmean(everyone):.1f}%" if everyone else "—")
    rows.append((ALL_LABEL, all_average, grid.column_totals[0], ""))
    f = ctx.figures
    rows.append(
        (
            "Whole school (the year)" if ctx.period.term else "Whole school",
            "—" if f.school_attendance_pct is None else f"{f.school_attendance_pct:.1f}%",
            "",
            "—" if f.school_persistent_absence_pct is None else f"{f.school_persistent_absence_pct:.1f}%",
        )
    )
    table = TableData(
        (
            "Category (at any time)",
            "Average attendance",
            "Persistently absent (pupils)",
            "Persistently absent (share)",
        ),
        tuple(rows),
        (len(rows) - 2, len(rows) - 1),
    )
    chart_values = tuple(
        float(a.rstrip("%")) if a not in (None, "—") else None
        for a in (*averages, all_average if all_average != WITHHELD else None)
    )
    chart = ChartData(
        title="Average attendance: each category against the whole school",
        categories=(*REPORT_CATEGORIES, "All CSW"),
        series=(BarSeries("Average attendance", chart_values),),
        unit="%",
        reference=f.school_attendance_pct,
        reference_label="Whole school" if f.school_attendance_pct is not None else "",
    )
    note = (
        f"Persistent absence is attendance at or below {threshold:g}% (10% or more of sessions missed). "
        "An average is withheld for fewer than 3 pupils."
    )
    return AttendanceSection(table, chart, note)


# --- PP+ (reads PepMeeting and PpPlusSpend) -----------------------------------------------------


# The PP+ account's lines of the period, the same kind, purpose and impact together, in the
# order they were entered.
_SPEND = """
SELECT kind, purpose, impact, SUM(amount_pence) FROM pp_plus_spend
WHERE academic_year = :year AND spent_on BETWEEN :first AND :last
GROUP BY kind, purpose, impact ORDER BY MIN(id)
"""


_HELD = PepStatus.HELD.value


def _committed(ctx: ReportContext) -> list[tuple[str, int]]:
    """What was agreed at held PEPs in the period, for each purpose as typed, in the order the PEPs
    come (by date, then time, a PEP with no time first, then id): where two purposes differ only
    in case, the first one's spelling is shown. From the year's PEPs the PEP section reads too (a
    statement of its own read the wide rows again). A time is stored as 10:30:00.000000, so " "
    sorts before any; a purpose's first PEP is sought among those of its earliest day only (the
    order's text made for each PEP cost more than the rest)."""
    first, last = ctx.params["first"], ctx.params["last"]
    agreed: dict[str, int] = {}
    earliest: dict[str, tuple[str, list[tuple[str | None, int]]]] = {}  # the day, its PEPs
    for _pupil, held_on, status, _targets, pep_id, pence, typed, at in ctx.year_peps:
        if pence > 0 and status == _HELD and first <= held_on <= last:
            agreed[typed] = agreed.get(typed, 0) + pence
            day = earliest.get(typed)
            if day is None or held_on < day[0]:
                earliest[typed] = (held_on, [(at, pep_id)])
            elif held_on == day[0]:
                day[1].append((at, pep_id))
    seen = {
        typed: min(f"{held_on}{at or ' '}{pep_id:012d}" for at, pep_id in peps)
        for typed, (held_on, peps) in earliest.items()
    }
    return [(typed, agreed[typed]) for typed in sorted(seen, key=seen.__getitem__)]


def pp_plus_section(ctx: ReportContext) -> PpPlusSection:
    """PP+ received, what it was committed to and spent on, its impact, and the balance."""
    period, f = ctx.period, ctx.figures
    committed: Counter[str] = Counter()
    spent: Counter[str] = Counter()
    names: dict[str, str] = {}
    for typed, agreed in _committed(ctx):
        purpose = ctx.redact(typed) or "Purpose not recorded"
        committed[purpose.casefold()] += agreed
        names.setdefault(purpose.casefold(), purpose)
    received_lines = 0
    impact: list[str] = []
    for kind, typed, typed_impact, amount in ctx.reader.rows(
        _SPEND, {**ctx.params, "year": period.year.start_year}
    ):
        if kind == PpPlusKind.RECEIVED.value:
            received_lines += amount
            continue
        purpose = ctx.redact(typed) or "Purpose not recorded"
        spent[purpose.casefold()] += amount
        names.setdefault(purpose.casefold(), purpose)
        note = ctx.redact(typed_impact)
        if note and f"{purpose}: {note}" not in impact:
            impact.append(f"{purpose}: {note}")
    if f.pp_plus_received_pence is not None:
        received, how = f.pp_plus_received_pence, "as entered for the year"
    elif f.pp_plus_rate_pence is not None and f.pp_plus_eligible is not None:
        received = f.pp_plus_rate_pence * f.pp_plus_eligible
        how = f"{ctx.count(f.pp_plus_eligible)} eligible pupils at {format_pence(f.pp_plus_rate_pence)} each"
    else:
        received, how = received_lines, "from the PP+ account's lines marked received"
    rows = tuple(
        (
            names[key],
            format_pence(committed[key]),
            format_pence(spent[key]),
            format_pence(committed[key] + spent[key]),
        )
        for key in sorted(names, key=lambda k: -(committed[k] + spent[k]))
    )
    total = sum(committed.values()) + sum(spent.values())
    table_rows = (
        *rows,
        (
            "Total",
            format_pence(sum(committed.values())),
            format_pence(sum(spent.values())),
            format_pence(total),
        ),
    )
    facts = (
        ("PP+ received", f"{format_pence(received)} ({how})"),
        ("Committed at PEP meetings", format_pence(sum(committed.values()))),
        ("Spent (PP+ account)", format_pence(sum(spent.values()))),
        ("Balance", format_pence(received - total)),
    )
    return PpPlusSection(
        facts=facts,
        spend=TableData(("Purpose", "Agreed at PEPs", "Spent", "Total"), table_rows, (len(table_rows) - 1,)),
        impact=tuple(impact),
    )


# --- Well-being (reads SdqResult) ---------------------------------------------------------------


# The SDQs of the period taken while the child was looked after and on roll, by score and version.
# A child counts as looked after on a day exactly when a CLA episode is open that day (CLA comes
# first in rules.status.PRECEDENCE: whatever else is open, or ended, it wins), so that is asked
# of the child's CLA episodes alone, not the whole category worked out from every episode.
_SDQS = f"""
SELECT q.total, q.version, count(*) FROM sdq_result q JOIN pupil p ON p.id = q.pupil_id
WHERE q.taken_on BETWEEN :first AND :last AND {on_roll_sql("q.taken_on")}
  AND EXISTS (SELECT 1 FROM status_episode s WHERE s.pupil_id = q.pupil_id
    AND s.category = '{Category.CLA.value}' AND s.start_date <= q.taken_on
    AND (s.end_date IS NULL OR s.end_date >= q.taken_on))
GROUP BY q.total, q.version
"""


def wellbeing_section(ctx: ReportContext) -> WellbeingSection:
    """SDQs completed for looked-after children in the period, by band."""
    period = ctx.period
    bands: Counter[str] = Counter()
    for total, version, n in ctx.reader.rows(_SDQS, ctx.params):
        bands[sdq_band(total, version)] += n
    order = (NORMAL, BORDERLINE, CONCERN)
    grid = suppress_grid([[bands[b] for b in order]], column_totals=False, on=ctx.suppress)
    table = TableData(
        ("Looked-after children", "SDQs completed", "Normal", "Borderline", "Cause for concern"),
        (("Total difficulties score", grid.row_totals[0], *grid.cells[0]),),
    )
    return WellbeingSection(
        table,
        "Strengths and Difficulties Questionnaires (total difficulties score) completed for "
        f"looked-after children in {period.label}, by band.",
    )
