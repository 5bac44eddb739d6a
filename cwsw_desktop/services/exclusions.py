"""Exclusions: the records as the rules see them, the tab's rows, and what is owed on a date.

Categories are always those open on the exclusion's start date (rules/status.py), never today's.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from typing import Protocol

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from cwsw_desktop.models import (
    AlternativeProvision,
    Exclusion,
    Pupil,
    RiskAssessment,
    StatusEpisode,
)
from cwsw_desktop.rules.exclusion_support import Assessment, Placement, ap_owed, risk_review_owed
from cwsw_desktop.rules.exclusions import (
    ConsultScope,
    ExclusionFacts,
    ExclusionKind,
    ExclusionPolicy,
    GovernorsOutcome,
    Owed,
    Party,
    consulted_in_time,
    exclusion_owed,
    must_consult,
    term_total_through,
    year_total,
)
from cwsw_desktop.rules.names import display_name
from cwsw_desktop.rules.school_days import SchoolDays
from cwsw_desktop.rules.status import Episode, current_categories
from cwsw_desktop.services.exclusion_duties import DUTY_YEARS_BACK, calendar_of
from cwsw_desktop.services.exclusion_views import ChildRecords, ExclusionLine, excluded_children, reason_words
from cwsw_desktop.services.row_values import Recent
from cwsw_desktop.services.school import load_settings, years_around
from cwsw_desktop.store import unit_of_work
from cwsw_desktop.store.reader import reading


class ExclusionInputLike(Protocol):
    """An exclusion as entered (services.exclusion_records.ExclusionInput)."""

    @property
    def pupil_id(self) -> int: ...

    @property
    def start_date(self) -> date: ...

    def columns(self) -> dict[str, object]: ...


def pupil_name(p: Pupil) -> str:
    """The child's name as shown everywhere (rules.names.display_name)."""
    return display_name(p.legal_forename, p.legal_surname, p.preferred_forename, p.preferred_surname)


def policy_of(engine: Engine) -> ExclusionPolicy:
    s = load_settings(engine)
    return ExclusionPolicy(
        consult_scope=ConsultScope(s.consult_scope),
        repeated_in_term=s.repeated_in_term,
        repeated_in_year=s.repeated_in_year,
        ap_full_time_hours=s.ap_full_time_hours,
    )


def school_days(engine: Engine, on: date) -> SchoolDays:
    return calendar_of(tuple(years_around(engine, on, back=DUTY_YEARS_BACK + 1, ahead=1)))


def facts_of(ex: Exclusion | ExclusionLine, categories: tuple[str, ...]) -> ExclusionFacts:
    told = {
        party: when
        for party, when in (
            (Party.PARENTS, ex.parents_told),
            (Party.SOCIAL_WORKER, ex.social_worker_told),
            (Party.GOVERNORS, ex.governors_told),
            (Party.LOCAL_AUTHORITY, ex.la_told),
        )
        if when is not None
    }
    return ExclusionFacts(
        id=ex.id or 0,
        kind=ExclusionKind(ex.kind),
        start=ex.start_date,
        days=ex.days,
        categories=categories,
        decided_on=ex.decided_on,
        vsh_consulted=ex.vsh_consulted,
        vsh_notified=ex.vsh_notified,
        told=told,
        misses_exam=ex.misses_exam,
        provision_from=ex.provision_from,
        governors_meeting_on=ex.governors_meeting_on,
        governors_outcome=GovernorsOutcome(ex.governors_outcome) if ex.governors_outcome else None,
        cancelled_on=ex.cancelled_on,
    )


@dataclass(frozen=True)
class PupilExclusions:
    pupil: Pupil
    facts: list[ExclusionFacts]
    records: dict[int, Exclusion]
    assessments: list[Assessment]
    placements: list[Placement]


def _episodes(session: Session, pupil_ids: set[int] | None = None) -> dict[int, list[Episode]]:
    episodes: dict[int, list[Episode]] = defaultdict(list)
    for ep in session.exec(select(StatusEpisode)).all():
        if pupil_ids is None or ep.pupil_id in pupil_ids:
            episodes[ep.pupil_id].append(Episode(ep.category, ep.start_date, ep.end_date))
    return episodes


