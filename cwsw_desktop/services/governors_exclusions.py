"""The exclusions section of the Report to Governors: suspensions and permanent exclusions by
category (taken on the day of each), per term, with what was tried first (reads Exclusion)."""

from __future__ import annotations

from collections import Counter, defaultdict

from cwsw_desktop.reports.governors_data import BarSeries, ChartData, ExclusionsSection, TableData
from cwsw_desktop.reports.words import TRIED_WORDS
from cwsw_desktop.rules.exclusions import ExclusionKind, TriedFirst
from cwsw_desktop.rules.governors import REPORT_CATEGORIES, Period
from cwsw_desktop.rules.suppression import WITHHELD, is_small, suppress_grid, total_of_parts
from cwsw_desktop.services.governors_cohort import category_sql, on_roll_sql
from cwsw_desktop.services.governors_context import (
    ALL_LABEL,
    CATEGORY_LABELS,
    ReportContext,
    grid_rows,
    percent,
)

# Each exclusion of the period (a cancelled one is kept on record, not counted) of a child on roll
# with a category that day, with that category; then what the section counts of them, by part:
# permanent exclusions; suspensions, pupils suspended and days by category and term (days are whole
# or half days, so their sums are exact in any order); pupils suspended more than once; looked-after
# children's suspensions and those the Virtual School was consulted on first; and what was tried
# first, each wording once, in the order the suspensions come (the first spelling is shown).
_EXCLUSIONS = f"""
WITH ex AS MATERIALIZED (
  SELECT e.id, e.pupil_id, e.kind, e.start_date, e.days, e.decided_on, e.vsh_consulted,
         e.tried_options, e.tried_first, {category_sql("e.start_date", "e.start_date")} AS counted_as
  FROM exclusion e JOIN pupil p ON p.id = e.pupil_id
  JOIN status_episode s ON s.pupil_id = e.pupil_id AND s.start_date <= e.start_date
  WHERE e.start_date BETWEEN :first AND :last AND e.cancelled_on IS NULL AND {{on_roll}}
  GROUP BY e.id HAVING counted_as IS NOT NULL),
suspension AS (SELECT *, {{term}} AS term FROM ex WHERE kind <> '{ExclusionKind.PERMANENT.value}')
SELECT 'permanent', counted_as, NULL, count(*), NULL FROM ex
  WHERE kind = '{ExclusionKind.PERMANENT.value}' GROUP BY counted_as
UNION ALL
SELECT 'term', counted_as, term, count(*), SUM(days) FROM suspension GROUP BY counted_as, term
UNION ALL
SELECT 'pupils', counted_as, NULL, count(DISTINCT pupil_id), NULL FROM suspension GROUP BY counted_as
UNION ALL
SELECT 'again', NULL, NULL, count(*), NULL FROM (
  SELECT pupil_id FROM suspension GROUP BY pupil_id HAVING count(*) >= 2)
UNION ALL
SELECT 'cla', NULL, NULL, count(*), SUM(vsh_consulted IS NOT NULL
    AND vsh_consulted <= coalesce(nullif(decided_on, ''), start_date)) FROM suspension
  WHERE counted_as = 'CLA'
UNION ALL
SELECT 'tried', tried_options, tried_first, count(*), MIN(start_date || printf('%012d', id))
  FROM suspension GROUP BY tried_options, tried_first
"""


def _query(period: Period) -> str:
    """The statement for the period's terms (each suspension in the term whose window holds it)."""
    windows = " ".join(
        f"WHEN start_date BETWEEN '{first.isoformat()}' AND '{last.isoformat()}' THEN '{term}'"
        for term in period.terms
        for first, last in [period.term_window(term)]
    )
    return _EXCLUSIONS.format(on_roll=on_roll_sql("e.start_date"), term=f"CASE {windows} END")


