"""The course catalogue: each course's name, category, "valid for" period and aliases."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QWidget,
)
from sqlalchemy import Engine

from cwsw_desktop.models.training import CourseCategory
from cwsw_desktop.services.training import CourseView, load_facts
from cwsw_desktop.services.training_edit import CourseInput, delete_course, save_course
from cwsw_desktop.ui.forms import ErrorLine, choice_box, confirmed, form_of, stack, whole_box
from cwsw_desktop.ui.training_words import CATEGORY_WORDS
from cwsw_desktop.ui.widgets import fit_to_screen, row_of


class CoursesDialog(QDialog):
    """Pick a course on the left, change it on the right; New starts a blank one."""

    def __init__(self, engine: Engine, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.engine = engine
        self.changed = False
        self.current: CourseView | None = None
        self.setWindowTitle("Course catalogue")
        self.list = QListWidget(self)
        self.list.setAccessibleName("Courses")
        self.name = QLineEdit(self)
        self.name.setMaxLength(200)
        self.category = choice_box(((word, c.value) for c, word in CATEGORY_WORDS.items()), parent=self)
        self.valid_for = whole_box(0, 120, 0, " months", unset="Does not expire", parent=self)
        self.aliases = QPlainTextEdit(self)
        self.aliases.setPlaceholderText("Other names trackers use, one a line")
        self.aliases.setTabChangesFocus(True)
        self.error = ErrorLine(self)
        new, save, remove = (
            QPushButton("&New course", self),
            QPushButton("&Save course", self),
            QPushButton("&Delete…", self),
        )
        new.clicked.connect(lambda: self._show(None))
        save.clicked.connect(self._on_save)
        remove.clicked.connect(self._on_delete)
        self.remove = remove
        form = form_of(
            ("&Name", self.name),
            ("&Category", self.category),
            ("&Valid for", self.valid_for),
            ("&Aliases", self.aliases),
            (
                "",
                QLabel("Names match ignoring case, punctuation and a bracketed suffix such as (2024).", self),
            ),
        )
        body = QHBoxLayout()
        body.addWidget(self.list, 1)
        body.addLayout(stack(None, form, self.error, row_of(new, save, remove, stretch_last=True)), 2)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        close.rejected.connect(self.reject)
        stack(self, (body, 1), close)
        self.list.currentItemChanged.connect(self._on_pick)
        fit_to_screen(self, 860, 460)  # smaller on a small screen
        self._reload()

    def _reload(self, select: int | None = None) -> None:
        self.courses = {c.id: c for c in load_facts(self.engine).courses}
        self.list.blockSignals(True)
        self.list.clear()
        for c in self.courses.values():
            used = f" ({c.sessions} record{'s' if c.sessions != 1 else ''})" if c.sessions else ""
            item = QListWidgetItem(c.name + used)
            item.setData(Qt.ItemDataRole.UserRole, c.id)
            self.list.addItem(item)
            if c.id == select:
                self.list.setCurrentItem(item)
        self.list.blockSignals(False)
        self._show(self.courses.get(select) if select else next(iter(self.courses.values()), None))

    def _on_pick(self, item: QListWidgetItem | None) -> None:
        if item is not None:
            self._show(self.courses.get(int(item.data(Qt.ItemDataRole.UserRole))))

    def _show(self, course: CourseView | None) -> None:
        self.current = course
        self.error.hide()
        self.name.setText(course.name if course else "")
        category = course.category if course else CourseCategory.OTHER
        self.category.setCurrentIndex(self.category.findData(category.value))
        self.valid_for.setValue(course.valid_for_months or 0 if course else 0)
        self.aliases.setPlainText("\n".join(course.aliases) if course else "")
        self.remove.setEnabled(course is not None)
        self.name.setFocus()

    def _on_save(self) -> None:
        data = CourseInput(
            name=self.name.text(),
            category=CourseCategory(self.category.currentData()),
            valid_for_months=self.valid_for.value() or None,
            aliases=tuple(line.strip() for line in self.aliases.toPlainText().splitlines() if line.strip()),
        )
        ok, course_id = self.error.attempt(
            lambda: save_course(self.engine, data, self.current.id if self.current else None)
        )
        if ok:
            self.changed = True
            self._reload(course_id)

    def _on_delete(self) -> None:
        if self.current is None:
            return
        if not confirmed(
            self,
            "Delete course",
            f"Delete the course '{self.current.name}' and its aliases from the catalogue?",
        ):
            return
        course_id = self.current.id
        if self.error.attempt(lambda: delete_course(self.engine, course_id), "Not deleted. ")[0]:
            self.changed = True
            self._reload()
