"""What every section of the Report to Governors starts from: the period, the settings, and each
child reduced to the facts a count needs (no name, no UPN, no date of birth past this module).

Also the redactor that clears pupils' names, UPNs and dates of birth out of any free text the
report prints (a purpose, an impact note, Section 2), in case one was typed there.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import Executable
from sqlmodel import Session, col, select

from cwsw_desktop.models import Pupil, StatusEpisode
from cwsw_desktop.rules.governors import Period, cohort_during
from cwsw_desktop.rules.status import Episode, cohort
from cwsw_desktop.rules.suppression import count_text, suppress_grid
from cwsw_desktop.rules.year_group import year_group
from cwsw_desktop.services.governors_year import YearFigures
from cwsw_desktop.services.school import SchoolSettings

CATEGORY_LABELS = {
    "CLA": "Looked after (CLA)",
    "PLA": "Previously looked after (PLA)",
    "CIN": "Child in need (CIN)",
    "CP": "Child protection plan (CP)",
    "Previous": "Previously had a social worker",
}
ALL_LABEL = "All children with a social worker"
REDACTED = "[removed]"


@dataclass(frozen=True)
class ClaSpell:
    start: date
    end: date | None
    responsible_la: str


@dataclass(frozen=True)
class Child:
    """A pupil as the report counts them: no identifier, only what a figure needs."""

    id: int
    year_group: int
    admission: date | None
    leaving: date | None
    sen: str
    attendance: float | None
    episodes: tuple[Episode, ...]
    cla_spells: tuple[ClaSpell, ...]

    def on_roll_on(self, day: date) -> bool:
        return (self.admission is None or self.admission <= day) and (
            self.leaving is None or self.leaving >= day
        )

    def roll_span(self, first: date, last: date) -> tuple[date, date] | None:
        """The part of ``first``–``last`` the child was on roll, or None."""
        start = max(first, self.admission) if self.admission else first
        end = min(last, self.leaving) if self.leaving else last
        return (start, end) if start <= end else None

    def category_during(self, first: date, last: date) -> str | None:
        span = self.roll_span(first, last)
        return cohort_during(self.episodes, *span) if span else None

    def category_on(self, day: date) -> str | None:
        return cohort(self.episodes, day) if self.on_roll_on(day) else None


class Redactor:
    """Replaces any pupil's name, UPN or date of birth in a text by "[removed]".

    Names are whole words, matched with their case; UPNs and dates anywhere, in any case. Words
    and codes are looked up in sets (one regex alternating every pupil's details took seconds
    per report at a few thousand pupils); only names of several words (``Mary Ann``,
    ``O'Neil``) go into a regex, and there are few of those.
    """

    _WORD = re.compile(r"\w+")
    _RUN = re.compile(r"[\w/.\-]+")  # where a UPN or a written date can be

    def __init__(self, names: Iterable[str], upns: Iterable[str], births: Iterable[date]) -> None:
        words = {n.strip() for n in names if len(n.strip()) >= 2}
        self._words = {w for w in words if self._WORD.fullmatch(w)}
        several = sorted(words - self._words, key=len, reverse=True)
        self._names = re.compile(r"\b(?:" + "|".join(map(re.escape, several)) + r")\b") if several else None
        dobs: set[str] = set()
        for d in set(births):
            dmy = f"{d.day:02d}/{d.month:02d}/{d.year}" if d.year >= 1000 else f"{d:%d/%m/%Y}"
            dobs.update((dmy, d.isoformat(), dmy.replace("/", ".")))
        self._codes = {c.lower() for c in {u.strip() for u in upns if u.strip()} | dobs}
        self._lengths = sorted({len(c) for c in self._codes}, reverse=True)
        # A run holding fewer digits than every code has cannot hold a code: skip it unread.
        self._digits = min((sum(map(str.isdigit, c)) for c in self._codes), default=0)
        self._done: dict[str, str] = {}  # texts repeat (a purpose on many PEPs): redact each once

    def __call__(self, text: str) -> str:
        done = self._done.get(text)
        if done is None:
            done = self._done[text] = self._redact(text)
        return done

    def _redact(self, text: str) -> str:
        if self._codes:
            text = self._RUN.sub(self._codes_in, text)
        if self._names is not None:
            text = self._names.sub(REDACTED, text)
        if self._words:
            text = self._WORD.sub(lambda m: REDACTED if m.group() in self._words else m.group(), text)
        return text.strip()

    def _codes_in(self, match: re.Match[str]) -> str:
        run = match.group()
        if sum(ch.isdigit() for ch in run) < self._digits:
            return run
        folded, out, i = run.lower(), [], 0
        if len(folded) != len(run):  # a letter whose lower case is longer: compare as written
            folded = run
        while i < len(run):
            hit = next((n for n in self._lengths if folded[i : i + n] in self._codes), 0)
            out.append(REDACTED if hit else run[i])
            i += hit or 1
        return "".join(out)


@dataclass(frozen=True)
class ReportContext:
    period: Period
    settings: SchoolSettings
    figures: YearFigures
    produced_on: date
    children: tuple[Child, ...]
    redact: Redactor

    @property
    def suppress(self) -> bool:
        return self.settings.suppress_small_counts

    def count(self, n: int) -> str:
        return count_text(n, self.suppress)

    def during(self) -> dict[int, str]:
        """Each child on roll at some time in the period with a category then, by id."""
        found = {}
        for child in self.children:
            category = child.category_during(self.period.first, self.period.last)
            if category is not None:
                found[child.id] = category
        return found

    def child(self, child_id: int) -> Child | None:
        return next((c for c in self.children if c.id == child_id), None)


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


def plain_rows(session: Session, query: Executable) -> Sequence[Any]:
    """The rows of a query of columns, read without the ORM (attribute access by column name)."""
    return session.connection().execute(query).all()


def columns(model: Any, *names: str) -> list[Any]:
    """A model's columns by name, to select plain rows rather than ORM objects."""
    return [getattr(model, name) for name in names]


def load_children(session: Session, start_year: int) -> tuple[tuple[Child, ...], Redactor]:
    """Every pupil as a Child, and a redactor of their names, UPNs and dates of birth: two
    queries of plain rows (no ORM objects: thousands of pupils)."""
    spells: dict[int, list[Any]] = defaultdict(list)
    episode = select(
        *columns(StatusEpisode, "pupil_id", "category", "start_date", "end_date", "responsible_la")
    ).order_by(col(StatusEpisode.start_date))
    for ep in plain_rows(session, episode):
        spells[ep.pupil_id].append(ep)
    pupils = select(
        *columns(
            Pupil,
            "id",
            "legal_forename",
            "legal_surname",
            "preferred_forename",
            "preferred_surname",
            "upn",
            "date_of_birth",
            "year_group_override",
            "admission_date",
            "leaving_date",
            "sen_status",
            "attendance_pct",
        )
    ).order_by(col(Pupil.id))
    children: list[Child] = []
    names: list[str] = []
    upns: list[str] = []
    births: list[date] = []
    for pid, fore, sur, pfore, psur, upn, dob, override, admitted, left, sen, attendance in plain_rows(
        session, pupils
    ):
        names += (fore, sur, pfore, psur)
        upns.append(upn)
        births.append(dob)
        rows = spells[pid]
        children.append(
            Child(
                pid,
                override if override is not None else year_group(dob, start_year),
                admitted,
                left,
                sen,
                attendance,
                tuple(Episode(e.category, e.start_date, e.end_date) for e in rows),
                tuple(
                    ClaSpell(e.start_date, e.end_date, e.responsible_la) for e in rows if e.category == "CLA"
                ),
            )
        )
    return tuple(children), Redactor(names, upns, births)


def grid_rows(
    labels: list[str],
    counts: list[list[int]],
    *,
    on: bool,
    row_totals: bool = True,
    total_label: str = ALL_LABEL,
) -> tuple[tuple[tuple[str, ...], ...], tuple[int, ...], frozenset[int]]:
    """Printed rows (label, cells, row total) with a total row, suppressed together.

    Returns the rows, the index of the total row, and the rows whose own total is not printed.
    """
    grid = suppress_grid(counts, row_totals=row_totals, column_totals=True, on=on)
    rows = [
        (label, *cells, *((grid.row_totals[i],) if row_totals else ()))
        for i, (label, cells) in enumerate(zip(labels, grid.cells, strict=True))
    ]
    rows.append((total_label, *grid.column_totals, *((grid.grand_total,) if row_totals else ())))
    return tuple(rows), (len(rows) - 1,), grid.hidden_row_totals