def exclusions_section(ctx: ReportContext) -> ExclusionsSection:
    """Suspensions and permanent exclusions by category (taken on the day of each), per term."""
    period = ctx.period
    per_term = {cat: {t: 0 for t in period.terms} for cat in REPORT_CATEGORIES}
    pupils: Counter[str] = Counter()
    days: dict[str, float] = defaultdict(float)
    permanent: Counter[str] = Counter()
    again = cla_total = cla_consulted = tried = 0
    alternatives: Counter[str] = Counter()
    shown_alternative: dict[str, str] = {}
    wordings: list[tuple[str, str, str, int]] = []  # when first seen, options, text, suspensions
    for part, category, term, n, value in ctx.reader.rows(_query(period), ctx.params):
        if part == "permanent":
            permanent[category] += n
        elif part == "term":
            per_term[category][term] += n
            days[category] += value
        elif part == "pupils":
            pupils[category] += n
        elif part == "again":
            again += n
        elif part == "cla":
            cla_total, cla_consulted = n, value or 0
        else:  # "tried": the options ticked and the text typed (in those columns), first seen
            wordings.append((value, category, term, n))
    for _seen, options, typed, n in sorted(wordings):
        items = [TRIED_WORDS[TriedFirst(v)] for v in options.split(",") if v.strip()]
        items += [ctx.redact(i) for i in typed.replace("\n", ";").split(";") if i.strip()]
        tried += n if items else 0
        for key, item in {i.casefold(): i for i in items}.items():
            alternatives[key] += n
            shown_alternative.setdefault(key, item[:1].upper() + item[1:])
    on = ctx.suppress
    labels = [CATEGORY_LABELS[c] for c in REPORT_CATEGORIES]
    term_rows, term_totals, _hidden = grid_rows(
        labels, [[per_term[c][t] for t in period.terms] for c in REPORT_CATEGORIES], on=on
    )
    per_term_table = TableData(
        ("Category", *(f"{t} term" for t in period.terms), "Suspensions"), term_rows, term_totals
    )
    pupil_grid = suppress_grid([[pupils[c]] for c in REPORT_CATEGORIES], row_totals=False, on=on)
    perm_grid = suppress_grid([[permanent[c]] for c in REPORT_CATEGORIES], row_totals=False, on=on)
    day_texts: list[str | None] = [
        None if i in pupil_grid.hidden_rows else f"{days[c]:g}" for i, c in enumerate(REPORT_CATEGORIES)
    ]
    rows = [
        (label, term_rows[i][-1], pupil_grid.cells[i][0], WITHHELD if d is None else d, perm_grid.cells[i][0])
        for i, (label, d) in enumerate(zip(labels, day_texts, strict=True))
    ]
    rows.append(
        (
            ALL_LABEL,
            term_rows[-1][-1],
            pupil_grid.column_totals[0],
            total_of_parts(day_texts, f"{sum(days.values()):g}"),
            perm_grid.column_totals[0],
        )
    )
    f = ctx.figures
    rows.append(
        (
            "Whole school (the year)" if ctx.period.term else "Whole school",
            "—" if f.school_suspensions is None else str(f.school_suspensions),
            "",
            "",
            "—" if f.school_permanent_exclusions is None else str(f.school_permanent_exclusions),
        )
    )
    table = TableData(
        ("Category (on the day)", "Suspensions", "Pupils suspended", "Days", "Permanent exclusions"),
        tuple(rows),
        (len(rows) - 2, len(rows) - 1),
        "Days of suspension are withheld wherever the number of pupils is not printed.",
    )
    cla_suspensions = term_rows[0][-1]
    consulted = ctx.count(cla_consulted)
    if cla_total == 0:
        vs_text = "No looked-after child was suspended."
    else:
        share = (
            ""
            if not cla_suspensions.isdigit() or (is_small(cla_consulted) and on)
            else f" ({percent(cla_consulted, cla_total)})"
        )
        vs_text = f"{consulted} of {cla_suspensions} suspensions{share}"
    all_suspensions = term_rows[-1][-1]
    facts = (
        ("Pupils suspended more than once", ctx.count(again)),
        ("Virtual School consulted before a looked-after child was suspended", vs_text),
        ("Suspensions with alternatives tried first recorded", f"{ctx.count(tried)} of {all_suspensions}"),
    )
    alt_rows = tuple(
        (shown_alternative[key], ctx.count(n))
        for key, n in sorted(alternatives.items(), key=lambda kv: (-kv[1], kv[0]))
    )

    def series(name: str, row: tuple[str, ...]) -> BarSeries:
        return BarSeries(
            name, tuple(float(t) if t.isdigit() else None for t in row[1 : 1 + len(period.terms)])
        )

    chart = ChartData(
        title="Suspensions per term",
        categories=tuple(f"{t} term" for t in period.terms),
        series=(series("Looked after (CLA)", term_rows[0]), series(ALL_LABEL, term_rows[-1])),
    )
    return ExclusionsSection(
        table=table,
        per_term=per_term_table,
        chart=chart,
        facts=facts,
        alternatives=TableData(("Tried first", "Suspensions"), alt_rows),
    )
