"""The exclusions area's source for "what is due" (registered in services/due.py): what is still
owed, as of a date, for this year's and last year's exclusions, risk assessments and
alternative provision.

The records are read as plain rows through a ``Reader`` (a few constant statements, no ORM, no
SQLAlchemy imported); categories are those open on each exclusion's start date, never today's.
The Exclusions tab's rows are in services/exclusions.py, on the same rules.
"""

from __future__ import annotations

import json
from collections import defaultdict
from datetime import date, timedelta
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from cwsw_desktop.rules.calendar import AcademicYearDates, academic_year_of
from cwsw_desktop.rules.duties import Act, ActOn, Duty, DutyKind, Severity
from cwsw_desktop.rules.exclusion_support import (
    RISK_REVIEW_SOON_DAYS,
    Assessment,
    Placement,
    ap_owed,
    risk_review_owed,
)
from cwsw_desktop.rules.exclusions import (
    ConsultScope,
    ExclusionFacts,
    ExclusionKind,
    ExclusionPolicy,
    GovernorsOutcome,
    Owed,
    Party,
    exclusion_owed,
)
from cwsw_desktop.rules.school_days import SchoolDays
from cwsw_desktop.rules.status import Episode, current_categories
from cwsw_desktop.services.school_read import day, read_settings, read_years_around
from cwsw_desktop.store.reader import Reader, reading

if TYPE_CHECKING:
    from cwsw_desktop.store.reader import Source

DUTY_YEARS_BACK = 1  # duties look at this year's exclusions and the year before's
_NOTE_KINDS = frozenset({DutyKind.AP_NOT_FULL_TIME})
_ACT = {
    DutyKind.AP_NOT_FULL_TIME: ActOn.ALTERNATIVE_PROVISION,
    DutyKind.RISK_ASSESSMENT_REVIEW: ActOn.RISK_ASSESSMENT,
    DutyKind.REPEATED_SUSPENSIONS: ActOn.RISK_ASSESSMENT,
}
_KINDS = {k.value: k for k in ExclusionKind}  # a lookup: ExclusionKind(value) costs more per row
_PARENTS, _SOCIAL_WORKER, _GOVERNORS, _LA = (
    Party.PARENTS,
    Party.SOCIAL_WORKER,
    Party.GOVERNORS,
    Party.LOCAL_AUTHORITY,
)
_iso = date.fromisoformat

_IN_WINDOW = "start_date >= :since AND start_date <= :on"
# Each exclusion with the categories of the episodes open on its start date (found by the
# pupil's index; the rules order them), rather than every episode of its child read and scanned.
# The exclusions' columns come from their covering index (migration 0012), not the table's rows.
_EXCLUSIONS = (
    "SELECT id, pupil_id, kind, start_date, days, decided_on, vsh_consulted, vsh_notified, "
    "parents_told, social_worker_told, governors_told, la_told, misses_exam, provision_from, "
    "governors_meeting_on, governors_outcome, cancelled_on, "
    "(SELECT group_concat(s.category) FROM status_episode s WHERE s.pupil_id = x.pupil_id "
    "AND s.start_date <= x.start_date AND (s.end_date IS NULL OR s.end_date >= x.start_date)) "
    f"FROM exclusion x WHERE {_IN_WINDOW} ORDER BY start_date, id"
)
# Each child's latest risk assessment by (date, id) as the rules pick it, for a child with an
# exclusion in the window (its date answers repeated suspensions) or whose review the rule can
# owe by `on` (review on or before :soon); a child's other assessments play no part.
_ASSESSMENTS = (
    "SELECT a.id, a.pupil_id, a.assessed_on, a.review_on FROM risk_assessment a "
    "WHERE a.assessed_on <= :on AND NOT EXISTS (SELECT 1 FROM risk_assessment b "
    "WHERE b.pupil_id = a.pupil_id AND b.assessed_on <= :on "
    "AND (b.assessed_on > a.assessed_on OR (b.assessed_on = a.assessed_on AND b.id > a.id))) "
    f"AND (a.review_on <= :soon OR a.pupil_id IN (SELECT pupil_id FROM exclusion WHERE {_IN_WINDOW}))"
)
_PLACEMENTS = "SELECT id, pupil_id, provider, start_date, end_date, hours_per_week FROM alternative_provision ORDER BY id"
# The UPNs of the children who owe something (their ids as one JSON array), not of every pupil.
_UPNS = "SELECT id, upn FROM pupil WHERE id IN (SELECT value FROM json_each(?))"


class _Child:
    """One child's records as the rules see them (a plain class: building a dataclass costs
    about a millisecond at import, on the path of the `due` command)."""

    __slots__ = ("assessments", "facts", "placements")

    def __init__(self) -> None:
        self.facts: list[ExclusionFacts] = []
        # The latest risk assessment by the date (the rules read no other: the review owed is
        # the latest one's, and a suspension is answered by one dated on or after it); none if
        # none, or if it can neither owe a review nor answer a suspension.
        self.assessments: list[Assessment] = []
        self.placements: list[Placement] = []


@lru_cache(maxsize=64)
def _categories(found: str | None) -> tuple[str, ...]:
    """The categories open on an exclusion's start date (as SQLite lists them, or NULL for
    none), ordered by the rule that orders them (a few distinct lists: worked out once each)."""
    if found is None:
        return ()
    return current_categories([Episode(c, date.min) for c in found.split(",")], date.min)


