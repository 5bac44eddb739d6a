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


def test_the_model_sorts_its_rows_and_the_proxy_keeps_that_order_while_filtering(qapp):
    from PySide6.QtCore import QPersistentModelIndex

    from cwsw_desktop.ui.table_model import FilterProxy

    rows = [("Cara", date(2026, 3, 1)), ("ada", None), ("Ben", date(2025, 1, 9)), ("Dan", date(2026, 3, 1))]
    model = RowTableModel(
        [Column("Name", lambda r: r[0]), Column("Due", lambda r: fmt_date(r[1]), key=lambda r: r[1])]
    )
    proxy = FilterProxy()
    proxy.setSourceModel(model)
    model.set_rows(rows)
    shown = lambda: [proxy.data(proxy.index(i, 0)) for i in range(proxy.rowCount())]  # noqa: E731 -- a tiny local reader

    proxy.sort(0, Qt.SortOrder.AscendingOrder)  # text sorts without regard to case
    assert shown() == ["ada", "Ben", "Cara", "Dan"]
    held = QPersistentModelIndex(model.index(2, 0))  # "Cara"
    proxy.sort(1, Qt.SortOrder.DescendingOrder)  # dates, the blank last when descending; ties stable
    assert shown() == ["Cara", "Dan", "Ben", "ada"]
    assert model.data(model.index(held.row(), 0)) == "Cara"  # a selection follows its row
    proxy.set_predicate(lambda r: r[0] != "Dan")
    assert shown() == ["Cara", "Ben", "ada"]
    model.set_rows(list(reversed(rows)))  # new rows keep the chosen order
    assert shown() == ["Cara", "Ben", "ada"]
