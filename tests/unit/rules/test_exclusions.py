"""The statutory clocks, table-driven, on the 2025/26 default calendar with bank holidays."""

import random
from datetime import date, timedelta

import pytest

from cwsw_desktop.rules.calendar import default_terms
from cwsw_desktop.rules.duties import DutyKind as K
from cwsw_desktop.rules.exclusion_support import Assessment, Placement, ap_owed, risk_review_owed
from cwsw_desktop.rules.exclusions import (
    ConsultScope,
    ExclusionFacts,
    ExclusionKind,
    ExclusionPolicy,
    GovernorsOutcome,
    Party,
    cap_owed,
    cap_warning,
    consulted_in_time,
    day6_owed,
    exclusion_owed,
    must_consult,
    periods,
    repeated_owed,
    valid_days,
)
from cwsw_desktop.rules.school_days import SchoolDays

D = date
# Autumn 03/09/2025–19/12/2025 (half term 27–31/10), Spring 05/01/2026–27/03/2026 (16–20/02),
# Summer 13/04/2026–22/07/2026 (25–29/05); May Day 04/05/2026 is a bank holiday in term.
CAL = SchoolDays.for_years([default_terms(2025), default_terms(2026)])
POLICY = ExclusionPolicy()
ALL_TOLD = {p: D(2025, 1, 1) for p in Party}
S, L, P = ExclusionKind.SUSPENSION, ExclusionKind.LUNCHTIME, ExclusionKind.PERMANENT


def ex(i: int, start: date, days: float = 1, kind: ExclusionKind = S, **kw: object) -> ExclusionFacts:
    values: dict[str, object] = {"told": ALL_TOLD, "vsh_notified": D(2025, 1, 1)}
    values.update(kw)
    return ExclusionFacts(i, kind, start, days, **values)  # type: ignore[arg-type]  # test helper


def kinds(owed: list) -> list[tuple[K, int | None, date | None]]:
    return [(o.kind, o.exclusion_id, o.due) for o in owed]


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 10, 3), 1, D(2025, 10, 6)),  # Friday -> Monday (weekend)
        (D(2025, 10, 24), 1, D(2025, 11, 3)),  # Friday before half term -> after it
        (D(2025, 12, 19), 1, D(2026, 1, 5)),  # end of Autumn term -> first day of Spring
        (D(2026, 5, 1), 1, D(2026, 5, 5)),  # Friday, then May Day bank holiday Monday
        (D(2026, 3, 27), 1, D(2026, 4, 13)),  # Easter holidays (Good Friday, Easter Monday inside)
        (D(2025, 10, 1), 15, D(2025, 10, 22)),
        (D(2025, 10, 20), 15, D(2025, 11, 17)),  # across half term
    ],
)
def test_school_days_skip_weekends_half_terms_bank_holidays_and_term_ends(start, n, expected):
    assert CAL.add(start, n) == expected


def test_nth_counts_the_start_as_day_one():
    assert CAL.nth(D(2025, 10, 20), 6) == D(2025, 11, 3)  # Mon 20/10 … Fri 24/10, half term, Mon 03/11
    assert CAL.nth(D(2025, 10, 25), 1) == D(2025, 11, 3)  # a Saturday start begins on the next school day


@pytest.mark.parametrize(
    ("days", "expected"),
    [
        (0, "days must be more than 0"),
        (0.5, None),
        (45, None),
        (2.3, "days must be in half days (0.5, 1, 1.5…)"),
    ],
)
def test_valid_days(days, expected):
    assert valid_days(days) == expected


@pytest.mark.parametrize(
    ("categories", "scope", "expected"),
    [
        (("CLA",), ConsultScope.LOOKED_AFTER, True),
        (("CIN",), ConsultScope.LOOKED_AFTER, False),
        (("CIN",), ConsultScope.SOCIAL_WORKER, True),
        (("PLA",), ConsultScope.SOCIAL_WORKER, False),
        ((), ConsultScope.SOCIAL_WORKER, False),
    ],
)
def test_must_consult(categories, scope, expected):
    assert must_consult(categories, scope) is expected


@pytest.mark.parametrize(
    ("consulted", "decided", "expected"),
    [
        (None, None, None),
        (D(2025, 10, 1), None, True),
        (D(2025, 10, 2), None, True),
        (D(2025, 10, 3), None, False),
        (D(2025, 10, 3), D(2025, 10, 3), True),
    ],
)
def test_consulted_in_time_is_against_the_decision(consulted, decided, expected):
    e = ex(1, D(2025, 10, 2), vsh_consulted=consulted, decided_on=decided)
    assert consulted_in_time(e) is expected


