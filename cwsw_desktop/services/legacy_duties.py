"""Today's PEP, exclusion and training duties, moved from the old Overview as `Duty` values.

TEMPORARY: each source here is replaced when its area's own source lands in DUTY_SOURCES (the
PEP, exclusions and training work). They keep the old Overview's logic unchanged on purpose;
the lead deletes this module at merge.
"""

from __future__ import annotations

from datetime import date, timedelta

from sqlalchemy import Engine

from cwsw_desktop.rules import pep as pep_rules
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.duties import Act, ActOn, Duty, DutyKind, Severity
from cwsw_desktop.services.snapshot import PupilFacts, load_snapshot

OVERDUE, DUE, NOTE = Severity.OVERDUE, Severity.DUE, Severity.NOTE


# Replaced when the PEP source lands.
def legacy_pep_duties(engine: Engine, on: date) -> list[Duty]:
    snap = load_snapshot(engine, on)
    duties: list[Duty] = []
    for p in snap.pupils:
        if not p.on_roll or p.pep is None:
            continue
        act = Act(ActOn.PEP, None, p.id)
        duties += _first_pep(p, on)
        status = p.pep.current_status
        if p.pep.overdue_terms:
            duties.append(
                Duty(
                    DutyKind.PEP_OVERDUE,
                    OVERDUE,
                    f"{p.pep.overdue_terms} term(s) ended without a PEP",
                    act,
                    pupil=p.upn,
                )
            )
        if status in (pep_rules.DUE_SOON, pep_rules.DUE):
            duties.append(
                Duty(
                    DutyKind.PEP_DUE,
                    DUE if status == pep_rules.DUE_SOON else NOTE,
                    f"PEP {status.lower()}",
                    act,
                    p.pep.next_due,
                    p.upn,
                )
            )
        elif status == pep_rules.INCOMPLETE:
            duties.append(
                Duty(DutyKind.PEP_INCOMPLETE, DUE, "PEP held this term has no targets", act, pupil=p.upn)
            )
    return duties


def _first_pep(p: PupilFacts, today: date) -> list[Duty]:
    """A child new to care needs a PEP within 10 working days (ready for the 20-day review)."""
    assert p.pep is not None
    entered = max(e.start for e in p.episodes if e.category == "CLA" and e.is_open_on(today))
    if entered < today - timedelta(days=90):
        return []
    if any(t.pep_date and t.pep_date >= entered for t in p.pep.terms):
        return []
    deadline = pep_rules.first_pep_deadline(entered)
    late = today > deadline
    return [
        Duty(
            DutyKind.INITIAL_PEP_DUE,
            OVERDUE if late else DUE,
            f"First PEP after coming into care on {format_date(entered)} "
            + ("is overdue" if late else "is due"),
            Act(ActOn.PEP, None, p.id),
            deadline,
            p.upn,
        )
    ]


_EXCLUSION_KINDS = {
    "governors_meet": DutyKind.GOVERNORS_MEETING_DUE,
    "governors_consider": DutyKind.GOVERNORS_MEETING_DUE,
    "over_annual_limit": DutyKind.SUSPENSION_45_DAY_LIMIT,
    "full_time_provision": DutyKind.DAY6_PROVISION,
    "vsh_not_contacted": DutyKind.VSH_NOT_NOTIFIED,
    "review_support": DutyKind.REPEATED_SUSPENSIONS,
}


# Replaced when the exclusions source lands.
