"""File → Records due for review…: children whose records are past their retention review date.

Nothing is deleted unless the DT chooses one child and types that child's full legal name; the
delete (and the VACUUM that wipes it from the file) runs on the window's job pool.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QDialogButtonBox, QLabel, QPushButton, QWidget

from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.services.errors import ValidationError
from cwsw_desktop.services.retention import RetentionItem, delete_after_review, due_for_review
from cwsw_desktop.ui.table_dialog import TableDialog, name_typed
from cwsw_desktop.ui.table_model import Column

if TYPE_CHECKING:
    from cwsw_desktop.store import Store
    from cwsw_desktop.ui.jobs import Jobs

COLUMNS: list[Column[RetentionItem]] = [
    Column("Name", lambda i: i.legal_name, key=lambda i: (i.legal_surname.lower(), i.legal_forename.lower())),
    Column("UPN", lambda i: i.upn),
    Column("Date of birth", lambda i: format_date(i.date_of_birth), key=lambda i: i.date_of_birth),
    Column("Review from", lambda i: format_date(i.review_date), key=lambda i: i.review_date),
    Column("On roll", lambda i: "Yes" if i.on_roll else "Left"),
    Column("Why", lambda i: i.reason, tooltip=lambda i: i.reason),
]


class RetentionDialog(TableDialog[RetentionItem]):
    loaded = Signal()
    deleted = Signal(int)  # the pupil id

    def __init__(
        self, store: Store, jobs: Jobs, today: Callable[[], date], parent: QWidget | None = None
    ) -> None:
        super().__init__(
            "Records due for review", COLUMNS, (3, Qt.SortOrder.AscendingOrder), (900, 420), parent
        )
        self.store = store
        self.jobs = jobs
        self.today = today
        self._build()
        self._connect()
        self.refresh()

    def _build(self) -> None:
        self.status_label = QLabel("Loading…", self)
        self.status_label.setWordWrap(True)
        self.delete_button = QPushButton("&Delete record…", self)
        self.delete_button.setEnabled(False)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self._lay_out(
            "Child-protection and looked-after records are kept until the child's 25th birthday; other "
            "records of a child with a social worker until 6 years after the social worker's involvement "
            "ended. These are past that date. Review each one: keep it, or delete it for good.",
            self.status_label,
            buttons,
        )

    def _connect(self) -> None:
        self.delete_button.clicked.connect(self._on_delete)
        self.table.selectionModel().selectionChanged.connect(
            lambda *_: self.delete_button.setEnabled(self.selected() is not None)
        )

    def refresh(self) -> None:
        engine, today = self.store.engine, self.today()
        self.jobs.run(lambda: due_for_review(engine, today), self._on_loaded, self._on_failed)

    def _on_loaded(self, items: list[RetentionItem]) -> None:
        self.show_rows(items)
        self.status_label.setText(
            f"{len(items)} record(s) due for review." if items else "No records are due for review."
        )
        self.delete_button.setEnabled(self.selected() is not None)
        self.loaded.emit()

    def _on_failed(self, exc: Any) -> None:
        self.delete_button.setEnabled(self.selected() is not None)
        if isinstance(exc, ValidationError):
            self.status_label.setText("Not deleted: " + "; ".join(p.message for p in exc.problems))
        else:
            self.status_label.setText(f"Something went wrong: {exc}")

    def _on_delete(self) -> None:
        item = self.selected()
        if item is None:
            return
        typed = name_typed(
            self,
            "Delete record for good",
            f"This deletes everything held about {item.legal_name} (UPN {item.upn}, born "
            f"{format_date(item.date_of_birth)}), for good. It cannot be undone except from a backup.\n\n"
            f"Type the child's full legal name — {item.legal_name} — to delete:",
            item.legal_name,
        )
        if typed is None:
            return
        self.delete_button.setEnabled(False)
        self.status_label.setText("Deleting and wiping the file…")
        store, pupil_id, today = self.store, item.pupil_id, self.today()
        self.jobs.run(
            lambda: delete_after_review(store, pupil_id, typed, today),
            lambda _r: self._on_deleted(pupil_id),
            self._on_failed,
        )

    def _on_deleted(self, pupil_id: int) -> None:
        self.deleted.emit(pupil_id)
        self.refresh()
