"""The dialogs' shared building blocks (ui/forms.py, ui/table_dialog.py): what they say and
return, without a store."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtWidgets import QDialog, QInputDialog, QLabel, QLineEdit, QMessageBox

from cwsw_desktop.services.errors import Problem, ValidationError
from cwsw_desktop.ui.forms import (
    ErrorLine,
    choice_box,
    confirmed,
    decimal_box,
    form_of,
    read_dates,
    whole_box,
)
from cwsw_desktop.ui.table_dialog import name_typed
from cwsw_desktop.ui.widgets import DateField


def test_read_dates_gives_each_date_and_names_each_bad_one(qtbot):
    good, bad, empty = DateField(date(2026, 9, 1)), DateField(), DateField()
    bad.setText("31/02/2026")
    for field in (good, bad, empty):
        qtbot.addWidget(field)
    dates, problems = read_dates((good, "Start"), (bad, "End"), (empty, "Review"))
    assert dates == [date(2026, 9, 1), None, None]
    assert [p.field for p in problems] == ["End"]
    assert "31/02/2026" in str(problems[0])


def test_error_line_attempt_lists_the_problems_and_keeps_the_result(qtbot):
    line = ErrorLine()
    qtbot.addWidget(line)
    assert line.isHidden()
    assert line.attempt(lambda: 7) == (True, 7)
    assert line.isHidden()

    def refused() -> int:
        raise ValidationError([Problem("Name", "a name is required"), Problem("Role", "choose a role")])

    assert line.attempt(refused, "Not deleted. ") == (False, None)
    assert not line.isHidden()
    assert line.text() == "Not deleted. Name: a name is required\nRole: choose a role"


def test_error_line_must_correct_also_warns(qtbot, monkeypatch):
    dialog = QDialog()
    qtbot.addWidget(dialog)
    line = ErrorLine(dialog, hidden=False)
    warned: list[tuple[str, str]] = []
    monkeypatch.setattr(QMessageBox, "warning", lambda parent, title, text: warned.append((title, text)))
    line.must_correct("Settings not saved", [Problem("URN", "six digits")])
    assert line.text() == "Not saved — please correct:\n• URN: six digits"
    assert warned == [("Settings not saved", line.text())]


@pytest.mark.parametrize(
    ("cancel", "answer", "expected"),
    [
        (False, QMessageBox.StandardButton.Yes, True),
        (False, QMessageBox.StandardButton.No, False),
        (True, QMessageBox.StandardButton.Cancel, False),
    ],
)
def test_confirmed_defaults_to_the_safe_answer(qtbot, monkeypatch, cancel, answer, expected):
    asked: list[tuple[object, object]] = []

    def question(parent, title, text, buttons, default):
        asked.append((buttons, default))
        return answer

    monkeypatch.setattr(QMessageBox, "question", question)
    parent = QLabel()
    qtbot.addWidget(parent)
    assert confirmed(parent, "Delete?", "Really?", cancel=cancel) is expected
    safe = QMessageBox.StandardButton.Cancel if cancel else QMessageBox.StandardButton.No
    assert asked == [(QMessageBox.StandardButton.Yes | safe, safe)]


def test_name_typed_matches_ignoring_spaces_and_case(qtbot, monkeypatch):
    parent = QLabel()
    qtbot.addWidget(parent)
    said: list[str] = []
    monkeypatch.setattr(QMessageBox, "information", lambda *a: said.append(a[2]))
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: ("  kit   VEXMOOR ", True))
    assert name_typed(parent, "Delete", "Type the name", "Kit Vexmoor") == "  kit   VEXMOOR "
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: ("Kit Vexmore", True))
    assert name_typed(parent, "Delete", "Type the name", "Kit Vexmoor") is None
    assert said == ["The name did not match, so nothing was deleted."]
    monkeypatch.setattr(QInputDialog, "getText", lambda *a: ("Kit Vexmoor", False))
    assert name_typed(parent, "Delete", "Type the name", "Kit Vexmoor") is None


def test_boxes_and_rows(qtbot):
    page = QDialog()
    qtbot.addWidget(page)
    box = choice_box((("Teacher", "teacher"), ("Governor", "governor")), "governor")
    hours = decimal_box(0.5, 12, 3, " hours")
    months = whole_box(0, 120, 0, " months", unset="Does not expire")
    name = QLineEdit()
    form = form_of(("&Name", name), ("&Role", box), ("&Hours", hours), QLabel("a note"), page=page)
    assert box.currentData() == "governor"
    assert (hours.value(), hours.suffix(), months.text()) == (3.0, " hours", "Does not expire")
    assert form.rowCount() == 4
    label = form.labelForField(name)
    assert isinstance(label, QLabel) and label.buddy() is name
