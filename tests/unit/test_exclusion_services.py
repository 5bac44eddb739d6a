"""Exclusions on a real store: duties as of a date, recording clears them, the import, the migration."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import create_engine, text
from sqlmodel import select

from cwsw_desktop.models import AuditEvent, Exclusion, Pupil, StatusEpisode
from cwsw_desktop.rules.duties import DutyKind as K
from cwsw_desktop.rules.exclusions import ExclusionKind
from cwsw_desktop.services.due import what_is_due
from cwsw_desktop.services.errors import ValidationError
from cwsw_desktop.services.exclusion_import import apply_exclusion_import, plan_exclusion_import
from cwsw_desktop.services.exclusion_records import ExclusionInput, load_exclusion, save_exclusion
from cwsw_desktop.services.exclusion_support import RiskAssessmentInput, save_risk_assessment
from cwsw_desktop.services.exclusions import exclusion_rows, year_days_before
from cwsw_desktop.store import open_store, unit_of_work
from cwsw_desktop.store.migrate import head_revision, upgrade_to_head

D = date
UPN = "B801200005001"


@pytest.fixture
def store(tmp_path):
    s = open_store(tmp_path / "x.db")
    with unit_of_work(s.engine) as session:
        pupil = Pupil(
            upn=UPN,
            legal_surname="Oakenfold",
            legal_forename="Amara",
            date_of_birth=D(2012, 3, 4),
            gender="Female",
        )
        session.add(pupil)
        session.flush()
        # Looked after from 01/10/2025: a suspension in September is not a CLA's.
        session.add(StatusEpisode(pupil_id=pupil.id, category="CLA", start_date=D(2025, 10, 1)))
    yield s
    s.close()


def _pupil_id(store) -> int:
    with unit_of_work(store.engine) as session:
        return session.exec(select(Pupil)).one().id


EXCLUSION_KINDS = {
    K.VSH_NOT_CONSULTED,
    K.VSH_NOT_NOTIFIED,
    K.NOTIFICATION_MISSING,
    K.SUSPENSION_OVER_5_DAYS_TERM,
    K.SUSPENSION_OVER_15_DAYS_TERM,
    K.GOVERNORS_MEETING_DUE,
    K.DAY6_PROVISION,
    K.SUSPENSION_45_DAY_LIMIT,
    K.REPEATED_SUSPENSIONS,
    K.AP_NOT_FULL_TIME,
    K.RISK_ASSESSMENT_REVIEW,
}


def _kinds(store, on):
    """The exclusion duties on `on`, as `due` lists them (other areas' duties left out)."""
    return sorted(d.kind.value for d in what_is_due(store.engine, on) if d.kind in EXCLUSION_KINDS)


def test_a_cla_suspension_owes_consultation_notices_and_day6_and_each_clears_when_recorded(store):
    pid = _pupil_id(store)
    data = ExclusionInput(pid, ExclusionKind.SUSPENSION, D(2025, 10, 6), 6, ("PA",))
    ex_id = save_exclusion(store.engine, data)
    assert _kinds(store, D(2025, 10, 8)) == sorted(
        [
            "vsh-not-consulted",
            "vsh-not-notified",
            "notification-missing",
            "notification-missing",
            "notification-missing",
            "notification-missing",
            "suspension-over-5-days-term",
            "day6-provision",
        ]
    )
    day6 = next(d for d in what_is_due(store.engine, D(2025, 10, 8)) if d.kind is K.DAY6_PROVISION)
    assert day6.due == D(2025, 10, 13) and day6.act.record_id == ex_id and day6.pupil == UPN
    steps = [
        ({"vsh_consulted": D(2025, 10, 6)}, "vsh-not-consulted"),
        ({"vsh_notified": D(2025, 10, 6)}, "vsh-not-notified"),
        ({"provision_from": D(2025, 10, 13), "provision_where": "Hub"}, "day6-provision"),
        (
            {
                "parents_told": D(2025, 10, 6),
                "social_worker_told": D(2025, 10, 6),
                "la_told": D(2025, 10, 6),
                "governors_told": D(2025, 10, 7),
            },
            "notification-missing",
        ),
        ({"governors_meeting_on": D(2025, 11, 5)}, "suspension-over-5-days-term"),
    ]
    for change, gone in steps:
        data = ExclusionInput(**(load_exclusion(store.engine, ex_id).__dict__ | change))
        save_exclusion(store.engine, data, ex_id)
        assert gone not in _kinds(store, D(2025, 10, 8))
    assert _kinds(store, D(2025, 10, 8)) == []


def test_categories_are_taken_on_the_date_of_the_suspension(store):
    pid = _pupil_id(store)
    save_exclusion(
        store.engine,
        ExclusionInput(
            pid, ExclusionKind.SUSPENSION, D(2025, 9, 15), 1, ("DB",), parents_told=D(2025, 9, 15)
        ),
    )
    # On 08/10 the child is looked after, but was not on 15/09: no Virtual School duty.
    assert _kinds(store, D(2025, 10, 8)) == []
    assert exclusion_rows(store.engine, D(2025, 10, 8))[0].categories == ()


def test_repeated_suspensions_clear_when_a_risk_assessment_is_recorded(store):
    pid = _pupil_id(store)
    for start in (D(2025, 9, 15), D(2025, 9, 22)):
        save_exclusion(
            store.engine, ExclusionInput(pid, ExclusionKind.SUSPENSION, start, 1, ("DB",), parents_told=start)
        )
    assert "repeated-suspensions" in _kinds(store, D(2025, 9, 23))
    save_risk_assessment(store.engine, RiskAssessmentInput(pid, D(2025, 9, 23), D(2025, 12, 1), "Lunchtimes"))
    assert "repeated-suspensions" not in _kinds(store, D(2025, 9, 23))


def test_bad_input_is_refused_with_every_field_named(store):
    pid = _pupil_id(store)
    bad = ExclusionInput(
        pid,
        ExclusionKind.LUNCHTIME,
        D(2025, 10, 6),
        1,
        ("ZZ", "PA", "VA", "DB"),
        parents_told=D(2025, 10, 1),
        cancelled_reason="x",
    )
    with pytest.raises(ValidationError) as err:
        save_exclusion(store.engine, bad)
    fields = {p.field for p in err.value.problems}
    assert {"Days", "Reasons", "Parents or carers told", "Cancelled on"} <= fields
    assert year_days_before(store.engine, pid, D(2025, 10, 6)) == 0


GOOD = (
    "UPN,Start Date,Type,Days,Reason,VSH Consulted,Parents Told\n"
    f"{UPN},06/10/2025,Suspension,2,PA;VA,03/10/2025,06/10/2025\n"
    f"{UPN},2025-11-10,Lunchtime,0.5,DB,,10/11/2025\n"
)


def _digest(store):
    with unit_of_work(store.engine) as session:
        return [tuple(e.model_dump().items()) for e in session.exec(select(Exclusion)).all()]


def test_import_is_idempotent_and_a_bad_file_changes_nothing(store, tmp_path):
    good = tmp_path / "good.csv"
    good.write_text(GOOD)
    plan = plan_exclusion_import(store.engine, good)
    assert plan.problems == () and plan.summary() == "2 new, 0 updated, 0 unchanged"
    apply_exclusion_import(store.engine, plan)
    again = plan_exclusion_import(store.engine, good)
    assert again.summary() == "0 new, 0 updated, 2 unchanged"
    apply_exclusion_import(store.engine, again)
    before = _digest(store)
    assert len(before) == 2
    bad = tmp_path / "bad.csv"
    bad.write_text(GOOD + f"{UPN},31/02/2026,Suspension,1,PA\nA000000000000,01/12/2025,Expelled,x,QQ\n")
    plan = plan_exclusion_import(store.engine, bad)
    messages = [str(p) for p in plan.problems]
    assert "line 4, Start Date: 31/02/2026 is not a date" in messages
    assert any(m.startswith("line 5, UPN:") for m in messages)
    assert any(m.startswith("line 5, Type:") for m in messages)
    with pytest.raises(ValueError):
        apply_exclusion_import(store.engine, plan)
    assert _digest(store) == before


def test_migration_0008_splits_vsh_contacted_into_consulted_and_notified(tmp_path):
    path = tmp_path / "old.db"
    engine = create_engine(f"sqlite:///{path}")
    with engine.connect() as c:
        upgrade_to_head(c, target="0007")
        c.execute(
            text(
                "INSERT INTO pupil (id, upn, legal_surname, legal_forename, preferred_forename, preferred_surname,"
                " date_of_birth, gender, sen_status, pp_plus, key_adult, notes, created_at, updated_at)"
                " VALUES (1, 'B801200005001', 'O', 'A', '', '', '2015-03-04', 'Female', 'K', 1, '', '',"
                " '2024-01-01 00:00:00', '2024-01-01 00:00:00')"
            )
        )
        for i, contacted in ((1, "'2025-10-03'"), (2, "'2025-10-07'"), (3, "NULL")):
            c.execute(
                text(
                    "INSERT INTO exclusion (id, pupil_id, kind, start_date, days, parents_told, vsh_contacted,"
                    f" tried_first, reintegration_notes) VALUES ({i}, 1, 'suspension', '2025-10-06', 2, '2025-10-06',"
                    f" {contacted}, 'talk', '')"
                )
            )
        c.commit()
    engine.dispose()
    store = open_store(path)
    assert store.revision == head_revision()
    with store.engine.connect() as c:
        rows = c.execute(
            text("SELECT id, vsh_consulted, vsh_notified, tried_first, days FROM exclusion ORDER BY id")
        ).all()
        assert [tuple(r) for r in rows] == [
            (1, "2025-10-03", None, "talk", 2.0),
            (2, None, "2025-10-07", "talk", 2.0),
            (3, None, None, "talk", 2.0),
        ]
        assert c.execute(
            text("SELECT consult_scope, repeated_in_term, ap_full_time_hours FROM school")
        ).one() == ("looked-after", 2, 32.5)
    store.close()


def test_every_save_is_audited(store):
    pid = _pupil_id(store)
    save_exclusion(store.engine, ExclusionInput(pid, ExclusionKind.SUSPENSION, D(2025, 10, 6), 1, ("PA",)))
    with unit_of_work(store.engine) as session:
        assert [e.entity for e in session.exec(select(AuditEvent).where(AuditEvent.action == "create"))] == [
            "exclusion"
        ]


def test_risk_assessments_and_provision_appear_in_the_timeline_and_ap_below_full_time_is_a_duty(store):
    from cwsw_desktop.services.exclusion_support import ProvisionInput, save_provision
    from cwsw_desktop.services.pupil_views import get_pupil

    pid = _pupil_id(store)
    save_risk_assessment(
        store.engine, RiskAssessmentInput(pid, D(2025, 10, 1), D(2025, 10, 20), "Triggers: lunch")
    )
    ap = save_provision(store.engine, ProvisionInput(pid, "Hub", D(2025, 10, 6), 20.0))
    timeline = get_pupil(store.engine, pid, D(2025, 10, 10)).timeline
    assert ("Risk assessment", "Triggers: lunch") in {(t.kind, t.text) for t in timeline}
    assert ("Alternative provision", "Hub, 20 hours a week") in {(t.kind, t.text) for t in timeline}
    due = {d.kind.value: d for d in what_is_due(store.engine, D(2025, 10, 10))}
    assert due["ap-not-full-time"].act.record_id == ap and due["risk-assessment-review"].due == D(
        2025, 10, 20
    )
    save_provision(store.engine, ProvisionInput(pid, "Hub", D(2025, 10, 6), 32.5), ap)
    assert "ap-not-full-time" not in _kinds(store, D(2025, 10, 10))


def test_the_same_exclusion_twice_is_refused(store):
    pid = _pupil_id(store)
    data = ExclusionInput(pid, ExclusionKind.SUSPENSION, D(2025, 10, 6), 1, ("PA",))
    ex_id = save_exclusion(store.engine, data)
    assert save_exclusion(store.engine, data, ex_id) == ex_id  # editing itself is fine
    with pytest.raises(ValidationError, match="already has one of this type starting that day"):
        save_exclusion(store.engine, data)