CLA_OWED = [
    (K.VSH_NOT_CONSULTED, 1, D(2025, 10, 6)),
    (K.VSH_NOT_NOTIFIED, 1, D(2025, 10, 7)),
    (K.NOTIFICATION_MISSING, 1, D(2025, 10, 7)),  # parents
    (K.NOTIFICATION_MISSING, 1, D(2025, 10, 7)),  # social worker
]


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # A looked-after child, nothing recorded: consult, VSH notice, parents, social worker.
        ([ex(1, D(2025, 10, 6), categories=("CLA",), told={}, vsh_notified=None)], CLA_OWED),
        # Everything recorded: nothing owed.
        ([ex(1, D(2025, 10, 6), categories=("CLA",), vsh_consulted=D(2025, 10, 6))], []),
        # Not looked after, no social worker then: only parents.
        ([ex(1, D(2025, 10, 6), told={})], [(K.NOTIFICATION_MISSING, 1, D(2025, 10, 7))]),
        # A cancelled suspension is still notified.
        (
            [ex(1, D(2025, 10, 6), told={}, cancelled_on=D(2025, 10, 7))],
            [(K.NOTIFICATION_MISSING, 1, D(2025, 10, 7))],
        ),
        # Over 5 in the term: governors and LA told too (2 missing), and the 50-day clock from the notice.
        (
            [ex(1, D(2025, 10, 6), 6, told={Party.PARENTS: D(2025, 10, 6)}, provision_from=D(2025, 10, 13))],
            [
                (K.NOTIFICATION_MISSING, 1, D(2025, 10, 7)),
                (K.NOTIFICATION_MISSING, 1, D(2025, 10, 7)),
                (K.SUSPENSION_OVER_5_DAYS_TERM, 1, CAL.add(D(2025, 10, 6), 50)),
            ],
        ),
    ],
)
def test_notifications_and_consultation(facts, expected):
    assert kinds(exclusion_owed(facts, [], CAL, POLICY)) == expected


def test_consult_scope_setting_extends_to_every_child_with_a_social_worker():
    e = [ex(1, D(2025, 10, 6), categories=("CIN",))]
    assert kinds(exclusion_owed(e, [], CAL, POLICY)) == []
    wide = ExclusionPolicy(consult_scope=ConsultScope.SOCIAL_WORKER)
    assert kinds(exclusion_owed(e, [], CAL, wide)) == [(K.VSH_NOT_CONSULTED, 1, D(2025, 10, 6))]


G = {Party.GOVERNORS: D(2025, 11, 3)}


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # 3 + 3 = 6 in a term: the second crosses 5 and gets its own 50-day clock from its notice.
        (
            [ex(1, D(2025, 9, 15), 3), ex(2, D(2025, 11, 3), 3, told=ALL_TOLD | G)],
            [(K.SUSPENSION_OVER_5_DAYS_TERM, 2, CAL.add(D(2025, 11, 3), 50))],
        ),
        # 3 then 3 then 12 = 18: the second is over 5 (50 days), the third over 15 (15 days) — each its own.
        (
            [
                ex(1, D(2025, 9, 15), 3),
                ex(2, D(2025, 10, 6), 3, told=ALL_TOLD | {Party.GOVERNORS: D(2025, 10, 6)}),
                ex(3, D(2025, 11, 3), 12, told=ALL_TOLD | G, provision_from=D(2025, 11, 10)),
            ],
            [
                (K.SUSPENSION_OVER_5_DAYS_TERM, 2, CAL.add(D(2025, 10, 6), 50)),
                (K.SUSPENSION_OVER_15_DAYS_TERM, 3, CAL.add(D(2025, 11, 3), 15)),
            ],
        ),
        # The meeting recorded ends the duty; "not required" (no representations) too.
        ([ex(1, D(2025, 10, 6), 6, governors_meeting_on=D(2025, 11, 1), provision_from=D(2025, 10, 13))], []),
        (
            [
                ex(
                    1,
                    D(2025, 10, 6),
                    6,
                    governors_outcome=GovernorsOutcome.NOT_REQUIRED,
                    provision_from=D(2025, 10, 13),
                )
            ],
            [],
        ),
        # Different terms do not add up: 3 in Autumn, 3 in Spring.
        ([ex(1, D(2025, 12, 1), 3), ex(2, D(2026, 1, 12), 3)], []),
        # A start in the Christmas holidays counts against the Autumn term.
        (
            [ex(1, D(2025, 12, 1), 3), ex(2, D(2025, 12, 22), 3, provision_from=D(2026, 1, 1))],
            [(K.SUSPENSION_OVER_5_DAYS_TERM, 2, CAL.add(D(2025, 1, 1), 50))],
        ),
        # Permanent: 15 school days from the notice to the board.
        ([ex(1, D(2025, 10, 6), 0, P, told=ALL_TOLD | G)], [(K.GOVERNORS_MEETING_DUE, 1, D(2025, 11, 24))]),
        # A missed exam: 15 days even for one day.
        (
            [ex(1, D(2026, 5, 11), 1, misses_exam=True, told=ALL_TOLD | {Party.GOVERNORS: D(2026, 5, 11)})],
            [(K.GOVERNORS_MEETING_DUE, 1, CAL.add(D(2026, 5, 11), 15))],
        ),
        # Cancelled: no governors' clock and its days do not count.
        ([ex(1, D(2025, 10, 6), 6, cancelled_on=D(2025, 10, 6))], []),
    ],
)
def test_governors_clock_per_suspension(facts, expected):
    assert kinds(exclusion_owed(facts, [D(2026, 8, 1)], CAL, POLICY)) == expected


