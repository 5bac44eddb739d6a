"""Training services on a real store: aliases, the import (all or nothing, idempotent), editing."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import func, select

from cwsw_desktop.models import (
    AuditEvent,
    StaffMember,
    StaffRole,
    TrainingAttendance,
    TrainingCourse,
    TrainingSession,
)
from cwsw_desktop.rules.duties import DutyKind
from cwsw_desktop.services.due import what_is_due
from cwsw_desktop.services.errors import ValidationError
from cwsw_desktop.services.training import load_facts, training_compliance
from cwsw_desktop.services.training_edit import (
    CourseInput,
    SessionInput,
    StaffInput,
    delete_course,
    delete_staff,
    save_course,
    save_session,
    save_staff,
)
from cwsw_desktop.services.training_export import training_csv
from cwsw_desktop.services.training_import import (
    apply_training_import,
    parse_training_file,
    plan_training_import,
)
from cwsw_desktop.store import unit_of_work

AATI = "An introduction to Attachment-Aware and Trauma-Informed Practice"
TODAY = date(2026, 1, 15)
HEADER = "Staff Name,Role,Course,Date,Hours,Provider\n"


def counts(engine):
    with unit_of_work(engine) as s:
        return tuple(
            s.exec(select(func.count()).select_from(m)).one()
            for m in (StaffMember, TrainingCourse, TrainingSession, TrainingAttendance, AuditEvent)
        )


def write(tmp_path, body, name="tracker.csv"):
    path = tmp_path / name
    path.write_text(HEADER + body, encoding="utf-8")
    return path


def test_every_alias_of_the_attachment_course_is_one_course(store, tmp_path):
    body = "".join(
        f"Person {i},Teacher,{wording},01/10/2025,2,Virtual School\n"
        for i, wording in enumerate(
            [
                "Attachment Aware Trauma Informed",
                "AATI",
                "Trauma-informed practice (twilight)",
                "attachment and trauma awareness",
                "An Introduction to Attachment-Aware & Trauma-Informed Practice",
            ]
        )
    )
    parsed = parse_training_file(write(tmp_path, body))
    plan = plan_training_import(store.engine, parsed)
    assert plan.new_courses == ()
    assert [s.course for s in plan.sessions] == [AATI]
    assert len(plan.sessions[0].attendees) == 5 and len(plan.new_staff) == 5
    apply_training_import(store.engine, parsed)
    c = training_compliance(store.engine, 2025, TODAY)
    assert (len(c.trained), len(c.staff)) == (5, 5)


def test_import_creates_unknown_staff_and_courses_and_says_so_then_is_idempotent(store, tmp_path):
    path = write(
        tmp_path,
        "Ms Ada Quennell,Leadership,Designated Teacher,02/10/2025,6,Virtual School\n"
        "ms  ada quennell,,Makaton (level 1),2025-11-03,3,\n"
        "Mr Bryn Tallis,TA,KCSIE update,01/09/2025,1.5,LSCP\n"
        "Miss Elin Marsh,Teacher,KCSIE update,01/09/2025,1.5,LSCP\n",
    )
    parsed = parse_training_file(path)
    plan = plan_training_import(store.engine, parsed)
    assert [n for n, _ in plan.new_staff] == ["Ms Ada Quennell", "Mr Bryn Tallis", "Miss Elin Marsh"]
    assert dict(plan.new_staff)["Mr Bryn Tallis"] is StaffRole.TEACHING_ASSISTANT
    assert plan.new_courses == ("Makaton (level 1)",)
    assert ("KCSIE update", "Keeping Children Safe in Education update") in plan.matched_courses
    assert plan.attendances == 4 and len(plan.sessions) == 3  # the two KCSIE lines are one session
    result = apply_training_import(store.engine, parsed)
    assert (result.attendances, result.new_staff, result.new_courses) == (4, 3, 1)
    after = counts(store.engine)

    again = plan_training_import(store.engine, parse_training_file(path))
    assert again.nothing_to_do and again.already_recorded == 4
    apply_training_import(store.engine, parse_training_file(path))
    assert counts(store.engine)[:4] == after[:4]


def test_a_new_line_for_an_existing_session_joins_it(store, tmp_path):
    apply_training_import(
        store.engine, parse_training_file(write(tmp_path, "A One,,Prevent,01/10/2025,1,HO\n"))
    )
    apply_training_import(
        store.engine,
        parse_training_file(
            write(tmp_path, "A One,,Prevent,01/10/2025,1,HO\nB Two,,prevent,01/10/2025,1,ho\n")
        ),
    )
    facts = load_facts(store.engine)
    assert [s.attendees for s in facts.sessions] == [("A One", "B Two")]


def test_a_bad_file_lists_every_problem_and_leaves_the_store_unchanged(store, tmp_path):
    apply_training_import(
        store.engine, parse_training_file(write(tmp_path, "A One,,Prevent,01/10/2025,1,HO\n", "ok.csv"))
    )
    before = counts(store.engine)
    path = write(
        tmp_path,
        "New Person,Teacher,New course,01/10/2025,2,X\n"
        ",Teacher,Prevent,01/10/2025,1,\n"
        "B Two,Caretaker,Prevent,31/02/2026,1,\n"
        "C Three,,,01/10/2025,lots,\n",
        "bad.csv",
    )
    parsed = parse_training_file(path)
    assert [str(p) for p in parsed.problems] == [
        "line 3, Staff Name: is empty",
        "line 4, Role: 'Caretaker' is not one of: admin, governor, hlta, leadership, office, other, senior leadership, slt, ta, teacher, teaching assistant",
        "line 4, Date: 31/02/2026 is not a date",
        "line 5, Course: is empty",
        "line 5, Hours: 'lots' is not a number of hours",
    ]
    with pytest.raises(ValidationError):
        apply_training_import(store.engine, parsed)
    assert counts(store.engine) == before


def test_a_file_without_the_columns_is_refused(store, tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("Name,When\nA,01/01/2025\n", encoding="utf-8")
    problems = parse_training_file(path).problems
    assert len(problems) == 1 and "no column Course, Date, Hours" in str(problems[0])


def test_exported_csv_imports_back_unchanged(store, tmp_path):
    apply_training_import(
        store.engine,
        parse_training_file(
            write(tmp_path, "A One,Teacher,AATI,01/10/2025,2,VS\nB Two,Office,AATI,01/10/2025,2,VS\n")
        ),
    )
    data, lines = training_csv(store.engine)
    assert lines == 2
    out = tmp_path / "export.csv"
    out.write_bytes(data)
    before = counts(store.engine)
    plan = plan_training_import(store.engine, parse_training_file(out))
    assert plan.nothing_to_do and plan.already_recorded == 2
    assert counts(store.engine) == before


def test_staff_and_session_editing_validates_and_audits(store):
    engine = store.engine
    ada = save_staff(engine, StaffInput("Ms Ada Quennell", StaffRole.LEADERSHIP, is_dt=True))
    with pytest.raises(ValidationError) as caught:
        save_staff(
            engine,
            StaffInput(" ms ada  QUENNELL ", leaving_date=date(2020, 1, 1), start_date=date(2021, 1, 1)),
        )
    assert [str(p) for p in caught.value.problems] == [
        "Leaving date: is before the start date",
        "Name: 'ms ada QUENNELL' is already on the staff register",
    ]
    with pytest.raises(ValidationError, match="already the Designated Teacher"):
        save_staff(engine, StaffInput("Mr Other", is_dt=True))
    ben = save_staff(engine, StaffInput("Mr Ben"))
    with unit_of_work(engine) as s:
        course_id = s.exec(select(TrainingCourse.id).where(TrainingCourse.name == AATI)).one()
    with pytest.raises(ValidationError) as caught:
        save_session(engine, SessionInput(course_id, date(2025, 10, 1), 0, ()), TODAY)
    assert [p.field for p in caught.value.problems] == ["Hours", "Attendees"]
    sid = save_session(
        engine, SessionInput(course_id, date(2025, 10, 1), 3, (ada, ben), whole_staff=True), TODAY
    )
    assert load_facts(engine).sessions[0].attendees == ("Mr Ben", "Ms Ada Quennell")
    with pytest.raises(ValidationError, match="give them a leaving date instead"):
        delete_staff(engine, ben)
    with pytest.raises(ValidationError, match="used by 1 training record"):
        delete_course(engine, course_id)
    save_session(engine, SessionInput(course_id, date(2025, 10, 1), 3, (ada,)), TODAY, sid)
    assert load_facts(engine).sessions[0].attendees == ("Ms Ada Quennell",)
    with unit_of_work(engine) as s:
        entities = {e.entity for e in s.exec(select(AuditEvent)).all()}
    assert {"staff_member", "training_session"} <= entities


def test_an_alias_already_used_by_another_course_is_refused(store):
    with pytest.raises(ValidationError, match="already names the course 'An introduction"):
        save_course(
            store.engine, CourseInput("Safeguarding basics", aliases=("Trauma informed practice [old]",))
        )
    cid = save_course(store.engine, CourseInput("Safeguarding basics", valid_for_months=36, aliases=("SB",)))
    assert cid > 0


def test_due_lists_the_training_duties_on_demo_data(demo_store):
    from support import DEMO_TODAY

    kinds = {d.kind for d in what_is_due(demo_store.engine, DEMO_TODAY)}
    assert {
        DutyKind.DT_TRAINING_SHORT,
        DutyKind.STAFF_UNTRAINED,
        DutyKind.DSL_TRAINING_DUE,
        DutyKind.TRAINING_EXPIRED,
    } <= kinds
    untrained = [d for d in what_is_due(demo_store.engine, DEMO_TODAY, [DutyKind.STAFF_UNTRAINED])]
    assert all(d.staff and d.staff in d.message for d in untrained)
