"""The register's own duties on a date: SDQ, EHCP review, attendance, PLA route, policy review and
retention review (one `DUTY_SOURCES` source, `register_duties`).

Everything is read as of the date (services.snapshot), and a contact-log entry about a duty's
kind for the child settles the occurrence it falls in (rules.settling).

Most pupils owe nothing, and working out every pupil's facts was most of "what is due" at 5,000
pupils, so SQLite picks the pupils a rule could find something owed by (``_MAY_OWE``, written
from the rules' own numbers with a margin, so that it never leaves out a pupil the rules would
find a duty for) in the same scan that reads their rows, and only their facts are read and put
to the same rules. Over a thousand of 5,000 pupils owe something on a date, so the work per
pupil counts too: what is the same for every pupil is worked out once, and the duties are made
as the snapshot makes its facts (snapshot.made).
"""

from __future__ import annotations

import json
from collections import defaultdict
from collections.abc import Container, Iterable
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cwsw_desktop.rules.attendance import SEVERE, attendance_concern, whom_to_tell
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.duties import Act, ActOn, Duty, DutyKind, Severity
from cwsw_desktop.rules.ehcp import EHCP_NOTICE, EHCP_REVIEW_YEARS, ehcp_review_owed
from cwsw_desktop.rules.retention import RETENTION_YEARS
from cwsw_desktop.rules.sdq import SDQ_INTERVAL_YEARS, SDQ_MAX_AGE, SDQ_MIN_AGE, SDQ_NOTICE_DAYS, sdq_owed
from cwsw_desktop.rules.settling import attendance_opening, current_opening, is_settled, severity_by_date
from cwsw_desktop.rules.status import PREVIOUS_CSW_YEARS, Category, SenStatus
from cwsw_desktop.services.governors_cohort import SOCIAL_WORKER, on_roll_sql
from cwsw_desktop.services.retention_review import KEPT_TO_25, review_reason
from cwsw_desktop.services.school_read import read_settings
from cwsw_desktop.services.snapshot import PupilFacts, Snapshot, load_facts, made
from cwsw_desktop.store.reader import Reader, reading

if TYPE_CHECKING:
    from cwsw_desktop.store.reader import Source

POLICY_NOTICE = timedelta(days=60)  # the policy review shows as due this long before its date
_SOCIAL_WORKER_CATEGORIES = frozenset({Category.CLA, Category.CIN, Category.CP})

Logs = dict[tuple[int, DutyKind], list[date]]

# The kinds of the duties a contact-log entry settles (the loop of duties_in: every kind its rules
# give but the school's own policy review). Only entries about them are read: a log about
# anything else (an exclusion, a PEP, "other") settles nothing here, and a store kept for years
# holds many (tests/unit/test_register_candidates.py checks no rule gives another kind).
SETTLED_BY_LOG = (
    DutyKind.SDQ_DUE,
    DutyKind.EHCP_REVIEW_DUE,
    DutyKind.ATTENDANCE_PERSISTENT,
    DutyKind.ATTENDANCE_SEVERE,
    DutyKind.RETENTION_REVIEW,
    DutyKind.PLA_ROUTE_MISSING,
)
_KINDS = {kind.value: kind for kind in SETTLED_BY_LOG}
_LOGGED = (
    "SELECT pupil_id, about, logged_on FROM contact_log WHERE logged_on <= ? "
    f"AND about IN ({', '.join(repr(k.value) for k in SETTLED_BY_LOG)})"
)
_NO_ROUTE = (
    "SELECT DISTINCT pupil_id FROM status_episode WHERE category = ? AND pla_route = '' "
    "AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)"
)


def logged_dates(r: Reader, on: date) -> Logs:
    """For settling duties: the dates of every contact-log entry up to ``on`` about a kind in
    ``SETTLED_BY_LOG``, by child and kind."""
    found: Logs = defaultdict(list)
    for pupil_id, about, logged_on in r.rows(_LOGGED, (on.isoformat(),)):
        found[(pupil_id, _KINDS[about])].append(date.fromisoformat(logged_on))
    return found


