"""Demo data for the Report to Governors: each year's whole-school figures, PP+ and Section 2,
and a few lines of PP+ spending with their impact. Fictitious, like all demo data."""

from __future__ import annotations

from dataclasses import asdict
from datetime import date

from sqlmodel import Session

from cwsw_desktop.models import GovernorsYear, PpPlusKind, PpPlusSpend
from cwsw_desktop.models.governors import YearFigures

_SPENDING = (
    (10, 20, 45_000, "Educational psychologist assessment", "Advice now shapes two pupils' reading plans."),
    (
        1,
        25,
        32_000,
        "Laptop for homework and online tuition",
        "Homework handed in on time rose from 60% to 90%.",
    ),
    (3, 10, 28_000, "Forest school sessions", "Fewer lunchtime incidents; calmer returns to class."),
    (5, 15, 60_000, "1:1 reading tuition", "Reading ages up by 14 months on average over two terms."),
)


def add_governors_demo(session: Session, current: int) -> None:
    """Figures and narrative for the current and the previous academic year."""
    for start_year, figures in (
        (current - 1, dict(pp_plus_received_pence=2_570_000)),
        (current, dict(pp_plus_rate_pence=263_000, pp_plus_eligible=10)),
    ):
        entered = YearFigures(
            start_year,
            school_attendance_pct=94.1 if start_year == current else 93.6,
            school_persistent_absence_pct=17.2 if start_year == current else 18.9,
            school_suspensions=38 if start_year == current else 44,
            school_permanent_exclusions=1,
            designated_governor="Dr Iris Fenwick",
            strength_1="Every looked-after child has a key adult they chose, and meets them weekly.",
            strength_2="PEPs are held each term with the Virtual School; targets are specific and reviewed.",
            strength_3="All staff completed the Virtual School's attachment-aware and trauma-informed training.",
            priority_1="Raise attendance of children in need towards the whole-school figure.",
            priority_2="Reduce suspensions: consult the Virtual School before every decision, without exception.",
            priority_3="Track the impact of each PP+ purchase on attainment, not only on attendance.",
            actions_leaders="The DT will review every PEP target with class teachers each half term.\n"
            "The DSL and DT will meet monthly to review children with a social worker.",
            actions_governors="The designated governor will visit termly and report to the full board.\n"
            "Governors will ask for the suspension figures against the whole school at each meeting.",
            **figures,
        )
        session.add(GovernorsYear(**asdict(entered)))
        for month, day, pence, purpose, impact in _SPENDING:
            year = start_year if month >= 9 else start_year + 1
            spent_on = date(year, month, day)
            session.add(
                PpPlusSpend(
                    academic_year=start_year,
                    spent_on=spent_on,
                    amount_pence=pence,
                    kind=PpPlusKind.SPENT,
                    purpose=purpose,
                    impact=impact,
                )
            )
