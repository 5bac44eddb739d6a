"""The selected pupil: key facts, contacts and their timeline, read from ``get_pupil``."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QSettings, Qt, Signal
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from cwsw_desktop.rules.status import SenStatus
from cwsw_desktop.services.contact_log import ContactLogView
from cwsw_desktop.services.pupils import SEN_STATUSES, ContactInput, PupilDetail, TimelineEntry
from cwsw_desktop.ui.contact_words import METHOD_WORDS
from cwsw_desktop.ui.duty_words import KIND_WORDS
from cwsw_desktop.ui.table_model import Column, RowTableModel, fmt_date
from cwsw_desktop.ui.widgets import ColumnFitter, EmptyState, Heading, make_table, scrolling


def _contact_tip(c: ContactInput) -> str:
    return "\n".join(part for part in (c.role, c.name, c.organisation, c.phone, c.email) if part)


TIMELINE: list[Column[TimelineEntry]] = [
    Column("Date", lambda t: fmt_date(t.date), lambda t: t.date),
    Column("Kind", lambda t: t.kind),
    Column("What happened", lambda t: t.text, tooltip=lambda t: t.text),
]
CONTACTS: list[Column[ContactInput]] = [
    Column("Role", lambda c: c.role, tooltip=_contact_tip),
    Column("Name", lambda c: c.name, tooltip=_contact_tip),
    Column("Organisation", lambda c: c.organisation, tooltip=_contact_tip),
    Column("Phone", lambda c: c.phone, tooltip=_contact_tip),
    Column("E-mail", lambda c: c.email, tooltip=_contact_tip),
]
# The columns that narrow when a table is short of width (a cut-short cell shows all in its
# tooltip): no column hides behind a horizontal scrollbar.
CONTACTS_GIVE_WAY = (1, 2, 4)  # name, organisation, e-mail
TIMELINE_GIVE_WAY = (2,)  # what happened
CONTACT_ROWS_SHOWN = 4  # the contacts table grows to this many rows, then scrolls
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


def _table(
    columns: list[Column[Any]], give_way: tuple[int, ...], name: str, parent: QWidget
) -> tuple[QTableView, RowTableModel[Any], ColumnFitter]:
    model: RowTableModel[Any] = RowTableModel(columns, parent)
    view = make_table(parent)
    view.setSortingEnabled(False)  # the service gives the order (a timeline reads oldest first)
    view.setModel(model)
    view.setAccessibleName(name)
    return view, model, ColumnFitter(view, give_way)


def _rows_height(view: QTableView, rows: int) -> int:
    """The height that shows the header and ``rows`` rows without a scrollbar."""
    return (
        view.horizontalHeader().sizeHint().height()
        + view.verticalHeader().defaultSectionSize() * max(1, rows)
        + 2 * view.frameWidth()
    )


def contact_entry(c: ContactLogView) -> TimelineEntry:
    """A contact-log entry as a timeline line, in words."""
    about = KIND_WORDS[c.about] if c.about is not None else "something else"
    note = f": {c.note}" if c.note else ""
    return TimelineEntry(
        c.logged_on, "Contact", f"{METHOD_WORDS[c.method]} with {c.whom} about {about.lower()}{note}"
    )


def fact_values(d: PupilDetail) -> dict[str, str]:
    sen = SEN_STATUSES.get(d.sen_status, d.sen_status)
    if d.sen_status == SenStatus.EHCP and d.ehcp_last_review:
        sen += f", last annual review {fmt_date(d.ehcp_last_review)}"
    if d.sen_status == SenStatus.EHCP and d.ehcp_review_date:
        sen += f", next review booked {fmt_date(d.ehcp_review_date)}"
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
    log_contact = Signal(object)  # the PupilDetail: "Log a contact…" was pressed
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
        # a short panel scrolls the facts; the widget's own height follows its wrapped lines, so
        # the last fact is never cut off at the bottom of the scroll
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.DontWrapRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        form.setSizeConstraint(QFormLayout.SizeConstraint.SetMinAndMaxSize)
        self.facts_area = scroll = scrolling(facts, self)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setMinimumWidth(280)
        scroll.setMaximumWidth(400)
        self.contacts_view, self.contacts, self._contacts_fit = _table(
            CONTACTS, CONTACTS_GIVE_WAY, "Contacts", self
        )
        self.timeline_view, self.timeline, self._timeline_fit = _table(
            TIMELINE, TIMELINE_GIVE_WAY, "Timeline", self
        )
        # Contacts over the timeline, both the width of the window less the facts: every contact
        # column has room; the contacts table is as tall as its rows (up to four), the timeline
        # takes the rest.
        self.contacts_view.setFixedHeight(_rows_height(self.contacts_view, 1))  # until one is shown
        records = QVBoxLayout()
        records.setSpacing(2)
        records.addWidget(QLabel("<b>Contacts</b>", self))
        records.addWidget(self.contacts_view)
        records.addSpacing(4)
        self.log_button = QPushButton("&Log a contact…", self)
        self.log_button.setToolTip(
            "Record a call, e-mail, meeting or letter about this child (settles a duty)"
        )
        self.log_button.clicked.connect(self._on_log_contact)
        timeline_head = QHBoxLayout()
        timeline_head.addWidget(QLabel("<b>Timeline</b> (oldest first)", self))
        timeline_head.addStretch(1)
        timeline_head.addWidget(self.log_button)
        records.addLayout(timeline_head)
        records.addWidget(self.timeline_view, 1)
        columns = QHBoxLayout()
        columns.addWidget(scroll, 0)
        columns.addSpacing(8)
        columns.addLayout(records, 1)

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
        # the message ("loading", "could not load") must not make the panel taller than the record
        self.message.setSizePolicy(QSizePolicy.Policy.Preferred, QSizePolicy.Policy.Ignored)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(self.page)
        self.stack.addWidget(self.message)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.stack)

    def _on_log_contact(self) -> None:
        if self.current is not None:
            self.log_contact.emit(self.current)

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
        self.timeline.set_rows(
            sorted(
                [*d.timeline, *(contact_entry(c) for c in d.contact_log)],
                key=lambda t: (t.date, t.kind, t.text),
            )
        )
        shown = min(len(d.contacts), CONTACT_ROWS_SHOWN)
        self.contacts_view.setFixedHeight(_rows_height(self.contacts_view, shown))
        self._contacts_fit.fit()
        self._timeline_fit.fit()
        self.stack.setCurrentWidget(self.page)

    def _on_pep(self) -> None:
        from cwsw_desktop.rules.duties import Act, ActOn

        if self.current is not None:
            self.act_on.emit(Act(ActOn.PEP, None, self.current.id))

    def timeline_rows(self) -> list[TimelineEntry]:
        return self.timeline.rows()


DETAIL_HEIGHT_KEY = "pupils/detail_height"  # QSettings: the height the DT gave the pupil's record
DETAIL_HEIGHT_SHARE = 0.5  # the record's first height, as a share of the splitter's


class RecordSplitter(QSplitter):
    """The register above, the chosen pupil's record below: the record opens at the height the
    DT last gave it (kept in `settings`) and closes while no pupil is chosen. The full width
    keeps every register column readable at 1366×768."""

    def __init__(
        self, register: QWidget, record: QWidget, settings: QSettings | None, parent: QWidget
    ) -> None:
        super().__init__(Qt.Orientation.Vertical, parent)
        self.register, self.record, self.settings = register, record, settings
        self.addWidget(register)
        self.addWidget(record)
        self.setStretchFactor(0, 1)
        self.setStretchFactor(1, 0)
        self.setCollapsible(0, False)
        self.setCollapsible(1, True)
        self.setSizes([1, 0])
        self.splitterMoved.connect(self._on_moved)

    def record_shown(self) -> bool:
        return self.sizes()[1] > 0

    def show_record(self, show: bool) -> None:
        """Open the record at the height the DT last gave it, or close it."""
        if show == self.record_shown():
            return
        total = sum(self.sizes()) or self.height()
        if not show:
            self.setSizes([total, 0])
            return
        wanted = self._remembered_height() or int(total * DETAIL_HEIGHT_SHARE)
        least = self.record.minimumSizeHint().height()
        height = max(least, min(wanted, total - self.register.minimumSizeHint().height()))
        self.setSizes([max(1, total - height), height])

    def _remembered_height(self) -> int:
        if self.settings is None:
            return 0
        try:
            return max(0, int(str(self.settings.value(DETAIL_HEIGHT_KEY, 0))))
        except ValueError:
            return 0

    def _on_moved(self, _pos: int, _index: int) -> None:
        height = self.sizes()[1]
        if height > 0 and self.settings is not None:
            self.settings.setValue(DETAIL_HEIGHT_KEY, height)