def _sql_list(values: Iterable[str]) -> str:
    """Closed-set values (no quotes in them) as an SQL list."""
    return ", ".join(f"'{v}'" for v in values)


# Each part is a little wider than its rule (a year, a month or a week of margin where a date
# is compared), so every pupil a rule could find a duty for is among them; the rules then decide.
# Parameters: :day (ISO), :threshold (the persistent-absence percentage), :sdq_from and :ehcp_by
# (see _may_owe). The pupils whose record may be due for retention review are picked first
# (``_MAY_REVIEW``, a few dozen: only they are asked about it); ``_MAY_OWE``, the condition of
# the snapshot's scan of the pupils (load_facts: one scan picks them and reads their rows; not a
# look-up through the leaving-date index, as most are on roll), takes them (:reviewed, a JSON
# array) and those on roll who may owe something else. The few of 24 or more are looked for
# first, then their episodes; the episodes are scanned for the children looked after, not
# looked up by category (over a third of them are CLA: the index only adds a look-up of each).
_SW = _sql_list(c.value for c in SOCIAL_WORKER)
_OPEN_ON_DAY = "e.start_date <= :day AND (e.end_date IS NULL OR e.end_date >= :day)"
# The second part is the retention review of a child whose only social-worker episodes were CIN
# (a CP or CLA record is reviewed at 25 instead: the first part): every one ended over 6 years
# before, a week of margin for 29 February.
_CSW_ENDED = f"date(:day, '-{PREVIOUS_CSW_YEARS} years', '+7 days')"
_MAY_REVIEW = f"""
SELECT p.id FROM pupil p NOT INDEXED WHERE p.date_of_birth <= date(:day, '-{RETENTION_YEARS - 1} years')
  AND EXISTS (SELECT 1 FROM status_episode e WHERE e.pupil_id = p.id
      AND e.category IN ({_sql_list(sorted(KEPT_TO_25))}) AND e.start_date <= :day)
UNION
SELECT e.pupil_id FROM status_episode e NOT INDEXED
  WHERE e.category = '{Category.CIN.value}' AND e.end_date < {_CSW_ENDED}
  AND NOT EXISTS (SELECT 1 FROM status_episode o WHERE o.pupil_id = e.pupil_id
      AND o.category IN ({_SW}) AND o.start_date <= :day
      AND (o.category <> '{Category.CIN.value}' OR o.end_date IS NULL OR o.end_date >= {_CSW_ENDED}))
"""
_MAY_OWE = f"""
p.id IN (SELECT value FROM json_each(:reviewed))
OR ({on_roll_sql(":day")} AND (
  (p.sen_status = '{SenStatus.EHCP.value}' AND (p.ehcp_last_review IS NULL AND p.ehcp_review_date IS NULL
      OR p.ehcp_review_date <= :ehcp_by OR p.ehcp_last_review <= date(:ehcp_by, '-{EHCP_REVIEW_YEARS} years')))
  OR (p.attendance_pct <= :threshold
      AND EXISTS (SELECT 1 FROM status_episode e WHERE e.pupil_id = p.id AND e.start_date <= :day))
  OR p.id IN (SELECT e.pupil_id FROM status_episode e
      WHERE e.category = '{Category.PLA.value}' AND e.pla_route = '' AND {_OPEN_ON_DAY})
  OR (p.date_of_birth > date(:day, '-{SDQ_MAX_AGE + 2} years')
      AND p.date_of_birth <= date(:day, '-{SDQ_MIN_AGE - 1} years')
      AND p.id IN (SELECT e.pupil_id FROM status_episode e NOT INDEXED
          WHERE e.category = '{Category.CLA.value}' AND {_OPEN_ON_DAY}
          GROUP BY e.pupil_id HAVING max(e.start_date) <= :sdq_from)
      AND NOT EXISTS (SELECT 1 FROM sdq_result s WHERE s.pupil_id = p.id
          AND s.taken_on > :sdq_from AND s.taken_on <= :day))))
"""


