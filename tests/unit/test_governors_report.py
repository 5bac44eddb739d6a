"""The Report to Governors on demo data: every figure counted again with plain SQL and read back
from the PDF's text; suppression in the printed tables; the nil return; anonymity."""

from __future__ import annotations

import io
import re
from dataclasses import replace
from datetime import date

import pytest
from pypdf import PdfReader
from sqlalchemy import text
from support import DEMO_TODAY

from cwsw_desktop.reports.governors import governors_pdf
from cwsw_desktop.rules.suppression import FEWER_THAN_3, WITHHELD
from cwsw_desktop.services.governors import build_governors_report
from cwsw_desktop.services.school import load_settings, save_settings

YEAR = 2026  # DEMO_TODAY is in the Autumn term of 2026-27
FIRST, LAST, CENSUS = "2026-09-01", "2027-08-31", "2026-10-01"


def pdf_lines(data: bytes) -> list[str]:
    reader = PdfReader(io.BytesIO(data))
    return [line.strip() for page in reader.pages for line in page.extract_text().splitlines()]


def row(lines: list[str], label: str, n: int, after: str | None = None) -> list[str]:
    """The n cells printed after the first line equal to ``label`` (after the line ``after``)."""
    start = lines.index(after) if after else 0
    i = lines.index(label, start)
    return lines[i + 1 : i + 1 + n]


def suppression(engine, on: bool) -> None:
    save_settings(engine, replace(load_settings(engine), suppress_small_counts=on))


def sql(engine, query: str, **params):
    with engine.connect() as c:
        return c.execute(text(query), params).scalar()


# Roll span of a pupil inside the period, and "has a <category> episode within it".
SPAN = (
    "max(:first, coalesce(p.admission_date, :first)) AS lo, min(:last, coalesce(p.leaving_date, :last)) AS hi"
)
OVERLAP = "e.start_date <= s.hi AND (e.end_date IS NULL OR e.end_date >= s.lo)"


def any_time(engine, category: str) -> int:
    higher = {"CLA": [], "CP": ["CLA"], "CIN": ["CLA", "CP"], "PLA": ["CLA", "CP", "CIN"]}[category]
    exclude = "".join(
        f" AND NOT EXISTS (SELECT 1 FROM status_episode e WHERE e.pupil_id = s.id AND e.category = '{h}' AND {OVERLAP})"
        for h in higher
    )
    return sql(
        engine,
        f"SELECT count(*) FROM (SELECT p.id, {SPAN} FROM pupil p) s WHERE s.lo <= s.hi"
        f" AND EXISTS (SELECT 1 FROM status_episode e WHERE e.pupil_id = s.id AND e.category = :cat AND {OVERLAP})"
        + exclude,
        first=FIRST,
        last=LAST,
        cat=category,
    )


def on_day(engine, category: str, day: str) -> int:
    order = ["CLA", "CP", "CIN", "PLA"]
    higher = order[: order.index(category)]
    open_on = "e.start_date <= :day AND (e.end_date IS NULL OR e.end_date >= :day)"
    exclude = "".join(
        f" AND NOT EXISTS (SELECT 1 FROM status_episode e WHERE e.pupil_id = p.id AND e.category = '{h}' AND {open_on})"
        for h in higher
    )
    return sql(
        engine,
        "SELECT count(*) FROM pupil p WHERE coalesce(p.admission_date, :day) <= :day"
        " AND coalesce(p.leaving_date, :day) >= :day"
        f" AND EXISTS (SELECT 1 FROM status_episode e WHERE e.pupil_id = p.id AND e.category = :cat AND {open_on})"
        + exclude,
        day=day,
        cat=category,
    )


def csw_any_time_ids(engine) -> str:
    return (
        f"SELECT s.id FROM (SELECT p.id, {SPAN} FROM pupil p) s WHERE s.lo <= s.hi AND EXISTS ("
        f"SELECT 1 FROM status_episode e WHERE e.pupil_id = s.id AND ({OVERLAP} OR (e.category IN ('CLA','CIN','CP')"
        " AND e.end_date IS NOT NULL AND e.end_date <= s.hi AND date(e.end_date, '+6 years') >= s.lo)))"
    )


@pytest.fixture
def plain_report(demo_store):
    suppression(demo_store.engine, False)
    report = build_governors_report(demo_store.engine, YEAR, None, DEMO_TODAY)
    return demo_store.engine, report, pdf_lines(governors_pdf(report))


