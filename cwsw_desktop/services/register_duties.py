"""The register's own duties on a date: SDQ, EHCP review, attendance, PLA route, policy review and
retention review (one `DUTY_SOURCES` source, `register_duties`).

Everything is read as of the date (services.snapshot), and a contact-log entry about a duty's
kind for the child settles the occurrence it falls in (rules.settling).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import date, timedelta
from typing import TYPE_CHECKING

from cwsw_desktop.rules.attendance import SEVERE, attendance_concern, whom_to_tell
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.duties import Act, ActOn, Duty, DutyKind, Severity
from cwsw_desktop.rules.ehcp import ehcp_review_owed
from cwsw_desktop.rules.sdq import sdq_owed
from cwsw_desktop.rules.settling import attendance_opening, current_opening, is_settled, severity_by_date
from cwsw_desktop.rules.status import Category, SenStatus
from cwsw_desktop.services.retention_review import review_reason
from cwsw_desktop.services.snapshot import PupilFacts, Snapshot, load_snapshot
from cwsw_desktop.store.reader import Reader, reading

if TYPE_CHECKING:
    from cwsw_desktop.store.reader import Source

POLICY_NOTICE = timedelta(days=60)  # the policy review shows as due this long before its date
_SOCIAL_WORKER_CATEGORIES = frozenset({Category.CLA, Category.CIN, Category.CP})
_KINDS = {kind.value: kind for kind in DutyKind}  # "other" (about nothing in particular) is none

Logs = dict[tuple[int, DutyKind], list[date]]

_LOGGED = "SELECT pupil_id, about, logged_on FROM contact_log WHERE logged_on <= ?"
_NO_ROUTE = (
    "SELECT DISTINCT pupil_id FROM status_episode WHERE category = ? AND pla_route = '' "
    "AND start_date <= ? AND (end_date IS NULL OR end_date >= ?)"
)


def logged_dates(r: Reader, on: date) -> Logs:
    """For settling duties: the dates of every contact-log entry up to ``on`` about a duty's
    kind, by child and kind."""
    found: Logs = defaultdict(list)
    for pupil_id, about, logged_on in r.rows(_LOGGED, (on.isoformat(),)):
        kind = _KINDS.get(about)
        if kind is not None:
            found[(pupil_id, kind)].append(date.fromisoformat(logged_on))
    return found


def register_duties(source: Source, on: date) -> list[Duty]:
    """Every register duty owed on ``on`` and not settled by then."""
    with reading(source) as r:
        snap = load_snapshot(r, on)
        logs = logged_dates(r, on)
        day = on.isoformat()
        no_route = {row[0] for row in r.rows(_NO_ROUTE, (Category.PLA.value, day, day))}
    duties: list[Duty] = []
    for p in snap.pupils:
        duties += _retention(p, on, logs)
        if not p.on_roll:
            continue
        duties += _sdq(p, on, logs)
        duties += _ehcp(p, on, logs)
        duties += _attendance(p, snap, on, logs)
        if p.id in no_route and Category.PLA in p.categories:
            duties += _unsettled(
                p,
                on,
                logs,
                date.min,
                Duty(
                    DutyKind.PLA_ROUTE_MISSING,
                    Severity.NOTE,
                    "Previously looked after: the route out of care (adoption, SGO, CAO or adopted "
                    "from state care outside England and Wales) is not recorded",
                    _pupil_act(p),
                    pupil=p.upn,
                ),
            )
    duties += _policy(snap, on)
    return duties


def _pupil_act(p: PupilFacts) -> Act:
    return Act(ActOn.PUPIL, p.id, p.id)


def _unsettled(p: PupilFacts, on: date, logs: Logs, opens: date, duty: Duty) -> list[Duty]:
    return [] if is_settled(logs.get((p.id, duty.kind), ()), opens, on) else [duty]


def _sdq(p: PupilFacts, on: date, logs: Logs) -> list[Duty]:
    since = p.in_care_from  # looked_after_since, without the property call
    if since is None:
        return []
    owed = sdq_owed(p.date_of_birth, since, p.last_sdq, on)
    if owed is None:
        return []
    severity = severity_by_date(owed.due, on)
    when = "overdue since" if severity is Severity.OVERDUE else "due by"
    what = (
        f"First SDQ {when} {format_date(owed.due)}, a year after coming into care on {format_date(since)}"
        if owed.first
        else f"Annual SDQ {when} {format_date(owed.due)} (the last was {format_date(p.last_sdq)})"
    )
    duty = Duty(
        DutyKind.SDQ_DUE, severity, what + ": ask the carer (and a teacher)", _pupil_act(p), owed.due, p.upn
    )
    return _unsettled(p, on, logs, owed.opens, duty)


def _ehcp(p: PupilFacts, on: date, logs: Logs) -> list[Duty]:
    if p.sen_status != SenStatus.EHCP:
        return []
    owed = ehcp_review_owed(p.ehcp_last_review, p.ehcp_review_date, on)
    if owed is None:
        return []
    if owed.due is None:
        duty = Duty(
            DutyKind.EHCP_REVIEW_DUE,
            Severity.NOTE,
            "EHCP: no annual review date recorded: record the date of the last review",
            _pupil_act(p),
            pupil=p.upn,
        )
    else:
        severity = severity_by_date(owed.due, on)
        when = "overdue since" if severity is Severity.OVERDUE else "due by"
        last = f" (the last was {format_date(p.ehcp_last_review)})" if p.ehcp_last_review else ""
        duty = Duty(
            DutyKind.EHCP_REVIEW_DUE,
            severity,
            f"EHCP annual review {when} {format_date(owed.due)}{last}",
            _pupil_act(p),
            owed.due,
            p.upn,
        )
    return _unsettled(p, on, logs, owed.opens, duty)


def _attendance(p: PupilFacts, snap: Snapshot, on: date, logs: Logs) -> list[Duty]:
    if p.cohort is None:  # not (or no longer) on the register of children with a social worker
        return []
    band = attendance_concern(p.attendance_pct, snap.settings.persistent_absence_pct)
    if band is None or p.attendance_pct is None:
        return []
    severe = band == SEVERE
    tell = whom_to_tell(
        p.social_worker,
        Category.CLA in p.categories,
        bool(_SOCIAL_WORKER_CATEGORIES & set(p.categories)),
    )
    duty = Duty(
        DutyKind.ATTENDANCE_SEVERE if severe else DutyKind.ATTENDANCE_PERSISTENT,
        Severity.OVERDUE if severe else Severity.DUE,
        f"{band} ({p.attendance_pct:.1f}% attendance): {tell}",
        _pupil_act(p),
        pupil=p.upn,
    )
    return _unsettled(p, on, logs, attendance_opening(on), duty)


def _retention(p: PupilFacts, on: date, logs: Logs) -> list[Duty]:
    due = review_reason(p.date_of_birth, p.episodes, on)
    if due is None:
        return []
    review, reason = due
    duty = Duty(
        DutyKind.RETENTION_REVIEW,
        Severity.DUE,
        f"Record due for retention review: {reason}",
        Act(ActOn.RETENTION, p.id, p.id),
        review,
        p.upn,
    )
    # Reviewed and kept: a log entry about it settles the review for a year.
    return _unsettled(p, on, logs, current_opening(review, on, timedelta(0)), duty)


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
