"""The generic table model: one date formatter, and tones given as a Tone or as its value."""

from __future__ import annotations

from datetime import date

import pytest
from PySide6.QtCore import Qt

from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.ui.table_model import TONES, Column, RowTableModel, Tone, fmt_date


def test_the_table_formats_dates_with_the_rules_formatter():
    assert fmt_date is format_date  # one implementation, not a second copy of the rule
    assert fmt_date(date(2016, 2, 3)) == "03/02/2016" and fmt_date(None) == ""


@pytest.mark.parametrize(
    ("tone", "colour"),
    [
        (Tone.BAD, TONES[Tone.BAD]),
        ("bad", TONES[Tone.BAD]),
        ("warn", TONES[Tone.WARN]),
        (Tone.GOOD, TONES[Tone.GOOD]),
        (None, None),
    ],
)
def test_a_tone_colours_the_cell_whether_member_or_string(qapp, tone, colour):
    model = RowTableModel([Column("Value", str, tone=lambda _row: tone)])
    model.set_rows([1])
    brush = model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
    assert (brush.color().name() if brush is not None else None) == colour


def test_an_unknown_tone_is_a_mistake_not_a_plain_cell(qapp):
    model = RowTableModel([Column("Value", str, tone=lambda _row: "red")])
    model.set_rows([1])
    with pytest.raises(ValueError):
        model.data(model.index(0, 0), Qt.ItemDataRole.BackgroundRole)
