"""The Overview: what needs doing, most urgent first, from the same rules as every tab."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Engine
from sqlmodel import col, select

from cwsw_desktop.models import Exclusion, StaffMember, TrainingAttendance, TrainingSession
from cwsw_desktop.rules import pep as pep_rules
from cwsw_desktop.rules.attendance import SEVERE
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.exclusions import Suspension, suspension_duties
from cwsw_desktop.rules.retention import is_due_for_review
from cwsw_desktop.rules.training import dsl_training_status, dt_training_shortfall
from cwsw_desktop.services.snapshot import PupilFacts, Snapshot, load_snapshot
from cwsw_desktop.store import unit_of_work

OVERDUE, DUE, NOTE = "Overdue", "Due", "Note"
_RANK = {OVERDUE: 0, DUE: 1, NOTE: 2}


@dataclass(frozen=True)
class DueItem:
    urgency: str
    area: str
    what: str
    pupil_id: int | None = None
    pupil: str = ""
    due: date | None = None


@dataclass(frozen=True)
class Overview:
    today: date
    school: str
    year_label: str
    term: str
    counts: dict[str, int]
    items: tuple[DueItem, ...]


def build_overview(engine: Engine, today: date | None = None) -> Overview:
    snap = load_snapshot(engine, today)
    items = _pupil_items(snap) + _exclusion_items(engine, snap) + _training_items(engine, snap)
    items += _policy_items(snap)
    items.sort(key=lambda i: (_RANK[i.urgency], i.due or date.max, i.area, i.pupil))
    counts = Counter(p.cohort for p in snap.pupils if p.on_roll and p.cohort)
    term = next((t.name for t in snap.year.terms if t.start <= snap.today <= t.end), "Holiday")
    return Overview(
        today=snap.today,
        school=snap.settings.name,
        year_label=snap.year.label,
        term=term,
        counts={k: counts.get(k, 0) for k in ("CLA", "PLA", "CIN", "CP", "Previous")},
        items=tuple(items),
    )


def _pupil_items(snap: Snapshot) -> list[DueItem]:
    items: list[DueItem] = []
    for p in snap.pupils:
        if not p.on_roll:
            if is_due_for_review(p.date_of_birth, snap.today):
                items.append(
                    DueItem(
                        NOTE, "Retention", "Record past its retention date: review it", p.id, p.display_name
                    )
                )
            continue
        if p.pep is not None:
            items += _first_pep(p, snap.today)
            status = p.pep.current_status
            if p.pep.overdue_terms:
                items.append(
                    DueItem(
                        OVERDUE,
                        "PEP",
                        f"{p.pep.overdue_terms} term(s) ended without a PEP",
                        p.id,
                        p.display_name,
                    )
                )
            if status in (pep_rules.DUE_SOON, pep_rules.DUE):
                items.append(
                    DueItem(
                        DUE if status == pep_rules.DUE_SOON else NOTE,
                        "PEP",
                        f"PEP {status.lower()}",
                        p.id,
                        p.display_name,
                        p.pep.next_due,
                    )
                )
            elif status == pep_rules.INCOMPLETE:
                items.append(DueItem(DUE, "PEP", "PEP held this term has no targets", p.id, p.display_name))
        if p.sdq_due:
            items.append(DueItem(DUE, "SDQ", "Annual SDQ due", p.id, p.display_name))
        if p.ehcp_review_due:
            overdue = p.ehcp_review_date is not None and p.ehcp_review_date < snap.today
            items.append(
                DueItem(
                    OVERDUE if overdue else DUE,
                    "EHCP",
                    "EHCP annual review " + ("overdue" if overdue else "due")
                    if p.ehcp_review_date
                    else "EHCP review date not recorded",
                    p.id,
                    p.display_name,
                    p.ehcp_review_date,
                )
            )
        if p.attendance_band and p.attendance_band != "OK" and p.cohort not in (None, "Previous", "PLA"):
            items.append(
                DueItem(
                    OVERDUE if p.attendance_band == SEVERE else DUE,
                    "Attendance",
                    f"{p.attendance_band} ({p.attendance_pct:.1f}%): tell the social worker"
                    + (" and the Virtual School" if "CLA" in p.categories else ""),
                    p.id,
                    p.display_name,
                )
            )
    return items


def _first_pep(p: PupilFacts, today: date) -> list[DueItem]:
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
        DueItem(
            OVERDUE if late else DUE,
            "PEP",
            f"First PEP after coming into care on {format_date(entered)} "
            + ("is overdue" if late else "is due"),
            p.id,
            p.display_name,
            deadline,
        )
    ]


def _exclusion_items(engine: Engine, snap: Snapshot) -> list[DueItem]:
    by_pupil: dict[int, list[Suspension]] = defaultdict(list)
    with unit_of_work(engine) as session:
        for ex in session.exec(select(Exclusion).where(Exclusion.start_date >= snap.year.first_day)).all():
            by_pupil[ex.pupil_id].append(
                Suspension(ex.start_date, ex.days, ex.kind == "permanent", ex.vsh_contacted)
            )
    facts = {p.id: p for p in snap.pupils}
    items: list[DueItem] = []
    for pupil_id, suspensions in by_pupil.items():
        p = facts[pupil_id]
        for duty in suspension_duties(suspensions, snap.years, "CLA" in p.categories):
            urgent = duty.kind in ("vsh_not_contacted", "over_annual_limit") or (
                duty.due is not None and duty.due < snap.today
            )
            items.append(
                DueItem(
                    OVERDUE if urgent else DUE, "Exclusions", duty.message, p.id, p.display_name, duty.due
                )
            )
    return items


def _training_items(engine: Engine, snap: Snapshot) -> list[DueItem]:
    items: list[DueItem] = []
    year = snap.year
    with unit_of_work(engine) as session:
        staff = session.exec(select(StaffMember).where(col(StaffMember.active).is_(True))).all()
        attended: dict[int, list[TrainingSession]] = defaultdict(list)
        rows = session.exec(
            select(TrainingAttendance, TrainingSession).join(
                TrainingSession, col(TrainingSession.id) == col(TrainingAttendance.session_id)
            )
        ).all()
        for link, sess in rows:
            attended[link.staff_id].append(sess)
    for member in staff:
        done = attended[member.id or 0]
        if member.is_dt:
            hours = [s.hours for s in done if year.first_day <= s.held_on <= year.last_day]
            short = dt_training_shortfall(hours, snap.settings.dt_training_days)
            if short > 0:
                items.append(
                    DueItem(
                        DUE,
                        "Training",
                        f"Designated Teacher needs {short:g} more day(s) of training in {year.label}",
                        due=year.last_day,
                    )
                )
        if member.is_dsl:
            formal = max((s.held_on for s in done if s.topic == "dsl_formal"), default=None)
            refresh = max(
                (s.held_on for s in done if s.topic in ("dsl_formal", "dsl_refresher")), default=None
            )
            status = dsl_training_status(formal, refresh, snap.today)
            if status.formal_overdue:
                items.append(
                    DueItem(
                        OVERDUE, "Training", "DSL formal training is over 2 years old", due=status.formal_due
                    )
                )
            elif status.refresher_overdue:
                items.append(
                    DueItem(OVERDUE, "Training", "DSL refresher is over a year old", due=status.refresher_due)
                )
    missing = [m for m in staff if not {"attachment", "trauma"} <= {s.topic for s in attended[m.id or 0]}]
    if missing:
        items.append(
            DueItem(
                DUE,
                "Training",
                f"{len(missing)} staff member(s) have not had both "
                "attachment-aware and trauma-informed training",
            )
        )
    return items


def _policy_items(snap: Snapshot) -> list[DueItem]:
    review = snap.settings.policy_review
    if review is None:
        return [DueItem(NOTE, "Policy", "Set the policy review date in Settings")]
    if review < snap.today:
        return [DueItem(OVERDUE, "Policy", f"Policy review was due on {format_date(review)}", due=review)]
    if review <= snap.today + timedelta(days=60):
        return [DueItem(DUE, "Policy", f"Policy review due on {format_date(review)}", due=review)]
    return []