def _may_owe(on: date, threshold: float) -> dict[str, object]:
    """The parameters of ``_MAY_OWE``, which picks the pupils who may owe a register duty on
    ``on``: for a retention review, a CP or CLA record and at least 24, or only CIN episodes,
    every one ended over 6 years before; and among those on roll, an EHCP whose review may be
    due within the notice (or has no date), attendance at or under the threshold with a status
    history, a PLA route not recorded, or looked after, of SDQ age, with no SDQ or care start in
    the year (less the notice and a month) before."""
    sdq_from = on - timedelta(days=365 * SDQ_INTERVAL_YEARS - SDQ_NOTICE_DAYS - 31)
    ehcp_by = on + EHCP_NOTICE + timedelta(days=3)  # a review due by then (29/02 taken to 28/02)
    return {
        "day": on.isoformat(),
        "threshold": threshold,
        "sdq_from": sdq_from.isoformat(),
        "ehcp_by": ehcp_by.isoformat(),
    }


def register_duties(source: Source, on: date) -> list[Duty]:
    """Every register duty owed on ``on`` and not settled by then."""
    with reading(source) as r:
        may_owe = _may_owe(on, read_settings(r).persistent_absence_pct)
        reviewed = {row[0] for row in r.rows(_MAY_REVIEW, may_owe)}
        may_owe["reviewed"] = json.dumps(sorted(reviewed))
        return duties_in(r, load_facts(r, on, _MAY_OWE, may_owe), reviewed)


def duties_in(r: Reader, snap: Snapshot, reviewed: Container[int] | None = None) -> list[Duty]:
    """The register duties owed by the pupils in ``snap`` on its date, and the school's own; a
    retention review only for the pupils in ``reviewed`` (every pupil when None).
    (tests/unit/test_register_candidates.py gives it every pupil, to check ``_MAY_OWE`` and
    ``_MAY_REVIEW``.)

    What is the same for every pupil (the attendance threshold and the earliest log entry that
    settles a concern) is worked out once, and a pupil's Act is made once for all its duties:
    at 5,000 pupils over a thousand pupils owe something, so the work per pupil counts."""
    on = snap.today
    logs = logged_dates(r, on)
    day = on.isoformat()
    no_route = {row[0] for row in r.rows(_NO_ROUTE, (Category.PLA.value, day, day))}
    threshold = snap.settings.persistent_absence_pct
    attendance_opens = attendance_opening(on)
    duties: list[Duty] = []
    for p in snap.pupils:
        owed: tuple[Owed, ...] = (_retention(p, on),) if reviewed is None or p.id in reviewed else ()
        if p.on_roll:
            act = made(Act, {"on": ActOn.PUPIL, "record_id": p.id, "pupil_id": p.id})
            owed += (_sdq(p, on, act), _ehcp(p, on, act), _attendance(p, threshold, act, attendance_opens))
            if p.id in no_route and Category.PLA in p.categories:
                owed += ((_no_route(p, act), date.min),)
        for found in owed:
            if found is not None:
                duty, opens = found
                logged = logs.get((p.id, duty.kind))  # most children have no entry about the kind
                if not logged or not is_settled(logged, opens, on):
                    duties.append(duty)
    duties += _policy(snap, on)
    return duties


# What a rule below finds owed: the duty, and when its occurrence opened (a contact-log entry
# about its kind for the child, from then up to the date, settles it).
Owed = tuple[Duty, date] | None


def _duty(
    kind: DutyKind,
    severity: Severity,
    message: str,
    act: Act,
    due: date | None = None,
    pupil: str | None = None,
) -> Duty:
    """``Duty(kind, severity, message, act, due, pupil)``, made the way the snapshot makes its
    facts (snapshot.made): over a thousand a date at 5,000 pupils."""
    return made(
        Duty,
        {
            "kind": kind,
            "severity": severity,
            "message": message,
            "act": act,
            "due": due,
            "pupil": pupil,
            "staff": None,
        },
    )


def _no_route(p: PupilFacts, act: Act) -> Duty:
    return _duty(
        DutyKind.PLA_ROUTE_MISSING,
        Severity.NOTE,
        "Previously looked after: the route out of care (adoption, SGO, CAO or adopted "
        "from state care outside England and Wales) is not recorded",
        act,
        pupil=p.upn,
    )