def test_cohort_figures_match_the_records(plain_report):
    engine, _report, lines = plain_report
    labels = {
        "CLA": "Looked after (CLA)",
        "PLA": "Previously looked after (PLA)",
        "CIN": "Child in need (CIN)",
        "CP": "Child protection plan (CP)",
    }
    for category, label in labels.items():
        assert row(lines, label, 2, after="By category") == [
            str(on_day(engine, category, CENSUS)),
            str(any_time(engine, category)),
        ], category
    everyone = sql(engine, f"SELECT count(*) FROM ({csw_any_time_ids(engine)})", first=FIRST, last=LAST)
    assert row(lines, "All children with a social worker", 2, after="By category")[1] == str(everyone)
    sen = sql(
        engine,
        f"SELECT count(*) FROM pupil WHERE sen_status = 'K' AND id IN ({csw_any_time_ids(engine)})",
        first=FIRST,
        last=LAST,
    )
    ehcp = sql(
        engine,
        f"SELECT count(*) FROM pupil WHERE sen_status = 'E' AND id IN ({csw_any_time_ids(engine)})",
        first=FIRST,
        last=LAST,
    )
    assert row(lines, "All children with a social worker", 2, after="Special educational needs") == [
        str(sen),
        str(ehcp),
    ]
    hertfordshire = sql(
        engine,
        f"SELECT count(DISTINCT s.id) FROM (SELECT p.id, {SPAN} FROM pupil p) s JOIN status_episode e"
        f" ON e.pupil_id = s.id WHERE e.category = 'CLA' AND {OVERLAP} AND e.responsible_la = 'Hertfordshire'",
        first=FIRST,
        last=LAST,
    )
    assert row(lines, "Hertfordshire", 1) == [str(hertfordshire)]


def test_attendance_exclusions_pp_plus_training_and_sdq_match_the_records(plain_report):
    engine, _report, lines = plain_report
    cla_ids = (
        f"SELECT s.id FROM (SELECT p.id, {SPAN} FROM pupil p) s WHERE s.lo <= s.hi AND EXISTS"
        f" (SELECT 1 FROM status_episode e WHERE e.pupil_id = s.id AND e.category = 'CLA' AND {OVERLAP})"
    )
    average = sql(
        engine, f"SELECT avg(attendance_pct) FROM pupil WHERE id IN ({cla_ids})", first=FIRST, last=LAST
    )
    absent = sql(
        engine,
        f"SELECT count(*) FROM pupil WHERE attendance_pct <= 90 AND id IN ({cla_ids})",
        first=FIRST,
        last=LAST,
    )
    assert row(lines, "Looked after (CLA)", 2, after="3.  Attendance") == [f"{average:.1f}%", str(absent)]

    cla_on_day = (
        "FROM exclusion x WHERE x.kind IN ('suspension', 'lunchtime') AND x.cancelled_on IS NULL"
        " AND x.start_date BETWEEN :first AND :last AND EXISTS"
        " (SELECT 1 FROM status_episode e WHERE e.pupil_id = x.pupil_id AND e.category = 'CLA'"
        " AND e.start_date <= x.start_date AND (e.end_date IS NULL OR e.end_date >= x.start_date))"
    )
    count = sql(engine, f"SELECT count(*) {cla_on_day}", first=FIRST, last=LAST)
    pupils = sql(engine, f"SELECT count(DISTINCT x.pupil_id) {cla_on_day}", first=FIRST, last=LAST)
    days = sql(engine, f"SELECT sum(x.days) {cla_on_day}", first=FIRST, last=LAST)
    consulted = sql(
        engine,
        f"SELECT count(*) {cla_on_day} AND x.vsh_consulted <= coalesce(x.decided_on, x.start_date)",
        first=FIRST,
        last=LAST,
    )
    assert count > 0
    assert row(lines, "Looked after (CLA)", 4, after="4.  Suspensions and exclusions") == [
        str(count),
        str(pupils),
        f"{days:g}",
        "0",
    ]
    assert any(line.startswith(f"{consulted} of {count} suspensions") for line in lines)

    received = sql(
        engine, "SELECT pp_plus_rate_pence * pp_plus_eligible FROM governors_year WHERE start_year = 2026"
    )
    spent = sql(
        engine,
        "SELECT sum(amount_pence) FROM pp_plus_spend WHERE kind = 'spent' AND academic_year = 2026"
        " AND spent_on BETWEEN :first AND :last",
        first=FIRST,
        last=LAST,
    )
    agreed = sql(
        engine,
        "SELECT sum(pp_plus_agreed_pence) FROM pep_meeting WHERE status = 'held' AND meeting_date BETWEEN :first AND :last",
        first=FIRST,
        last=LAST,
    )

    def money(pence: int) -> str:
        sign = "-" if pence < 0 else ""
        return f"{sign}£{abs(pence) // 100:,}.{abs(pence) % 100:02d}"

    assert row(lines, "Spent (PP+ account)", 1) == [money(spent)]
    assert row(lines, "Committed at PEP meetings", 1) == [money(agreed)]
    assert row(lines, "Balance", 1) == [money(received - spent - agreed)]
    assert row(lines, "PP+ received", 1)[0].startswith(money(received))

    dt_hours = sql(
        engine,
        "SELECT coalesce(sum(t.hours), 0) FROM training_session t JOIN training_attendance a ON a.session_id = t.id"
        " JOIN staff_member m ON m.id = a.staff_id WHERE m.is_dt AND t.held_on BETWEEN :first AND :last",
        first=FIRST,
        last=LAST,
    )
    assert row(lines, "Designated Teacher's training", 1)[0].startswith(
        f"{dt_hours / 6:.1f} days in the year"
    )
    current = (
        "m.role != 'governor' AND (m.start_date IS NULL OR m.start_date <= :today)"
        " AND (m.leaving_date IS NULL OR m.leaving_date > :today)"
    )
    staff = sql(engine, f"SELECT count(*) FROM staff_member m WHERE {current}", today=DEMO_TODAY.isoformat())
    trained = sql(
        engine,
        "SELECT count(DISTINCT m.id) FROM staff_member m JOIN training_attendance a ON a.staff_id = m.id"
        " JOIN training_session t ON t.id = a.session_id JOIN training_course c ON c.id = t.course_id"
        f" WHERE {current} AND c.category = 'attachment-trauma' AND t.held_on BETWEEN :first AND :today",
        first=FIRST,
        today=DEMO_TODAY.isoformat(),
    )
    joined = " ".join(lines)
    assert f"{trained} of {staff} staff" in joined

    sdqs = sql(
        engine,
        "SELECT count(*) FROM sdq_result q JOIN pupil p ON p.id = q.pupil_id WHERE q.taken_on BETWEEN :first AND :last"
        " AND EXISTS (SELECT 1 FROM status_episode e WHERE e.pupil_id = q.pupil_id AND e.category = 'CLA'"
        " AND e.start_date <= q.taken_on AND (e.end_date IS NULL OR e.end_date >= q.taken_on))"
        " AND coalesce(p.leaving_date, q.taken_on) >= q.taken_on",
        first=FIRST,
        last=LAST,
    )
    assert row(lines, "Total difficulties score", 1) == [str(sdqs)]