def _told(row: tuple[Any, ...]) -> dict[Party, date]:
    """When each party was told, by party, those told only, from an `_EXCLUSIONS` row (ISO text
    or NULL): one test each (a comprehension over the four, zipped, cost twice as much for the
    1,400 exclusions of what is due at 5,000 pupils)."""
    parents, social_worker, governors, la = row[8:12]
    told: dict[Party, date] = {}
    if parents is not None:
        told[_PARENTS] = _iso(parents)
    if social_worker is not None:
        told[_SOCIAL_WORKER] = _iso(social_worker)
    if governors is not None:
        told[_GOVERNORS] = _iso(governors)
    if la is not None:
        told[_LA] = _iso(la)
    return told


def _facts(row: tuple[Any, ...]) -> ExclusionFacts:
    # The reader gives ISO text or NULL: each date is parsed in line (as school_read.day would).
    iso = date.fromisoformat
    (ex_id, _, kind, start, days, decided, consulted, notified) = row[:8]
    (misses_exam, provision_from, meeting_on, outcome, cancelled, categories) = row[12:]
    return ExclusionFacts(  # (by position, in the fields' order: a third quicker than by name)
        ex_id,
        _KINDS[kind],
        iso(start),
        float(days),
        _categories(categories),
        None if decided is None else iso(decided),
        None if consulted is None else iso(consulted),
        None if notified is None else iso(notified),
        _told(row),
        bool(misses_exam),
        None if provision_from is None else iso(provision_from),
        None if meeting_on is None else iso(meeting_on),
        GovernorsOutcome(outcome) if outcome else None,
        None if cancelled is None else iso(cancelled),
    )


def _children(r: Reader, since: date, on: date) -> dict[int, _Child]:
    """Each child with an exclusion from `since` to `on`, a placement, or a risk assessment the
    rules can read (see `_ASSESSMENTS`)."""
    soon = on + timedelta(days=RISK_REVIEW_SOON_DAYS)
    span = {"since": since.isoformat(), "on": on.isoformat(), "soon": soon.isoformat()}
    children: dict[int, _Child] = defaultdict(_Child)
    for ra_id, pupil_id, assessed_on, review_on in r.rows(_ASSESSMENTS, span):
        children[pupil_id].assessments.append(
            Assessment(ra_id, date.fromisoformat(assessed_on), day(review_on))
        )
    for ap_id, pupil_id, provider, start, end, hours in r.rows(_PLACEMENTS):
        children[pupil_id].placements.append(
            Placement(ap_id, provider, date.fromisoformat(start), day(end), float(hours))
        )
    for row in r.rows(_EXCLUSIONS, span):
        children[row[1]].facts.append(_facts(row))
    return children


@lru_cache(maxsize=8)
def calendar_of(years: tuple[AcademicYearDates, ...]) -> SchoolDays:
    """The school days of those years, worked out once for each set of term dates (finding the
    bank holidays and every school day of four years takes longer than a whole refresh), and
    with them the answers it remembers (school days added, each date's year and term), which
    the rules ask for again at every refresh. A pure function of the term dates: saving other
    dates is another key."""
    return SchoolDays.for_years(years)


def _duty(o: Owed, pupil_id: int, upn: str, on: date) -> Duty:
    if o.kind in _NOTE_KINDS:
        severity = Severity.NOTE
    elif o.kind is DutyKind.SUSPENSION_45_DAY_LIMIT or (o.due is not None and o.due < on):
        severity = Severity.OVERDUE
    else:
        severity = Severity.DUE
    on_what = _ACT.get(o.kind, ActOn.EXCLUSION)
    record = o.exclusion_id if on_what is ActOn.EXCLUSION else o.record_id
    return Duty(o.kind, severity, o.message, Act(on_what, record, pupil_id), o.due, pupil=upn)


def exclusion_duties(source: Source, on: date) -> list[Duty]:
    """The exclusions area's duties as of `on` (registered in services/due.py)."""
    since = date(academic_year_of(on) - DUTY_YEARS_BACK, 9, 1)
    with reading(source) as r:
        s = read_settings(r)
        cal = calendar_of(tuple(read_years_around(r, on, back=DUTY_YEARS_BACK + 1, ahead=1)))
        children = _children(r, since, on)
        policy = ExclusionPolicy(
            ConsultScope(s.consult_scope), s.repeated_in_term, s.repeated_in_year, s.ap_full_time_hours
        )
        owing: dict[int, list[Owed]] = {}
        for pupil_id, child in children.items():
            # (each rule owes nothing for no records: asked only about the records a child has)
            owed: list[Owed] = []
            if child.facts:
                assessed = [a.assessed_on for a in child.assessments]
                owed = exclusion_owed(child.facts, assessed, cal, policy)
            if child.placements:
                owed += ap_owed(child.placements, on, policy)
            if child.assessments:
                owed += risk_review_owed(child.assessments, on)
            if owed:
                owing[pupil_id] = owed
        upns = dict(r.rows(_UPNS, (json.dumps(list(owing)),))) if owing else {}
    return [_duty(o, pupil_id, upns[pupil_id], on) for pupil_id, owed in owing.items() for o in owed]