def _sdq(p: PupilFacts, on: date, act: Act) -> Owed:
    since = p.in_care_from  # looked_after_since, without the property call
    if since is None:
        return None
    owed = sdq_owed(p.date_of_birth, since, p.last_sdq, on)
    if owed is None:
        return None
    severity = severity_by_date(owed.due, on)
    when = "overdue since" if severity is Severity.OVERDUE else "due by"
    what = (
        f"First SDQ {when} {format_date(owed.due)}, a year after coming into care on {format_date(since)}"
        if owed.first
        else f"Annual SDQ {when} {format_date(owed.due)} (the last was {format_date(p.last_sdq)})"
    )
    return _duty(
        DutyKind.SDQ_DUE, severity, what + ": ask the carer (and a teacher)", act, owed.due, p.upn
    ), owed.opens


def _ehcp(p: PupilFacts, on: date, act: Act) -> Owed:
    if p.sen_status != SenStatus.EHCP:
        return None
    owed = ehcp_review_owed(p.ehcp_last_review, p.ehcp_review_date, on)
    if owed is None:
        return None
    if owed.due is None:
        duty = _duty(
            DutyKind.EHCP_REVIEW_DUE,
            Severity.NOTE,
            "EHCP: no annual review date recorded: record the date of the last review",
            act,
            pupil=p.upn,
        )
    else:
        severity = severity_by_date(owed.due, on)
        when = "overdue since" if severity is Severity.OVERDUE else "due by"
        last = f" (the last was {format_date(p.ehcp_last_review)})" if p.ehcp_last_review else ""
        duty = _duty(
            DutyKind.EHCP_REVIEW_DUE,
            severity,
            f"EHCP annual review {when} {format_date(owed.due)}{last}",
            act,
            owed.due,
            p.upn,
        )
    return duty, owed.opens


def _attendance(p: PupilFacts, threshold: float, act: Act, opens: date) -> Owed:
    if p.cohort is None:  # not (or no longer) on the register of children with a social worker
        return None
    band = attendance_concern(p.attendance_pct, threshold)
    if band is None or p.attendance_pct is None:
        return None
    severe = band == SEVERE
    tell = whom_to_tell(
        p.social_worker,
        Category.CLA in p.categories,
        not _SOCIAL_WORKER_CATEGORIES.isdisjoint(p.categories),
    )
    duty = _duty(
        DutyKind.ATTENDANCE_SEVERE if severe else DutyKind.ATTENDANCE_PERSISTENT,
        Severity.OVERDUE if severe else Severity.DUE,
        f"{band} ({p.attendance_pct:.1f}% attendance): {tell}",
        act,
        pupil=p.upn,
    )
    return duty, opens


def _retention(p: PupilFacts, on: date) -> Owed:
    due = review_reason(p.date_of_birth, p.episodes, on)
    if due is None:
        return None
    review, reason = due
    duty = _duty(
        DutyKind.RETENTION_REVIEW,
        Severity.DUE,
        f"Record due for retention review: {reason}",
        Act(ActOn.RETENTION, p.id, p.id),
        review,
        p.upn,
    )
    # Reviewed and kept: a log entry about it settles the review for a year.
    return duty, current_opening(review, on, timedelta(0))


def _policy(snap: Snapshot, on: date) -> list[Duty]:
    review = snap.settings.policy_review
    act = Act(ActOn.SETTINGS)
    if review is None:
        return [Duty(DutyKind.POLICY_REVIEW, Severity.NOTE, "Set the policy review date in Settings", act)]
    if review < on:
        return [
            Duty(
                DutyKind.POLICY_REVIEW,
                Severity.OVERDUE,
                f"The policy for children with a social worker was due for review on {format_date(review)}",
                act,
                review,
            )
        ]
    if review <= on + POLICY_NOTICE:
        return [
            Duty(
                DutyKind.POLICY_REVIEW,
                Severity.DUE,
                f"The policy for children with a social worker is due for review on {format_date(review)}",
                act,
                review,
            )
        ]
    return []
