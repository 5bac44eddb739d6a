"""The Report to Governors: every section's figures gathered from the store as plain data.

Each section is one function from the period's context to that section's dataclass
(`reports/governors_data.py`). Who counts, and under which category, SQLite works out in one
statement (`governors_cohort`); the PEP, exclusions, PP+ and well-being sections each read their
own tables in one small query through the same snapshot of the store (`pep_section` and
`training_section` here, the others in `governors_sections` and `governors_exclusions`; the PEP
and PP+ sections share the one read of the year's PEP meetings), so they can follow those models
as they change. No ORM object, no row per pupil who cannot count, and of the history only what a
printed figure can depend on. At 5,000 pupils and ten years the build (~92 ms of CPU) is about
two thirds SQLite: that one statement (~37 ms: a category over the period and on the census day
for each of ~3,500 pupils on roll, from ~4,900 episodes, and its counts), the year's PEP meetings
(~11 ms: 3,300 wide rows), the exclusions (~7 ms) and the redactor's names (~4 ms); most of the
rest is the PEP rules for each of ~1,300 looked-after children (~12 ms).
Every count goes through `rules/suppression.py`; every free text through the redactor; nothing
the renderer gets names a child.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Engine

from cwsw_desktop.reports.governors_data import (
    Cover,
    GovernorsReport,
    NarrativeSection,
    PepSection,
    TableData,
    TrainingSection,
)
from cwsw_desktop.rules.calendar import year_label
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.governors import Period
from cwsw_desktop.rules.pep import PEP_STATUSES, PepRecord, TermStatus, term_statuses
from cwsw_desktop.rules.suppression import FEWER_THAN_3, WITHHELD, suppress_grid
from cwsw_desktop.rules.training import (
    Attended,
    Person,
    TrainedMeans,
    TrainingPolicy,
    compliance,
    training_days,
)
from cwsw_desktop.rules.training_kinds import CourseCategory, StaffRole
from cwsw_desktop.services.gc_pause import no_cycle_collection
from cwsw_desktop.services.governors_cohort import read_cohort
from cwsw_desktop.services.governors_context import LazyRedactor, ReportContext, percent, read_year_peps
from cwsw_desktop.services.governors_exclusions import exclusions_section
from cwsw_desktop.services.governors_sections import (
    attendance_section,
    cohort_section,
    pp_plus_section,
    wellbeing_section,
)
from cwsw_desktop.services.governors_year import read_year_figures
from cwsw_desktop.services.row_values import day, grouped
from cwsw_desktop.services.school_read import read_settings, saved_years, years_between
from cwsw_desktop.store.reader import reading


def build_governors_report(
    engine: Engine, start_year: int, term: str | None, produced_on: date
) -> GovernorsReport:
    """Everything the report prints for the academic year starting in ``start_year`` (or one term)."""
    with reading(engine) as r, no_cycle_collection():  # tens of thousands of rows and records
        # All read through the one snapshot: an ORM session apiece cost more than these reads.
        period = Period(years_between(saved_years(r), (start_year,))[0], term.capitalize() if term else None)
        settings = read_settings(r)
        figures = read_year_figures(r, start_year)
        census = min(period.census, produced_on)
        cohort = read_cohort(r, period, census)
        peps = read_year_peps(r, period)
        ctx = ReportContext(period, settings, figures, produced_on, cohort, LazyRedactor(r), r, peps)
        cohort_tables = cohort_section(ctx, census)
        pep_counts = pep_section(ctx)
        attendance = attendance_section(ctx, cohort_tables.hidden_totals)
        exclusions = exclusions_section(ctx)
        pp_plus = pp_plus_section(ctx)
        wellbeing = wellbeing_section(ctx)
        training = training_section(ctx)
        narrative = _narrative(ctx)
    return GovernorsReport(
        cover=_cover(ctx),
        cohort=cohort_tables.section,
        peps=pep_counts,
        attendance=attendance,
        exclusions=exclusions,
        pp_plus=pp_plus,
        training=training,
        wellbeing=wellbeing,
        narrative=narrative,
        nil_return=cohort.during["CLA"] == 0,
        suppressed=ctx.suppress,
        file_stem=f"Report to Governors {period.label}",
        keywords=("Report to Governors", "Designated Teacher", "anonymised"),
    )


def _cover(ctx: ReportContext) -> Cover:
    s = ctx.settings
    return Cover(
        school=s.name,
        period_label=ctx.period.label,
        dt_name=s.dt_name,
        governor_name=ctx.figures.designated_governor or s.governor_name,
        dsl_name=s.dsl_name,
        produced_on=ctx.produced_on,
        policy_approved=s.policy_approved,
        policy_review=s.policy_review,
        review_passed=s.policy_review is not None and s.policy_review < ctx.produced_on,
        termly=ctx.period.term is not None,
    )


def _narrative(ctx: ReportContext) -> NarrativeSection:
    f, r = ctx.figures, ctx.redact
    return NarrativeSection(
        strengths=tuple(r(t) for t in (f.strength_1, f.strength_2, f.strength_3)),
        priorities=tuple(r(t) for t in (f.priority_1, f.priority_2, f.priority_3)),
        actions_leaders=r(f.actions_leaders),
        actions_governors=r(f.actions_governors),
    )


# --- PEPs (reads PepMeeting and PepTarget) ------------------------------------------------------

# The column each term's status counts in (the rest, not over yet, in "Still to hold").
_PEP_COLUMNS = {TermStatus.DONE: 0, TermStatus.INCOMPLETE: 1, TermStatus.OVERDUE: 2}
PEP_HEADERS = ("Term", "Due", "Held with targets", "Held, no targets", "Missed", "Still to hold", "On time")


def pep_section(ctx: ReportContext) -> PepSection:
    """For each looked-after child, the PEP owed in each term and whether it was held on time."""
    period, year = ctx.period, ctx.period.year
    cla = ctx.cohort.looked_after
    if not cla:
        return PepSection(False, TableData(PEP_HEADERS, ()), "No looked-after child was on roll.")
    records: dict[int, list[PepRecord]] = {c.id: [] for c in cla}
    # Only statuses are counted here, never which meeting settled a term, so a PEP is its day,
    # status and targets, and PEPs alike share one record (a few hundred among the year's 3,300:
    # making each cost more than the rules' work on it).
    alike: dict[tuple[str, str, int], PepRecord] = {}
    for pupil_id, held_on, status, targets, _id, _agreed, _purpose, _at in ctx.year_peps:
        mine = records.get(pupil_id)
        if mine is not None:  # filtered here: an IN list of every child costs more
            record = alike.get((held_on, status, targets))
            if record is None:
                record = PepRecord(date.fromisoformat(held_on), PEP_STATUSES[status], bool(targets))
                alike[(held_on, status, targets)] = record
            mine.append(record)
    counts = {term: [0, 0, 0, 0] for term in period.terms}
    for child in cla:
        start, end = child.care_from, child.care_until
        if child.admitted and child.admitted > start:
            start = child.admitted
        if child.left and (end is None or child.left < end):
            end = child.left
        # The terms of pep_compliance (all this section prints), without its summary of them.
        terms = term_statuses(
            records[child.id],
            year,
            ctx.produced_on,
            ctx.settings.pep_due_soon_days,
            start,
            end,
            first_pep_school_days=ctx.settings.first_pep_school_days,
        )
        for term_pep in terms:
            term_counts = counts.get(term_pep.term.name)
            if term_counts is not None and term_pep.status is not TermStatus.NOT_OWED:
                term_counts[_PEP_COLUMNS.get(term_pep.status, 3)] += 1
    matrix = [counts[t] for t in period.terms]
    grid = suppress_grid(matrix, row_totals=True, column_totals=len(matrix) > 1, on=ctx.suppress)
    rows = []
    for i, term in enumerate(period.terms):
        done, _no_targets, _missed, still = matrix[i]
        decided = sum(matrix[i]) - still
        on_time = WITHHELD if i in grid.hidden_rows else percent(done, decided)
        rows.append((f"{term} term", grid.row_totals[i], *grid.cells[i], on_time))
    totals: tuple[int, ...] = ()
    if len(matrix) > 1:
        done = sum(r[0] for r in matrix)
        decided = sum(sum(r) - r[3] for r in matrix)
        hidden = bool(grid.hidden_rows) and any(t in (FEWER_THAN_3, WITHHELD) for t in grid.column_totals)
        rows.append(
            (
                "The year",
                grid.grand_total,
                *grid.column_totals,
                WITHHELD if hidden else percent(done, decided),
            )
        )
        totals = (len(rows) - 1,)
    table = TableData(PEP_HEADERS, tuple(rows), totals)
    summary = (
        "A PEP is owed in each term a child is looked after and on roll. \u201cOn time\u201d is the "
        "share of terms already ended whose PEP was held, with targets, within the term. \u201cStill "
        "to hold\u201d are terms not yet over."
    )
    return PepSection(True, table, summary)


# --- Training (reads the staff register, the sessions, their courses and who attended) -----------


COURSE_KINDS = {k.value: k for k in CourseCategory}  # a dict lookup: thousands of attendances
# The staff register, in name order as the Training log lists it.
_STAFF = """
SELECT id, name, role, start_date, leaving_date, is_dt, is_deputy_dt, is_dsl, is_deputy_dsl
FROM staff_member ORDER BY name
"""
# The training sessions whose attendances a figure printed here can read, latest first, with their
# course: those held by the period's end (the checks look no later) in the academic year (the DT's
# days, trained this year), or ever for a DSL's courses (the latest formal training and refresher)
# and, when "trained" means at any time, the attachment-aware course. Those before the year of any
# other course count for nothing printed (compliance's expired courses are not), and are most of
# ten years' attendances. Then who attended them (a few dozen sessions, hundreds of attendances:
# read apart).
_KEPT_SESSIONS = f"""
SELECT s.id FROM training_session s JOIN training_course c ON c.id = s.course_id
WHERE s.held_on <= :last AND (s.held_on >= :year_first
  OR c.category IN ('{CourseCategory.DSL_FORMAL.value}', '{CourseCategory.DSL_REFRESHER.value}')
  OR (:ever AND c.category = '{CourseCategory.ATTACHMENT_TRAUMA.value}'))
