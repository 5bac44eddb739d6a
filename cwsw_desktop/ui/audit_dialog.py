"""Help → Audit log…: the audit trail, filtered by pupil and dates, and a check of its hash chain.

Loading and verifying run on the window's job pool; the dialog only shows results.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QLineEdit, QPushButton, QWidget

from cwsw_desktop.services.audit import AuditRow, VerifyResult, list_events, pupil_ids_matching, verify_chain
from cwsw_desktop.ui.forms import form_of, stack
from cwsw_desktop.ui.table_dialog import TableDialog
from cwsw_desktop.ui.table_model import Column
from cwsw_desktop.ui.widgets import DateField, row_of

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from cwsw_desktop.ui.jobs import Jobs

ACTION_TEXT = {"unlock_failed": "failed unlock"}


def _when(row: AuditRow) -> str:
    return row.at.astimezone().strftime("%d/%m/%Y %H:%M:%S")


def _record(row: AuditRow) -> str:
    return f"{row.entity} {row.entity_id}" if row.entity_id is not None else row.entity


COLUMNS: list[Column[AuditRow]] = [
    Column("#", lambda r: str(r.id), key=lambda r: r.id, align_right=True),
    Column("When", _when, key=lambda r: r.at),
    Column("User", lambda r: r.os_user),
    Column("Action", lambda r: ACTION_TEXT.get(r.action, r.action)),
    Column("Record", _record),
    Column("Pupil", lambda r: "" if r.pupil_id is None else str(r.pupil_id), key=lambda r: r.pupil_id or 0),
    Column("Field", lambda r: r.field_name),
    Column("Old value", lambda r: r.old_value, tooltip=lambda r: r.old_value),
    Column("New value", lambda r: r.new_value, tooltip=lambda r: r.new_value),
    Column("Detail", lambda r: r.detail, tooltip=lambda r: r.detail),
]


def load_rows(engine: Engine, pupil: str, start: date | None, end: date | None) -> tuple[list[AuditRow], str]:
    """Runs in a worker: the rows, and a line saying what is shown."""
    ids = pupil_ids_matching(engine, pupil) if pupil.strip() else None
    if ids == []:
        return [], f"No pupil matches “{pupil.strip()}”."
    rows = list_events(engine, pupil_ids=ids, start=start, end=end)
    which = f" for pupil id {', '.join(map(str, ids))}" if ids else ""
    return rows, f"{len(rows)} event(s){which}, newest first."


class AuditDialog(TableDialog[AuditRow]):
    loaded = Signal()
    verified = Signal(object)

    def __init__(self, engine: Engine, jobs: Jobs, parent: QWidget | None = None) -> None:
        super().__init__("Audit log", COLUMNS, (0, Qt.SortOrder.DescendingOrder), (1100, 600), parent)
        self.engine = engine
        self.jobs = jobs
        self._build()
        self._connect()
        self.refresh()

    def _build(self) -> None:
        self.pupil_edit = QLineEdit(self)
        self.pupil_edit.setPlaceholderText("name, UPN or id (blank: everyone)")
        self.pupil_edit.setClearButtonEnabled(True)
        self.start_edit = DateField(parent=self)
        self.end_edit = DateField(parent=self)
        self.apply_button = QPushButton("&Show", self)
        self.apply_button.setDefault(True)
        self.verify_button = QPushButton("&Verify chain", self)
        self.verify_button.setToolTip(
            "Check every row's SHA-256 link: finds rows edited, inserted or removed outside the app"
        )
        form = form_of(("&Pupil:", self.pupil_edit), ("&From:", self.start_edit), ("&To:", self.end_edit))
        self.status_label = QLabel("Loading…", self)
        self.verify_label = QLabel("", self)
        self.verify_label.setWordWrap(True)
        self.verify_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        buttons = row_of(self.apply_button, self.verify_button)
        stack(self, form, buttons, self.status_label, (self.table, 1), self.verify_label, close)
        QWidget.setTabOrder(self.pupil_edit, self.start_edit)
        QWidget.setTabOrder(self.start_edit, self.end_edit)
        QWidget.setTabOrder(self.end_edit, self.apply_button)
        QWidget.setTabOrder(self.apply_button, self.verify_button)
        QWidget.setTabOrder(self.verify_button, self.table)

    def _connect(self) -> None:
        self.apply_button.clicked.connect(self.refresh)
        self.pupil_edit.returnPressed.connect(self.refresh)
        self.verify_button.clicked.connect(self.verify)

    def refresh(self) -> None:
        try:
            start, end = self.start_edit.date(), self.end_edit.date()
        except ValueError as exc:
            self.status_label.setText(f"Dates: {exc}")
            return
        if start and end and end < start:
            self.status_label.setText("The “To” date is before the “From” date.")
            return
        self.status_label.setText("Loading…")
        self.apply_button.setEnabled(False)
        engine, pupil = self.engine, self.pupil_edit.text()
        self.jobs.run(lambda: load_rows(engine, pupil, start, end), self._on_loaded, self._on_failed)

    def verify(self) -> None:
        self.verify_button.setEnabled(False)
        self.verify_label.setText("Checking the chain…")
        engine = self.engine
        self.jobs.run(lambda: verify_chain(engine), self._on_verified, self._on_failed)

    def _on_loaded(self, result: tuple[list[AuditRow], str]) -> None:
        rows, message = result
        self.show_rows(rows)
        self.status_label.setText(message)
        self.apply_button.setEnabled(True)
        self.loaded.emit()

    def _on_verified(self, result: VerifyResult) -> None:
        self.verify_button.setEnabled(True)
        text = ("✔ " if result.ok else "✖ ") + result.summary()
        if not result.ok:
            text += "\n" + "\n".join(str(p) for p in result.problems[:10])
        self.verify_label.setText(text)
        self.verify_label.setProperty("tone", "good" if result.ok else "bad")
        self.verified.emit(result)

    def _on_failed(self, exc: Any) -> None:
        self.apply_button.setEnabled(True)
        self.verify_button.setEnabled(True)
        self.status_label.setText(f"Could not read the audit log: {exc}")
