"""The exclusions section of the Report to Governors: suspensions and permanent exclusions by
category (taken on the day of each), per term, with what was tried first (reads Exclusion)."""

from __future__ import annotations

from collections import Counter, defaultdict

from cwsw_desktop.reports.governors_data import BarSeries, ChartData, ExclusionsSection, TableData
from cwsw_desktop.reports.words import TRIED_WORDS
from cwsw_desktop.rules.exclusions import ExclusionKind, TriedFirst
from cwsw_desktop.rules.governors import REPORT_CATEGORIES
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
# with a category that day, with the category, in date order.
_EXCLUSIONS = f"""
SELECT e.pupil_id, e.kind, e.start_date, e.days, e.decided_on, e.vsh_consulted, e.tried_options,
       e.tried_first, {category_sql("e.start_date", "e.start_date")} AS counted_as
FROM exclusion e JOIN pupil p ON p.id = e.pupil_id
JOIN status_episode s ON s.pupil_id = e.pupil_id AND s.start_date <= e.start_date
WHERE e.start_date BETWEEN :first AND :last AND e.cancelled_on IS NULL AND {on_roll_sql("e.start_date")}
GROUP BY e.id HAVING counted_as IS NOT NULL ORDER BY e.start_date, e.id
"""


def exclusions_section(ctx: ReportContext) -> ExclusionsSection:
    """Suspensions and permanent exclusions by category (taken on the day of each), per term."""
    period = ctx.period
    windows = [(t, *(d.isoformat() for d in period.term_window(t))) for t in period.terms]
    per_term = {cat: {t: 0 for t in period.terms} for cat in REPORT_CATEGORIES}
    pupils: dict[str, set[int]] = defaultdict(set)
    days: dict[str, float] = defaultdict(float)
    permanent: Counter[str] = Counter()
    per_pupil: Counter[int] = Counter()
    cla_total = cla_consulted = tried = 0
    alternatives: Counter[str] = Counter()
    shown_alternative: dict[str, str] = {}
    for (
        pupil_id,
        kind,
        start,
        length,
        decided_on,
        vsh_consulted,
        tried_options,
        tried_first,
        category,
    ) in ctx.reader.rows(_EXCLUSIONS, ctx.params):  # dates as ISO text: they compare as dates
        if kind == ExclusionKind.PERMANENT.value:
            permanent[category] += 1
            continue
        term = next(t for t, first, last in windows if first <= start <= last)
        per_term[category][term] += 1
        pupils[category].add(pupil_id)
        days[category] += length
        per_pupil[pupil_id] += 1
        if category == "CLA":
            cla_total += 1
            decision = decided_on or start
            cla_consulted += vsh_consulted is not None and vsh_consulted <= decision
        items = [TRIED_WORDS[TriedFirst(v)] for v in tried_options.split(",") if v.strip()]
        items += [ctx.redact(i) for i in tried_first.replace("\n", ";").split(";") if i.strip()]
        tried += bool(items)
        for item in {i.casefold(): i for i in items}.items():
            alternatives[item[0]] += 1
            shown_alternative.setdefault(item[0], item[1][:1].upper() + item[1][1:])
    on = ctx.suppress
    labels = [CATEGORY_LABELS[c] for c in REPORT_CATEGORIES]
    term_rows, term_totals, _hidden = grid_rows(
        labels, [[per_term[c][t] for t in period.terms] for c in REPORT_CATEGORIES], on=on
    )
    per_term_table = TableData(
        ("Category", *(f"{t} term" for t in period.terms), "Suspensions"), term_rows, term_totals
    )
    pupil_grid = suppress_grid([[len(pupils[c])] for c in REPORT_CATEGORIES], row_totals=False, on=on)
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
        ("Pupils suspended more than once", ctx.count(sum(1 for n in per_pupil.values() if n >= 2))),
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
