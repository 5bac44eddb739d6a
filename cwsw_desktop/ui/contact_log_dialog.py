"""Log a contact about a child: when, with whom, how, about which duty, and a note.

An entry about a duty (an SDQ, an attendance concern, …) settles it on the Overview; saving
emits `saved`, and the Pupils tab then tells the window to refresh every tab.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QComboBox, QDialog, QLineEdit, QPlainTextEdit, QWidget

from cwsw_desktop.models.contact_log import ContactMethod
from cwsw_desktop.rules.duties import DutyKind
from cwsw_desktop.services.contact_log import ContactLogInput, add_entry
from cwsw_desktop.services.errors import ValidationError
from cwsw_desktop.services.pupil_types import PupilDetail
from cwsw_desktop.ui.contact_words import METHOD_WORDS
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.duty_words import KIND_WORDS, LOGGABLE_KINDS
from cwsw_desktop.ui.forms import ErrorLine, choice_box, form_of, problem_text, save_cancel, stack, wrapped
from cwsw_desktop.ui.widgets import DateField

SOMEONE_ELSE = -1


class ContactLogDialog(QDialog):
    saved = Signal(int)  # the pupil's id

    def __init__(self, ctx: AppContext, detail: PupilDetail, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.ctx = ctx
        self.detail = detail
        self.setWindowTitle(f"Log a contact – {detail.display_name}")
        self._build()
        self._connect()
        self._on_whom()

    def _build(self) -> None:
        self.problems = ErrorLine(self)
        self.logged_on = DateField(self.ctx.today(), required=True)
        self.whom = QComboBox()
        for c in self.detail.contacts:
            if c.id is not None:
                self.whom.addItem(f"{c.name} ({c.role})", c.id)
        self.whom.addItem("Someone else…", SOMEONE_ELSE)
        self.with_name, self.with_role = QLineEdit(), QLineEdit()
        self.with_role.setPlaceholderText("e.g. Carer, School nurse")
        self.method = choice_box((words, method) for method, words in METHOD_WORDS.items())
        self.about = choice_box(
            [*((KIND_WORDS[kind], kind) for kind in LOGGABLE_KINDS), ("Something else", None)]
        )
        self.note = QPlainTextEdit()
        self.note.setTabChangesFocus(True)
        self.note.setFixedHeight(90)
        form = form_of(
            ("&Date", self.logged_on),
            ("&With whom", self.whom),
            ("&Name", self.with_name),
            ("&Role", self.with_role),
            ("&How", self.method),
            ("&About", self.about),
            ("N&ote", self.note),
        )
        hint = wrapped(
            "An entry about a duty settles it on the Overview: until the next one falls due, or for "
            "attendance until the figure changes band or six weeks pass.",
            self,
            "explanation",
        )
        self.buttons = save_cancel(self, self._on_save)
        stack(self, self.problems, form, hint, self.buttons)

    def _connect(self) -> None:
        self.whom.currentIndexChanged.connect(self._on_whom)

    def _on_whom(self) -> None:
        other = self.whom.currentData() == SOMEONE_ELSE
        self.with_name.setEnabled(other)
        self.with_role.setEnabled(other)

    def entry(self) -> ContactLogInput:
        """What is typed; a date that is not a date raises ValueError."""
        whom = self.whom.currentData()
        method, about = self.method.currentData(), self.about.currentData()  # Qt hands back plain str
        return ContactLogInput(
            logged_on=self.logged_on.date(),
            method=ContactMethod(method) if method is not None else None,
            about=DutyKind(about) if about is not None else None,
            contact_id=None if whom == SOMEONE_ELSE else int(whom),
            with_name=self.with_name.text() if whom == SOMEONE_ELSE else "",
            with_role=self.with_role.text() if whom == SOMEONE_ELSE else "",
            note=self.note.toPlainText(),
        )

    def _on_save(self) -> None:
        try:
            entry = self.entry()
            add_entry(self.ctx.store.engine, self.detail.id, entry, self.ctx.today())
        except ValueError as exc:  # the date field
            self.problems.say(f"Date: {exc}")
            return
        except ValidationError as exc:
            self.problems.say(problem_text(exc.problems))
            return
        self.saved.emit(self.detail.id)
        self.accept()


def log_contact(
    parent: QWidget, ctx: AppContext, detail: PupilDetail, after: Callable[[str], None]
) -> QDialog:
    """Open the dialog for ``detail``; ``after`` runs with a message once an entry is saved."""
    dialog = ContactLogDialog(ctx, detail, parent)
    dialog.saved.connect(lambda _id: after(f"Contact logged for {detail.display_name}."))
    dialog.open()
    return dialog
