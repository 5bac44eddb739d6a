"""Archive a leaver (asks the leaving date), delete a pupil (only after typing their legal name),
and choose how to export the register (encrypted unless the DT confirms otherwise)."""

from __future__ import annotations

import html
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QLineEdit, QPushButton, QWidget

from cwsw_desktop.rules.names import legal_name
from cwsw_desktop.services.export import export_path
from cwsw_desktop.services.pupils import (
    RegisterRow,
    archive_pupil,
    delete_pupil,
    normalise_name,
)
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.forms import ErrorLine, confirmed, form_of, problems_of, stack, wrapped
from cwsw_desktop.ui.widgets import DateField

if TYPE_CHECKING:
    from cwsw_desktop.store import Store


def _legal_name(row: RegisterRow) -> str:
    return legal_name(row.legal_forename, row.legal_surname)


class _ActionDialog(QDialog):
    """A short dialog whose main button runs one service call in a worker."""

    completed = Signal(int)  # the pupil's id, once the change is saved

    def __init__(self, ctx: AppContext, row: RegisterRow, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.row = row
        self.problems = ErrorLine(self)
        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel, self)
        self.buttons.rejected.connect(self.reject)

    def _lay_out(self, intro: str, label: str, field: QWidget, width: int) -> None:
        """The intro (HTML), the one labelled field, what went wrong, the buttons."""
        self.intro = wrapped(intro, self)
        stack(self, self.intro, form_of((label, field)), self.problems, self.buttons)
        self.setMinimumWidth(width)
        field.setFocus()

    def _run(self, work: Callable[[], object]) -> None:
        self.action_button.setEnabled(False)
        self.ctx.jobs.run(work, lambda _r: self._on_done(), self._on_failed)

    def _on_done(self) -> None:
        self.completed.emit(self.row.id)
        self.accept()

    def _on_failed(self, exc: Exception) -> None:
        self.action_button.setEnabled(True)
        self.problems.say_problems(problems_of(exc), "", "• ")

    action_button: QPushButton


class ArchiveDialog(_ActionDialog):
    def __init__(self, ctx: AppContext, row: RegisterRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, row, parent)
        self.setWindowTitle("Archive as leaver")
        self.leaving_date = DateField(ctx.today(), required=True, parent=self)
        self.action_button = self.buttons.addButton("&Archive", QDialogButtonBox.ButtonRole.AcceptRole)
        self.action_button.setDefault(True)
        self.action_button.clicked.connect(self._on_archive)
        self._lay_out(
            f"<p>Record that <b>{html.escape(row.display_name)}</b> has left the school.</p>"
            "<p>The record is kept, not deleted: it is hidden from the register unless "
            "<i>Show leavers</i> is ticked, and stays in reports for the years it covers.</p>",
            "&Leaving date",
            self.leaving_date,
            440,
        )
        self.leaving_date.selectAll()

    def _on_archive(self) -> None:
        try:
            leaving: date | None = self.leaving_date.date()
        except ValueError as exc:
            self.problems.say(f"• Leaving date: {exc}")
            return
        assert leaving is not None
        engine, pupil_id = self.ctx.store.engine, self.row.id
        self._run(lambda: archive_pupil(engine, pupil_id, leaving))


class DeleteDialog(_ActionDialog):
    """Deleting is never one careless click: the Delete button stays disabled until the child's
    full legal name is typed."""

    def __init__(self, ctx: AppContext, row: RegisterRow, parent: QWidget | None = None) -> None:
        super().__init__(ctx, row, parent)
        self.setWindowTitle("Delete pupil")
        name = html.escape(_legal_name(row))
        self.confirm = QLineEdit(self)
        self.confirm.setAccessibleName("Type the child's full legal name to confirm")
        self.action_button = self.buttons.addButton("&Delete", QDialogButtonBox.ButtonRole.DestructiveRole)
        self.action_button.setEnabled(False)
        self.action_button.setAutoDefault(False)
        self.action_button.clicked.connect(self._on_delete)
        self.confirm.textChanged.connect(self._on_typed)
        self._lay_out(
            f"<p><b>Delete {name}</b> (UPN {html.escape(row.upn)}) and everything held about them: "
            "status history, contacts, SDQ results, PEPs and exclusions. This cannot be undone.</p>"
            "<p>A pupil who has left should be <b>archived as a leaver</b> instead: records are kept "
            "until the child's 25th birthday.</p>"
            f"<p>To delete, type the child's full legal name (<b>{name}</b>):</p>",
            "&Legal name",
            self.confirm,
            480,
        )

    def name_matches(self) -> bool:
        return normalise_name(self.confirm.text()) == normalise_name(_legal_name(self.row))

    def _on_typed(self) -> None:
        self.action_button.setEnabled(self.name_matches())

    def _on_delete(self) -> None:
        if not self.name_matches():
            return
        engine, pupil_id, typed = self.ctx.store.engine, self.row.id, self.confirm.text()
        self._run(lambda: delete_pupil(engine, pupil_id, typed))


ZIP_FILTER = "Encrypted ZIP (*.zip)"
CSV_FILTER = "CSV, not encrypted (*.csv)"


def ask_register_export(
    parent: QWidget, store: Store, today: date, path: str | Path | None = None, encrypted: bool | None = None
) -> tuple[Path, str | None] | None:
    """Where to save the register and with which passphrase (None: a plain file). From an
    encrypted database the default is an encrypted ZIP; a plain CSV needs a confirmed choice.
    None when the DT cancels."""
    can_encrypt = store.encrypted and store.passphrase is not None
    if path is None:
        suggested = Path.home() / f"cwsw-register-{today:%Y-%m-%d}.csv"
        filters = [ZIP_FILTER, CSV_FILTER] if can_encrypt else [CSV_FILTER]
        if can_encrypt:
            suggested = export_path(suggested, True)
        path, chosen = QFileDialog.getSaveFileName(
            parent, "Export the register", str(suggested), ";;".join(filters)
        )
        if not path:
            return None
        encrypted = can_encrypt and (chosen == ZIP_FILTER or str(path).lower().endswith(".zip"))
    encrypted = can_encrypt if encrypted is None else encrypted and can_encrypt
    if (
        can_encrypt
        and not encrypted
        and not confirmed(
            parent,
            "Save without encryption?",
            "The register names children. Saved as a plain CSV file it is NOT encrypted: anyone "
            "who gets the file can read it. Save it unencrypted?",
        )
    ):
        return None
    passphrase = store.passphrase if encrypted else None
    return export_path(Path(path), passphrase is not None), passphrase