"""
_SESSIONS = f"""
SELECT s.id, s.course_id, c.name, c.category, s.held_on, s.hours, c.valid_for_months
FROM training_session s JOIN training_course c ON c.id = s.course_id
WHERE s.id IN ({_KEPT_SESSIONS}) ORDER BY s.held_on DESC, s.id
"""
_ATTENDEES = f"SELECT session_id, staff_id FROM training_attendance WHERE session_id IN ({_KEPT_SESSIONS})"


def training_section(ctx: ReportContext) -> TrainingSection:
    """The DT's days in the period against the target, current staff trained in attachment-aware
    and trauma-informed practice, and the DSL's training currency, as the Training log computes them
    (rules/training.py's checks, given the staff and what they attended as plain rows)."""
    period, year, r = ctx.period, ctx.period.year, ctx.reader
    s = ctx.settings
    policy = TrainingPolicy(
        s.dt_training_days, s.training_hours_per_day, TrainedMeans(s.training_trained_means)
    )
    people = [
        Person(i, name, StaffRole(role), day(start), day(left), bool(dt), bool(ddt), bool(dsl), bool(ddsl))
        for i, name, role, start, left, dt, ddt, dsl, ddsl in r.rows(_STAFF)
    ]
    kept = {
        **ctx.params,
        "year_first": year.first_day.isoformat(),
        "ever": policy.trained_means is TrainedMeans.EVER,
    }
    attendees = grouped(r.rows(_ATTENDEES, kept))
    attended = [
        Attended(person, sid, course_id, course, COURSE_KINDS[kind], held, hours, months)
        for sid, course_id, course, kind, held_on, hours, months in r.rows(_SESSIONS, kept)
        for held in [date.fromisoformat(held_on)]
        for (person,) in attendees[sid]
    ]
    as_of = min(ctx.produced_on, period.last)
    c = compliance(people, attended, year.first_day, year.last_day, year.label, as_of, policy)
    dt = next((d.person for d in c.dts), None)
    dt_days = (
        training_days(
            (a.hours for a in attended if a.person_id == dt.id and period.first <= a.held_on <= period.last),
            policy.hours_per_day,
        )
        if dt
        else 0.0
    )
    trained, staff = len(c.trained), len(c.staff)
    means = "this year" if policy.trained_means is TrainedMeans.THIS_YEAR else "at any time"
    facts_out: list[tuple[str, str]] = [
        (
            "Designated Teacher's training",
            f"{dt_days:.1f} days in the {'term' if period.term else 'year'} (target {s.dt_training_days:g} days a year)"
            if dt
            else "No Designated Teacher in the staff list",
        ),
        (
            f"Staff trained in attachment-aware and trauma-informed practice ({means})",
            f"{trained} of {staff} staff ({percent(trained, staff)})",
        ),
    ]
    if not c.dsls:
        facts_out.append(("DSL's training", "No DSL in the staff list"))
    for check in c.dsls[:1]:
        status = check.status
        facts_out.append(
            (
                "DSL's formal training (every 2 years)",
                f"last {format_date(check.last_formal) or 'none recorded'}; "
                + (
                    "overdue"
                    if status.formal_overdue
                    else f"current, next due {format_date(status.formal_due)}"
                ),
            )
        )
        last_any = max(filter(None, (check.last_formal, check.last_refresher)), default=None)
        facts_out.append(
            (
                "DSL's annual refresher",
                f"last {format_date(last_any) or 'none recorded'}; "
                + (
                    "overdue"
                    if status.refresher_overdue
                    else f"current, next due {format_date(status.refresher_due)}"
                ),
            )
        )
    return TrainingSection(tuple(facts_out))


def report_file_name(report: GovernorsReport) -> str:
    return f"{report.file_stem}.pdf"


__all__ = ["build_governors_report", "report_file_name", "year_label"]
