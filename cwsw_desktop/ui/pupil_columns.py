"""The register's columns and filters on the Pupils tab: what each cell says, its tooltip and tone.

Kept apart from ``pupils_tab.py`` so the tab stays about behaviour; the printout of the register
uses the same columns (``Column.keep_whole`` keeps short words and UPNs whole in print).
"""

from __future__ import annotations

from collections.abc import Callable
from operator import attrgetter

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QComboBox

from cwsw_desktop.rules import attendance
from cwsw_desktop.services.pupils import RegisterRow
from cwsw_desktop.ui.pep_words import term_status_text, term_tone
from cwsw_desktop.ui.table_model import Column, fmt_date

SEN_TEXT = {"N": "", "K": "SEN support", "E": "EHCP"}
CATEGORY_FILTERS = [
    ("All categories", None),
    ("CLA", "CLA"),
    ("PLA", "PLA"),
    ("CIN", "CIN"),
    ("CP", "CP"),
    ("Previously CSW", "Previous"),
]
SEN_FILTERS = [
    ("All", None),
    ("SEN support or EHCP", "KE"),
    ("SEN support (K)", "K"),
    ("EHCP (E)", "E"),
    ("No SEN", "N"),
]


def _attendance_tone(r: RegisterRow) -> str | None:
    return "bad" if r.attendance_band not in ("", attendance.OK) else None


ATTENDANCE_WORD = {attendance.SEVERE: "severe", attendance.PERSISTENT: "persistent"}
ATTENDANCE_MEANING = {
    attendance.SEVERE: "Severe absence: half the sessions or more missed.",
    attendance.PERSISTENT: "Persistent absence: 10% of sessions or more missed (or the school's threshold).",
}


def attendance_cell(r: RegisterRow) -> str:
    """ "48.3% severe": the figure and one short word, so the column stays narrow."""
    if r.attendance_pct is None:
        return ""
    word = ATTENDANCE_WORD.get(r.attendance_band, "")
    return f"{r.attendance_pct:.1f}%" + (f" {word}" if word else "")


def attendance_tip(r: RegisterRow) -> str:
    if r.attendance_pct is None:
        return "Attendance not recorded"
    meaning = ATTENDANCE_MEANING.get(r.attendance_band, "")
    return f"Attendance {r.attendance_pct:.1f}%" + (f"\n{meaning}" if meaning else "")


def _due_column(header: str, due: Callable[[RegisterRow], bool]) -> Column[RegisterRow]:
    """A short "Due" column (SDQ, EHCP review): the word and an amber cell, or nothing."""
    return Column(
        header,
        lambda r: "Due" if due(r) else "",
        due,
        tone=lambda r: "warn" if due(r) else None,
        keep_whole=True,  # a short column: its header is never broken mid-word in print
    )


COLUMNS: list[Column[RegisterRow]] = [
    Column(
        "Name",
        lambda r: r.display_name,
        lambda r: (r.legal_surname.lower(), r.legal_forename.lower()),
        tooltip=lambda r: f"Legal name: {r.legal_forename} {r.legal_surname}",
    ),
    Column(
        "UPN",
        lambda r: r.upn + (" (temporary)" if r.upn_temporary else ""),
        tone=lambda r: "warn" if r.upn_temporary else None,
        keep_whole=True,
    ),
    Column("Date of birth", lambda r: fmt_date(r.date_of_birth), lambda r: r.date_of_birth, keep_whole=True),
    Column("Year", lambda r: r.year_group_label, lambda r: r.year_group, keep_whole=True),  # "Reception"
    Column("Category", lambda r: r.cohort, tooltip=lambda r: "Now: " + (", ".join(r.categories) or "none")),
    Column("SEN", lambda r: SEN_TEXT.get(r.sen_status, r.sen_status)),
    Column("PEP this term", lambda r: term_status_text(r.pep_status), tone=lambda r: term_tone(r.pep_status)),
    _due_column("SDQ", attrgetter("sdq_due")),
    _due_column("EHCP review", attrgetter("ehcp_review_due")),
    Column(
        "Attendance",
        attendance_cell,
        lambda r: r.attendance_pct,
        tooltip=attendance_tip,
        align_right=True,
        tone=_attendance_tone,
    ),
    Column("Left", lambda r: fmt_date(r.leaving_date), lambda r: r.leaving_date, keep_whole=True),
]
LEFT_COLUMN = len(COLUMNS) - 1


class FilterCombo(QComboBox):
    """Wide enough for its items when there is room; shrinks (eliding) in a narrow window."""

    def minimumSizeHint(self) -> QSize:
        hint = super().minimumSizeHint()
        return QSize(min(hint.width(), 90), hint.height())