def load_pupils(
    session: Session, since: date | None = None, until: date | None = None, pupil_id: int | None = None
) -> dict[int, PupilExclusions]:
    """Each pupil's exclusions (from `since` to `until`), risk assessments and placements."""
    query = select(Exclusion)
    if since is not None:
        query = query.where(Exclusion.start_date >= since)
    if until is not None:
        query = query.where(Exclusion.start_date <= until)
    if pupil_id is not None:
        query = query.where(Exclusion.pupil_id == pupil_id)
    rows = session.exec(query.order_by(col(Exclusion.start_date), col(Exclusion.id))).all()
    ras = session.exec(select(RiskAssessment)).all()
    aps = session.exec(select(AlternativeProvision)).all()
    ids = {r.pupil_id for r in rows} | {r.pupil_id for r in ras} | {a.pupil_id for a in aps}
    if pupil_id is not None:
        ids &= {pupil_id}
    episodes = _episodes(session, ids)
    pupils = {p.id: p for p in session.exec(select(Pupil).where(col(Pupil.id).in_(ids))).all()}
    out: dict[int, PupilExclusions] = {}
    for pid in ids:
        out[pid] = PupilExclusions(pupils[pid], [], {}, [], [])
    for ex in rows:
        item = out[ex.pupil_id]
        item.facts.append(facts_of(ex, current_categories(episodes[ex.pupil_id], ex.start_date)))
        item.records[ex.id or 0] = ex
    for ra in ras:
        if ra.pupil_id in out:
            out[ra.pupil_id].assessments.append(Assessment(ra.id or 0, ra.assessed_on, ra.review_on))
    for ap in aps:
        if ap.pupil_id in out:
            out[ap.pupil_id].placements.append(
                Placement(ap.id or 0, ap.provider, ap.start_date, ap.end_date, ap.hours_per_week)
            )
    return out


def owed_from(
    facts: Sequence[ExclusionFacts],
    assessments: Sequence[Assessment],
    placements: Sequence[Placement],
    cal: SchoolDays,
    policy: ExclusionPolicy,
    on: date,
) -> list[Owed]:
    """What is still owed for one child's records as of `on` (only exclusions started by then)."""
    started = [f for f in facts if f.start <= on]
    assessed = [a.assessed_on for a in assessments if a.assessed_on <= on]
    return (
        exclusion_owed(started, assessed, cal, policy)
        + ap_owed(placements, on, policy)
        + risk_review_owed(assessments, on)
    )


def owed_for(item: PupilExclusions, cal: SchoolDays, policy: ExclusionPolicy, on: date) -> list[Owed]:
    """What is still owed for one child as of `on` (only exclusions started by then)."""
    return owed_from(item.facts, item.assessments, item.placements, cal, policy, on)


@dataclass(frozen=True)
class ExclusionRow:
    id: int
    pupil_id: int
    pupil: str
    upn: str
    categories: tuple[str, ...]  # on the start date
    kind: ExclusionKind
    start_date: date
    days: float
    reasons: tuple[str, ...]
    reason_words: str  # "PA – physical assault against an adult; …"
    term: str  # "Autumn 2025/26"
    term_key: tuple[int, int]
    year_label: str
    term_total: float  # the child's days in that term, up to and including this one
    year_total: float  # the child's days in that academic year
    consulted_in_time: bool | None
    must_consult: bool
    cancelled: bool
    owed: tuple[Owed, ...]


def reason_descriptions(engine: Engine) -> dict[str, str]:
    with reading(engine) as reader:
        return reason_words(reader)


# Each child's rows by its stored records, for the last few contexts (date, `since`, calendar,
# policy, reason words): a refresh works out only the children whose records changed.
_remembered: Recent[ChildRecords, list[ExclusionRow]] = Recent()


def exclusion_rows(engine: Engine, on: date, since: date | None = None) -> list[ExclusionRow]:
    """Every exclusion (from `since`), newest first, with what is still owed as of `on`."""
    cal = school_days(engine, on)
    policy = policy_of(engine)
    with reading(engine) as reader:
        words = reason_words(reader)
        children = excluded_children(reader, since)
    context = (on, since, cal, policy, tuple(sorted(words.items())))
    known = _remembered.answers(context)
    fresh = {child: known.get(child) or child_rows(child, cal, policy, words, on) for child in children}
    _remembered.keep(context, fresh)
    rows = [row for child_rows_ in fresh.values() for row in child_rows_]
    return sorted(rows, key=lambda r: (r.start_date, r.id), reverse=True)


