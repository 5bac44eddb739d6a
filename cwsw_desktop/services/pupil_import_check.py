"""Checking one row of a pupil import: typed cells by column, every problem with its line and column."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace
from datetime import date
from typing import Any

from cwsw_desktop.rules.dates import parse_date
from cwsw_desktop.rules.status import PREVIOUS, pla_route
from cwsw_desktop.rules.upn import normalise_upn
from cwsw_desktop.services.errors import Problem
from cwsw_desktop.services.pupil_import_columns import (
    CATEGORY_WORDS,
    COLUMN_OF_LABEL,
    GENDER_WORDS,
    PUPIL_COLUMN,
    SEN_WORDS,
)
from cwsw_desktop.services.pupil_import_types import ImportRow
from cwsw_desktop.services.pupil_types import (
    EMAIL,
    FIELD_LABELS,
    STATUS_HISTORY,
    EpisodeInput,
    PupilInput,
)
from cwsw_desktop.services.pupils import validate_pupil
from cwsw_desktop.services.tabular import (
    Cell,
)

# --- checking rows ---------------------------------------------------------------------------


class RowReader:
    """Typed access to one row's cells by documented column, collecting problems.

    ``dates`` is shared by the rows of one file: a roll's dates repeat (birthdays, the day a
    category started), so each distinct text is parsed once. ``parse_date`` depends on the text
    alone; a text that is not a date is never kept, so its problem is reported on every row."""

    def __init__(
        self,
        line: int,
        cells: list[Cell],
        formats: list[str],
        columns: Mapping[str, int],
        headers: Mapping[str, str],
        dates: dict[str, date] | None = None,
    ) -> None:
        self.line, self.cells, self.formats = line, cells, formats
        self.columns, self.headers = columns, headers
        self.dates = {} if dates is None else dates
        self.problems: list[Problem] = []

    def _raw(self, column: str) -> Cell:
        index = self.columns.get(column)
        if index is None or index >= len(self.cells):
            return None
        return self.cells[index]

    def has(self, column: str) -> bool:
        return column in self.columns

    def problem(self, column: str, message: str) -> None:
        self.problems.append(Problem(self.headers.get(column, column), message, self.line))

    def text(self, column: str) -> str:
        index = self.columns.get(column)  # _raw inlined: a row reads a dozen cells as text
        if index is None or index >= len(self.cells):
            return ""
        raw = self.cells[index]
        if type(raw) is str and "\x00" not in raw:  # a CSV cell: the common case, kept quick
            return raw.strip()
        return self._text(column, raw)

    def _text(self, column: str, raw: Cell) -> str:
        if raw is None:
            return ""
        if isinstance(raw, float) and raw.is_integer():
            raw = int(raw)
        text = raw.isoformat() if isinstance(raw, date) else str(raw)
        if "\x00" in text:
            self.problem(column, "contains a NUL character (the file may be damaged)")
            text = text.replace("\x00", "")
        return text.strip()

    def date(self, column: str) -> date | None:
        raw = self._raw(column)
        if type(raw) is str and "\x00" not in raw:  # a CSV cell: the common case, kept quick
            text = raw.strip()
        elif isinstance(raw, date):
            return raw
        elif isinstance(raw, int | float):
            self.problem(column, f"{raw} is not a date (format the cells as dates, or use dd/mm/yyyy)")
            return None
        else:
            text = self._text(column, raw)
        if not text:
            return None
        found = self.dates.get(text)
        if found is None:
            try:
                found = self.dates[text] = parse_date(text)
            except ValueError as exc:
                self.problem(column, str(exc))
                return None
        return found

    def percent(self, column: str) -> float | None:
        raw = self._raw(column)
        if type(raw) is str and "\x00" not in raw:  # a CSV cell: the common case, kept quick
            text = raw.strip()
        elif isinstance(raw, int | float) and not isinstance(raw, bool):
            index = self.columns[column]
            is_pct = index < len(self.formats) and "%" in self.formats[index]
            return float(raw) * 100 if is_pct else float(raw)
        else:
            text = self._text(column, raw)
        text = text.rstrip("%").strip().replace(",", ".")
        if not text:
            return None
        try:
            return float(text)
        except ValueError:
            self.problem(column, f"'{self.text(column)}' is not a percentage")
            return None

    def word(self, column: str, words: Mapping[str, str], what: str) -> str:
        text = self.text(column)
        if not text:
            return ""
        # A cell is mostly one word already; the words have single spaces, so a hit as it is is
        # the hit its spaces tidied would give.
        found = words.get(text.casefold()) or words.get(" ".join(text.split()).casefold())
        if found is None:
            self.problem(column, f"'{text}' is not {what}")
            return ""
        return found


def check_row(r: RowReader, today: date) -> ImportRow:
    upn = normalise_upn(r.text("UPN"))
    values: dict[str, Any] = {}
    for column in ("Legal Surname", "Legal Forename"):
        text = r.text(column)
        if not text:
            r.problem(column, "is required")
        values[PUPIL_COLUMN[column]] = text
    dob = r.date("Date of Birth")
    if dob is None and not any(p.field == r.headers["Date of Birth"] for p in r.problems):
        r.problem("Date of Birth", "is required")
    values["date_of_birth"] = dob
    for column in ("Preferred Forename", "Gender"):
        text = r.text(column)
        if text:
            values[PUPIL_COLUMN[column]] = (
                GENDER_WORDS.get(text.casefold(), text) if column == "Gender" else text
            )
    sen = r.word("SEN", SEN_WORDS, "N (none), K (SEN support) or E (EHCP)")
    if sen:
        values["sen_status"] = sen
    review = r.date("EHCP Review Date")
    if review is not None:
        values["ehcp_review_date"] = review
    attendance = r.percent("Attendance %")
    if attendance is not None:
        values["attendance_pct"] = attendance
    episode = _episode(r)
    email = r.text("Social Worker Email")
    if email and not EMAIL.match(email):
        r.problem("Social Worker Email", f"'{email}' is not an e-mail address")
    social_worker = r.text("Social Worker")
    data = as_input(upn, values)
    judged = tuple(validate_pupil(data, [episode] if episode else [], today))
    _report(r, judged, "sen_status" in values)
    return ImportRow(
        r.line,
        upn,
        values,
        episode,
        social_worker=social_worker,
        social_worker_email=email,
        data=data,
        judged=judged,
        judged_on=today,
    )


def _episode(r: RowReader) -> EpisodeInput | None:
    category = r.word("Category", CATEGORY_WORDS, "a category (use CLA, PLA, CIN, CP or Previous)")
    start, end = r.date("Category Start"), r.date("Category End")
    if not category:
        if (start or end) and r.has("Category") and not r.text("Category"):
            r.problem("Category", "is required when a category start or end date is given")
        return None
    if start is None:
        if not r.text("Category Start"):
            r.problem("Category Start", f"is required for {category}")
        return None
    if category == PREVIOUS:
        if end is None:
            if not r.text("Category End"):
                r.problem("Category End", "is required for Previous (a CIN episode that has ended)")
            return None
        category = "CIN"
    return EpisodeInput(
        category=category,
        start_date=start,
        end_date=end,
        responsible_la=r.text("Responsible LA") if category == "CLA" else "",
        placement_type=r.text("Placement Type") if category == "CLA" else "",
        pla_route=_route(r.text("PLA Route")) if category == "PLA" else "",
    )


def _route(text: str) -> str:
    """The stored route for a cell (blank stays blank: the route is optional); anything else is
    kept as typed, so the pupil rules name it as not a route."""
    route = pla_route(text)
    return route.value if route is not None else text


def column_for(problem: Problem, r: RowReader | None = None) -> str:
    if problem.field == STATUS_HISTORY:
        column = "PLA Route" if problem.message.startswith("PLA episode") else "Category"
    else:
        column = COLUMN_OF_LABEL.get(problem.field, problem.field)
    return r.headers.get(column, column) if r is not None else column


def _report(r: RowReader, judged: Sequence[Problem], has_sen: bool) -> None:
    """The pupil rules' problems with what the row alone says (the store is compared later, in
    planning), each under its column unless that column already has a problem."""
    if not judged:
        return
    already = {p.field for p in r.problems}
    for problem in judged:
        if problem.field == FIELD_LABELS["ehcp_review_date"] and not has_sen:
            continue  # the stored SEN status may be E; checked when planning
        header = column_for(problem, r)
        if header not in already:
            r.problems.append(Problem(header, problem.message, r.line))


def as_input(upn: str, values: Mapping[str, Any], base: PupilInput | None = None) -> PupilInput:
    if base is None:
        return PupilInput(
            **{"legal_surname": "", "legal_forename": "", "date_of_birth": None, **values, "upn": upn}
        )
    return replace(base, upn=upn, **values)