@pytest.mark.parametrize(
    ("facts", "expected"),
    [
        # 6 days in one suspension from Mon 20/10: day 6 is Mon 03/11 (after half term).
        (
            [ex(1, D(2025, 10, 20), 6, governors_meeting_on=D(2025, 11, 1))],
            [(K.DAY6_PROVISION, 1, D(2025, 11, 3))],
        ),
        # Back-to-back 3 + 3 (Mon–Wed, Thu–Mon): one period of 6, day 6 on Mon 13/10, in the second.
        (
            [ex(1, D(2025, 10, 6), 3), ex(2, D(2025, 10, 9), 3, governors_meeting_on=D(2025, 11, 1))],
            [(K.DAY6_PROVISION, 2, D(2025, 10, 13))],
        ),
        # Back-to-back across a weekend still joins (Wed–Fri, then Monday).
        (
            [ex(1, D(2025, 10, 8), 3), ex(2, D(2025, 10, 13), 3, governors_meeting_on=D(2025, 11, 1))],
            [(K.DAY6_PROVISION, 2, D(2025, 10, 15))],
        ),
        # A gap of a school day: two periods of 3, nothing.
        ([ex(1, D(2025, 10, 6), 3), ex(2, D(2025, 10, 10), 3, governors_meeting_on=D(2025, 11, 1))], []),
        # Exactly 5: nothing. Provision recorded: nothing.
        ([ex(1, D(2025, 10, 6), 5)], []),
        ([ex(1, D(2025, 10, 6), 6, provision_from=D(2025, 10, 13), governors_meeting_on=D(2025, 11, 1))], []),
    ],
)
def test_day6_provision(facts, expected):
    assert kinds(exclusion_owed(facts, [D(2026, 8, 1)], CAL, POLICY)) == expected


def test_periods_skip_lunchtimes():
    facts = [ex(1, D(2025, 10, 6), 3), ex(2, D(2025, 10, 9), 0.5, L), ex(3, D(2025, 10, 9), 2)]
    assert [[e.id for e in chain] for chain in periods(facts, CAL)] == [[1, 3]]


def test_45_day_limit_names_the_suspension_that_passes_it():
    facts = [
        ex(i, start, 15, provision_from=start, governors_meeting_on=start)
        for i, start in enumerate((D(2025, 9, 8), D(2026, 1, 12), D(2026, 4, 20)), start=1)
    ] + [ex(4, D(2026, 6, 8), 1, governors_meeting_on=D(2026, 6, 8))]
    owed = [
        o for o in exclusion_owed(facts, [D(2026, 8, 1)], CAL, POLICY) if o.kind is K.SUSPENSION_45_DAY_LIMIT
    ]
    assert kinds(owed) == [(K.SUSPENSION_45_DAY_LIMIT, 4, D(2026, 6, 8))]


@pytest.mark.parametrize(
    ("before", "days", "warned"), [(40, 5, False), (44.5, 1, True), (0, 45, False), (45, 0.5, True)]
)
def test_cap_warning_at_entry(before, days, warned):
    assert (cap_warning(before, days) is not None) is warned


