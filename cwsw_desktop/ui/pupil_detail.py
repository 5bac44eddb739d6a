"""The selected pupil: key facts, contacts and their timeline, read from ``get_pupil``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cwsw_desktop.services.pupils import SEN_STATUSES, ContactInput, PupilDetail, TimelineEntry
from cwsw_desktop.ui.table_model import Column, RowTableModel, fmt_date
from cwsw_desktop.ui.widgets import EmptyState, Heading, make_table

TIMELINE: list[Column[TimelineEntry]] = [
    Column("Date", lambda t: fmt_date(t.date), lambda t: t.date),
    Column("Kind", lambda t: t.kind),
    Column("What happened", lambda t: t.text, tooltip=lambda t: t.text),
]
CONTACTS: list[Column[ContactInput]] = [
    Column("Role", lambda c: c.role),
    Column("Name", lambda c: c.name),
    Column("Organisation", lambda c: c.organisation),
    Column("Phone", lambda c: c.phone),
    Column("E-mail", lambda c: c.email),
]
FACTS = (
    "Legal name",
    "UPN",
    "Date of birth",
    "Year group",
    "Status now",
    "SEN",
    "PP+",
    "Key adult",
    "Attendance",
    "Admitted",
    "Left",
    "Notes",
)


def _table(columns: list[Column[Any]], name: str, parent: QWidget) -> tuple[QTableView, RowTableModel[Any]]:
    model: RowTableModel[Any] = RowTableModel(columns, parent)
    view = make_table(parent)
    view.setSortingEnabled(False)  # the service gives the order (a timeline reads oldest first)
    view.setModel(model)
    view.setAccessibleName(name)
    return view, model


def fact_values(d: PupilDetail) -> dict[str, str]:
    sen = SEN_STATUSES.get(d.sen_status, d.sen_status)
    if d.sen_status == "E" and d.ehcp_review_date:
        sen += f", annual review {fmt_date(d.ehcp_review_date)}"
    status = ", ".join(d.categories) or (f"{d.cohort} (ended within 6 years)" if d.cohort else "None")
    return {
        "Legal name": d.legal_name
        + (f" (known as {d.display_name})" if d.display_name != d.legal_name else ""),
        "UPN": d.upn + (" — temporary UPN" if d.upn_temporary else ""),
        "Date of birth": fmt_date(d.date_of_birth) + (f" ({d.gender})" if d.gender else ""),
        "Year group": d.year_group_label + (" (set by hand)" if d.year_group_override is not None else ""),
        "Status now": status,
        "SEN": sen,
        "PP+": "Eligible" if d.pp_plus else "Not eligible",
        "Key adult": d.key_adult or "Not recorded",
        "Attendance": f"{d.attendance_pct:.1f}%" if d.attendance_pct is not None else "Not recorded",
        "Admitted": fmt_date(d.admission_date) or "Not recorded",
        "Left": fmt_date(d.leaving_date) or "On roll",
        "Notes": d.notes,
    }


class PupilDetailPanel(QWidget):
    act_on = Signal(object)  # an `Act` for the window (the PEP button asks for a booking)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.current: PupilDetail | None = None
        self._build()
        self.show_message("Select a pupil to see their record, contacts and timeline.")

    def _build(self) -> None:
        self.heading = Heading("", self)
        self.heading.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.heading.setTextFormat(Qt.TextFormat.PlainText)
        self.badge = QLabel(self)
        self.facts: dict[str, QLabel] = {}
        facts = QWidget(self)
        form = QFormLayout(facts)
        form.setContentsMargins(0, 0, 0, 0)
        form.setLabelAlignment(Qt.AlignmentFlag.AlignLeft)
        for name in FACTS:
            value = QLabel(facts)
            value.setWordWrap(True)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(name)
            form.addRow(f"<b>{name}</b>", value)
            self.facts[name] = value
        scroll = QScrollArea(self)  # a short window scrolls the facts rather than squashing the table
        scroll.setWidget(facts)
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QFrame.Shape.NoFrame)
        scroll.setMinimumWidth(300)
        scroll.setMaximumWidth(420)
        self.contacts_view, self.contacts = _table(CONTACTS, "Contacts", self)
        self.timeline_view, self.timeline = _table(TIMELINE, "Timeline", self)
        contacts_box = QVBoxLayout()
        contacts_box.addWidget(QLabel("<b>Contacts</b>", self))
        contacts_box.addWidget(self.contacts_view, 1)
        timeline_box = QVBoxLayout()
        timeline_box.addWidget(QLabel("<b>Timeline</b> (oldest first)", self))
        timeline_box.addWidget(self.timeline_view, 1)
        columns = QHBoxLayout()
        columns.addWidget(scroll, 2)
        columns.addLayout(contacts_box, 3)
        columns.addLayout(timeline_box, 3)

        self.page = QFrame(self)
        page = QVBoxLayout(self.page)
        page.setContentsMargins(0, 4, 0, 0)
        title = QHBoxLayout()
        title.addWidget(self.heading)
        title.addWidget(self.badge)
        title.addStretch(1)
        self.pep_button = QPushButton("Book or open &PEP…", self)  # looked-after children only
        self.pep_button.clicked.connect(self._on_pep)
        title.addWidget(self.pep_button)
        page.addLayout(title)
        page.addLayout(columns, 1)
        self.message = EmptyState("", self)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.page)
        self.stack.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def show_message(self, text: str) -> None:
        self.current = None
        self.message.setText(text)
        self.stack.setCurrentWidget(self.message)

    def show_detail(self, d: PupilDetail) -> None:
        self.current = d
        self.heading.setText(d.display_name)
        badges = [d.cohort or "", "Leaver" if d.is_leaver else "", "Temporary UPN" if d.upn_temporary else ""]
        self.badge.setText("  ·  ".join(b for b in badges if b))
        for name, text in fact_values(d).items():
            self.facts[name].setText(text)
        self.pep_button.setVisible("CLA" in d.categories)
        self.contacts.set_rows(list(d.contacts))
        self.timeline.set_rows(list(d.timeline))
        for view in (self.contacts_view, self.timeline_view):
            view.resizeColumnsToContents()
        self.stack.setCurrentWidget(self.page)

    def _on_pep(self) -> None:
        from cwsw_desktop.rules.duties import Act, ActOn

        if self.current is not None:
            self.act_on.emit(Act(ActOn.PEP, None, self.current.id))

    def timeline_rows(self) -> list[TimelineEntry]:
        return self.timeline.rows()