def child_rows(
    child: ChildRecords, cal: SchoolDays, policy: ExclusionPolicy, words: dict[str, str], on: date
) -> list[ExclusionRow]:
    """One child's exclusions as the tab's rows, each with what is still owed for it as of `on`."""
    exclusions, episodes = child.exclusions(), child.episodes()
    facts = [facts_of(ex, current_categories(episodes, ex.start_date)) for ex in exclusions]
    by_ex: dict[int, list[Owed]] = defaultdict(list)
    for o in owed_from(facts, child.assessments(), child.placements(), cal, policy, on):
        if o.exclusion_id is not None:
            by_ex[o.exclusion_id].append(o)
    name = display_name(*child.names)
    rows: list[ExclusionRow] = []
    for f, ex in zip(facts, exclusions, strict=True):
        codes = tuple(c for c in (ex.reason_1, ex.reason_2, ex.reason_3) if c)
        year = cal.year_of(f.start)
        rows.append(
            ExclusionRow(
                id=f.id,
                pupil_id=child.pupil_id,
                pupil=name,
                upn=child.upn,
                categories=f.categories,
                kind=f.kind,
                start_date=f.start,
                days=f.days,
                reasons=codes,
                reason_words="; ".join(f"{c} – {words.get(c, '')}" for c in codes),
                term=cal.term_label(f.start),
                term_key=cal.term_key(f.start),
                year_label=year.label,
                term_total=term_total_through(f, facts, cal),
                year_total=year_total(facts, year.start_year, cal),
                consulted_in_time=consulted_in_time(f),
                must_consult=must_consult(f.categories, policy.consult_scope),
                cancelled=f.cancelled_on is not None,
                owed=tuple(sorted(by_ex.get(f.id, []), key=lambda o: o.due or date.max)),
            )
        )
    return rows


def year_days_before(engine: Engine, pupil_id: int, start: date, exclude_id: int | None = None) -> float:
    """The child's suspended days in `start`'s academic year, other than `exclude_id`."""
    cal = school_days(engine, start)
    year = cal.year_of(start)
    with unit_of_work(engine) as session:
        rows = session.exec(
            select(Exclusion).where(
                Exclusion.pupil_id == pupil_id,
                Exclusion.start_date >= year.first_day,
                Exclusion.start_date <= year.last_day,
            )
        ).all()
    return sum(
        r.days
        for r in rows
        if r.id != exclude_id and r.kind != ExclusionKind.PERMANENT and r.cancelled_on is None
    )


def owed_for_pupil(engine: Engine, pupil_id: int, on: date) -> Sequence[Owed]:
    cal = school_days(engine, on)
    with unit_of_work(engine) as session:
        item = load_pupils(session, pupil_id=pupil_id).get(pupil_id)
    return owed_for(item, cal, policy_of(engine), on) if item else []


def preview_owed(engine: Engine, data: ExclusionInputLike, exclusion_id: int | None, on: date) -> list[Owed]:
    """What would still be owed for this exclusion if saved as entered (the dialog's live list)."""
    cal = school_days(engine, on)
    policy = policy_of(engine)
    with unit_of_work(engine) as session:
        item = load_pupils(session, pupil_id=data.pupil_id).get(data.pupil_id)
        episodes = _episodes(session, {data.pupil_id})[data.pupil_id]
        pupil = session.get(Pupil, data.pupil_id)
    if pupil is None:
        return []
    draft = Exclusion.model_validate(data.columns())
    draft.id = exclusion_id or -1
    facts = facts_of(draft, current_categories(episodes, data.start_date))
    if item is None:
        item = PupilExclusions(pupil, [], {}, [], [])
    others = [f for f in item.facts if f.id != exclusion_id]
    item = replace(item, facts=[*others, facts])
    return [o for o in owed_for(item, cal, policy, max(on, data.start_date)) if o.exclusion_id == facts.id]