def test_peps_held_per_term_match_the_records(demo_store):
    engine = demo_store.engine
    suppression(engine, False)
    report = build_governors_report(engine, 2025, None, DEMO_TODAY)
    lines = pdf_lines(governors_pdf(report))
    for term in ("Autumn", "Spring", "Summer"):
        bounds = sql(
            engine,
            f"SELECT {term.lower()}_start || '|' || {term.lower()}_end FROM academic_year WHERE start_year = 2025",
        )
        start, end = bounds.split("|")
        held = sql(
            engine,
            "SELECT count(DISTINCT m.pupil_id) FROM pep_meeting m JOIN pupil p ON p.id = m.pupil_id"
            " WHERE m.status = 'held' AND coalesce(p.admission_date, :start) <= :end"
            " AND coalesce(p.leaving_date, :end) >= :start"
            " AND m.meeting_date BETWEEN :start AND :end AND EXISTS (SELECT 1 FROM pep_target t WHERE t.pep_id = m.id)"
            " AND EXISTS (SELECT 1 FROM status_episode e WHERE e.pupil_id = m.pupil_id AND e.category = 'CLA'"
            " AND e.start_date <= :end AND (e.end_date IS NULL OR e.end_date >= :start))",
            start=start,
            end=end,
        )
        assert row(lines, f"{term} term", 2, after="2.  Personal Education Plans")[1] == str(held), term


def test_suppressed_tables_print_no_1_or_2_and_no_total_gives_one_away(demo_store):
    report = build_governors_report(demo_store.engine, YEAR, None, DEMO_TODAY)
    assert report.suppressed
    tables = [
        report.cohort.on_census,
        report.cohort.any_time,
        report.cohort.joiners_leavers,
        report.cohort.authorities,
        report.cohort.sen,
        report.peps.table,
        report.exclusions.per_term,
        report.wellbeing.table,
    ]
    seen_small = False
    for table in tables:
        for r in table.rows:
            assert "1" not in r[1:] and "2" not in r[1:], (table.headers, r)
            seen_small |= FEWER_THAN_3 in r
        # A column adding up to a printed total never has exactly one hidden number in it.
        for r_total in table.total_rows:
            for c in range(1, len(table.headers)):
                column = [r[c] for i, r in enumerate(table.rows) if i not in table.total_rows]
                hidden = sum(cell in (FEWER_THAN_3, WITHHELD) for cell in column)
                if table.rows[r_total][c].isdigit():
                    assert hidden != 1, (table.headers[c], column)
    assert seen_small
    lines = pdf_lines(governors_pdf(report))
    start = lines.index("1.  The children")
    end = lines.index("5.  Pupil Premium Plus")
    counts = [line for line in lines[start:end] if re.fullmatch(r"\d+", line)]
    # Numbers in the chart labels and axes aside, no table cell in Section 1 reads 1 or 2.
    table_text = lines[start : lines.index("Average attendance: each category against the whole school")]
    assert "1" not in table_text and "2" not in table_text
    assert counts