@pytest.mark.parametrize(
    ("policy", "starts", "assessed", "expected_ids"),
    [
        (POLICY, [D(2025, 9, 8), D(2025, 10, 6)], [], [2]),  # 2nd in a term
        (POLICY, [D(2025, 9, 8), D(2026, 1, 12), D(2026, 4, 20)], [], [3]),  # 3rd in a year
        (POLICY, [D(2025, 9, 8), D(2025, 10, 6)], [D(2025, 10, 7)], []),  # a risk assessment after settles it
        (POLICY, [D(2025, 9, 8), D(2025, 10, 6)], [D(2025, 10, 1)], [2]),  # one before does not
        (ExclusionPolicy(repeated_in_term=3, repeated_in_year=9), [D(2025, 9, 8), D(2025, 10, 6)], [], []),
    ],
)
def test_repeated_suspensions(policy, starts, assessed, expected_ids):
    facts = [ex(i, s, 1) for i, s in enumerate(starts, start=1)]
    owed = [o for o in exclusion_owed(facts, assessed, CAL, policy) if o.kind is K.REPEATED_SUSPENSIONS]
    assert [o.exclusion_id for o in owed] == expected_ids


@pytest.mark.parametrize(
    ("hours", "end", "owed"),
    [(10, None, 1), (32.5, None, 0), (30, D(2025, 10, 1), 0), (31, D(2025, 11, 1), 1)],
)
def test_ap_below_full_time(hours, end, owed):
    placements = [Placement(7, "Centre", D(2025, 9, 8), end, hours)]
    assert len(ap_owed(placements, D(2025, 10, 15), POLICY)) == owed
    assert ap_owed(placements, D(2025, 10, 15), ExclusionPolicy(ap_full_time_hours=hours)) == []


@pytest.mark.parametrize(
    ("review", "on", "due"),
    [
        (D(2025, 11, 1), D(2025, 10, 1), None),
        (D(2025, 11, 1), D(2025, 10, 18), D(2025, 11, 1)),
        (None, D(2025, 10, 1), None),
    ],
)
def test_risk_review(review, on, due):
    owed = risk_review_owed([Assessment(1, D(2025, 9, 1), review)], on)
    assert [o.due for o in owed] == ([due] if due else [])


def test_a_newer_assessment_replaces_the_old_review():
    old = Assessment(1, D(2025, 9, 1), D(2025, 10, 1))
    assert risk_review_owed([old, Assessment(2, D(2025, 10, 1), D(2026, 1, 1))], D(2025, 10, 10)) == []


WHOLE_LIST_KINDS = {K.DAY6_PROVISION, K.SUSPENSION_45_DAY_LIMIT, K.REPEATED_SUSPENSIONS}


@pytest.mark.parametrize("seed", range(6))
def test_the_whole_list_checks_passed_over_would_have_found_nothing(seed):
    """exclusion_owed passes over day 6, the cap and repeated suspensions for a child with too
    few days or suspensions: what it owes of those kinds is what the checks themselves find,
    for random children (lunchtimes, permanent and cancelled ones, back-to-back runs)."""
    rng = random.Random(seed)
    for child in range(150):
        pupil = []
        start = D(2025, 9, 1) + timedelta(days=rng.randrange(300))
        for i in range(rng.choice([1, 1, 2, 3, 5, 9])):
            kind = rng.choice([S] * 6 + [L, P])
            days = 0.5 if kind is L else rng.choice([0.5, 1, 2, 3, 4.5, 5, 6, 12, 20])
            cancelled = D(2025, 9, 1) if rng.random() < 0.1 else None
            pupil.append(ex(child * 10 + i, start, days, kind, cancelled_on=cancelled))
            start += timedelta(days=rng.choice([1, 1, 3, 7, 30, 90]))
        rng.shuffle(pupil)
        policy = ExclusionPolicy(
            repeated_in_term=rng.choice([1, 2, 3]), repeated_in_year=rng.choice([2, 3, 5])
        )
        assessed = [D(2025, 9, 1) + timedelta(days=rng.randrange(400))] if rng.random() < 0.4 else []
        found = [o for o in exclusion_owed(pupil, assessed, CAL, policy) if o.kind in WHOLE_LIST_KINDS]
        assert found == day6_owed(pupil, CAL) + cap_owed(pupil, CAL) + repeated_owed(
            pupil, assessed, CAL, policy
        )
