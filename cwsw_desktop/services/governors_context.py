"""What every section of the Report to Governors starts from: the period, the settings, the
counts of the children who count (services/governors_cohort.py), and one snapshot of the store to
read the rest from (no name, no UPN, no date of birth past this module).

Also the redactor that clears pupils' names, UPNs and dates of birth out of any free text the
report prints (a purpose, an impact note, Section 2), in case one was typed there.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date
from typing import Any

from cwsw_desktop.rules.governors import Period
from cwsw_desktop.rules.suppression import count_text, suppress_grid
from cwsw_desktop.services.governors_cohort import CohortCounts
from cwsw_desktop.services.governors_year import YearFigures
from cwsw_desktop.services.school import SchoolSettings
from cwsw_desktop.store.reader import Reader

CATEGORY_LABELS = {
    "CLA": "Looked after (CLA)",
    "PLA": "Previously looked after (PLA)",
    "CIN": "Child in need (CIN)",
    "CP": "Child protection plan (CP)",
    "Previous": "Previously had a social worker",
}
ALL_LABEL = "All children with a social worker"
REDACTED = "[removed]"


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


class LazyRedactor:
    """The ``Redactor`` of every pupil's details, read only when a text needs it.

    Most figures are numbers, and most texts (a purpose, "1:1 tuition", "from 60% to 90%") hold no
    run of digits as long as a UPN's or a written date's, so those are redacted by a redactor of
    names alone: the UPNs and dates of birth of 5,000 pupils are read only for a text with a run
    of at least as many digits as the fewest any code has (the full redactor passes over every
    shorter run unchanged, so both give the same text).
    """

    def __init__(self, r: Reader) -> None:
        self._reader = r
        self._names: Redactor | None = None
        self._full: Redactor | None = None
        self._fewest: float | None = None  # no UPN or written date has fewer digits

    def __call__(self, text: str) -> str:
        if not text.strip():
            return ""
        if self._full is None and _most_digits(text) < self._fewest_digits():
            if self._names is None:
                self._names = Redactor((name for (name,) in self._reader.rows(_NAMES)), (), ())
            return self._names(text)
        if self._full is None:
            self._full = read_redactor(self._reader)
        return self._full(text)

    def _fewest_digits(self) -> float:
        if self._fewest is None:
            self._fewest = fewest_digits(self._reader)
        return self._fewest


# Each column's names once (a name may come in two: the Redactor keeps a set; one DISTINCT a
# column costs less than a UNION of the four), every UPN and date of birth.
_NAMES = " UNION ALL ".join(
    f"SELECT DISTINCT {c} FROM pupil"
    for c in ("legal_forename", "legal_surname", "preferred_forename", "preferred_surname")
)
_CODES = "SELECT upn FROM pupil"
_BIRTHS = "SELECT DISTINCT date_of_birth FROM pupil"
# Whether every UPN has 8 ASCII digits or more (str.isdigit finds those and maybe more), and the
# earliest date of birth.
_DIGITS = f"SELECT MIN(upn GLOB '{'*[0-9]' * 8}*'), MIN(date_of_birth) FROM pupil"
_CODE_DIGITS = 8  # a UPN has 12; 01/02/2014, 2014-02-01 and 01.02.2014 have 8, from the year 1000


def fewest_digits(r: Reader) -> float:
    """No pupil's UPN or written date of birth has fewer digits than this (infinity when there
    is no pupil, 0 when some code may have fewer than 8)."""
    upns_long, born = r.rows(_DIGITS)[0]
    if born is None:
        return float("inf")
    return _CODE_DIGITS if upns_long and born >= "1000" else 0


def _most_digits(text: str) -> int:
    """The most digits in one of the runs where the redactor looks for a UPN or a date."""
    return max((sum(map(str.isdigit, run)) for run in Redactor._RUN.findall(text)), default=0)


def read_redactor(r: Reader) -> Redactor:
    """A redactor of every pupil's names, UPN and date of birth."""
    return Redactor(
        (name for (name,) in r.rows(_NAMES)),
        (upn for (upn,) in r.rows(_CODES)),
        (date.fromisoformat(born) for (born,) in r.rows(_BIRTHS)),
    )


# Each PEP meeting of the academic year, in id order (a scan in that order costs less than the date
# index and a sort: a year's PEPs are a good part of ten years' table): its child, date, status,
# whether it has targets (here or in the ePEP), id, and the PP+ agreed at it, for what and when.
# The PEP and PP+ sections both read it: one pass over the wide rows, not two.
_YEAR_PEPS = """
SELECT m.pupil_id, m.meeting_date, m.status,
       m.targets_elsewhere OR EXISTS (SELECT 1 FROM pep_target t WHERE t.pep_id = m.id), m.id,
       m.pp_plus_agreed_pence, m.pp_plus_purpose, m.start_time
FROM pep_meeting m NOT INDEXED
WHERE m.meeting_date BETWEEN :year_first AND :year_last ORDER BY m.id
"""


def read_year_peps(r: Reader, period: Period) -> list[tuple[Any, ...]]:
    """The PEP meetings of the period's academic year (``_YEAR_PEPS``'s columns)."""
    year = period.year
    return r.rows(
        _YEAR_PEPS, {"year_first": year.first_day.isoformat(), "year_last": year.last_day.isoformat()}
    )


@dataclass(frozen=True)
class ReportContext:
    period: Period
    settings: SchoolSettings
    figures: YearFigures
    produced_on: date
    cohort: CohortCounts
    redact: Callable[[str], str]
    reader: Reader
    year_peps: list[tuple[Any, ...]]  # read_year_peps: the PEP and PP+ sections read it

    @property
    def suppress(self) -> bool:
        return self.settings.suppress_small_counts

    def count(self, n: int) -> str:
        return count_text(n, self.suppress)

    @property
    def params(self) -> dict[str, str]:
        """The period's bounds as SQL parameters (stored dates compare as ISO text)."""
        return {"first": self.period.first.isoformat(), "last": self.period.last.isoformat()}


def percent(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "—"


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