def test_a_school_with_no_looked_after_child_prints_a_signed_nil_return(store):
    from cwsw_desktop.models import Pupil, School, StatusEpisode
    from cwsw_desktop.store import unit_of_work

    with unit_of_work(store.engine) as session:
        school = session.get(School, 1) or School(id=1)
        school.name, school.dt_name = "Little Brook Primary (fictitious)", "Mr T Demo"
        session.add(school)
        pupil = Pupil(
            upn="B801200005001",
            legal_surname="Nobody",
            legal_forename="Example",
            date_of_birth=date(2017, 3, 4),
            admission_date=date(2022, 9, 1),
        )
        session.add(pupil)
        session.flush()
        session.add(StatusEpisode(pupil_id=pupil.id, category="CIN", start_date=date(2025, 1, 10)))
    report = build_governors_report(store.engine, 2025, None, date(2026, 7, 10))
    assert report.nil_return and not report.peps.applicable
    lines = pdf_lines(governors_pdf(report))
    assert "Nil return: looked-after children" in lines
    joined = " ".join(lines)
    assert (
        "No looked-after child was on roll at Little Brook Primary (fictitious) at any time in 2025/26"
        in joined
    )
    assert lines.count("Signature") >= 2 and "Designated governor" in lines


def test_no_name_upn_or_date_of_birth_anywhere_in_the_pdf(demo_store):
    from cwsw_desktop.models import Exclusion, PpPlusKind, PpPlusSpend, Pupil, StatusEpisode
    from cwsw_desktop.services.governors_year import YearFigures, save_year_figures
    from cwsw_desktop.store import unit_of_work

    engine = demo_store.engine
    with unit_of_work(engine) as session:
        pupil = Pupil(
            upn="A123456789012",
            legal_surname="Quillfeather",
            legal_forename="Zephyrine",
            preferred_forename="Zeph",
            date_of_birth=date(2014, 2, 27),
            admission_date=date(2020, 9, 1),
        )
        session.add(pupil)
        session.flush()
        session.add(
            StatusEpisode(
                pupil_id=pupil.id, category="CLA", start_date=date(2024, 5, 1), responsible_la="Essex"
            )
        )
        session.add(
            PpPlusSpend(
                pupil_id=pupil.id,
                academic_year=YEAR,
                spent_on=date(2026, 10, 2),
                amount_pence=12_345,
                kind=PpPlusKind.SPENT,
                purpose="Tutor for Zephyrine",
                impact="Zeph Quillfeather (A123456789012, born 27/02/2014) now reads fluently",
            )
        )
        session.add(
            Exclusion(
                pupil_id=pupil.id,
                start_date=date(2026, 10, 5),
                days=1.0,
                tried_first="Quillfeather's key adult; calm room",
            )
        )
    save_year_figures(engine, YearFigures(YEAR, strength_1="Zephyrine settled well (2014-02-27)."))
    report = build_governors_report(engine, YEAR, None, DEMO_TODAY)
    data = governors_pdf(report)
    reader = PdfReader(io.BytesIO(data))
    text_all = " ".join(" ".join(p.extract_text() for p in reader.pages).split())
    meta = " ".join(str(v) for v in (reader.metadata or {}).values())
    assert "now reads fluently" in text_all, text_all[text_all.find("Impact") :][:600]
    assert "Calm room" in text_all  # the texts are there…
    with engine.connect() as c:
        people = c.execute(
            text("SELECT legal_forename, legal_surname, preferred_forename, upn, date_of_birth FROM pupil")
        ).all()
    for forename, surname, preferred, upn, dob in people:  # …but nobody in them
        born = date.fromisoformat(str(dob))
        for needle in {forename, surname, preferred, upn, f"{born:%d/%m/%Y}", born.isoformat()} - {""}:
            pattern = re.compile(rf"\b{re.escape(needle)}\b")
            assert not pattern.search(text_all), needle
            assert not pattern.search(meta), needle
            assert needle not in report.file_stem
