"""A tab refreshed with nothing changed shows the very same rows (its loader kept its last result,
keyed on the store's data state and its inputs); after an edit, the refresh shows the edit."""

from __future__ import annotations

import pytest

from cwsw_desktop.ui.tab_base import TAB_NAMES

EDIT_NAMES = "UPDATE pupil SET legal_surname = legal_surname || 'Qq', preferred_surname = ''"
EDIT_TRAINING = "UPDATE training_session SET provider = provider || 'Qq'"


def reload(tab, qtbot) -> None:
    with qtbot.waitSignal(tab.loaded, timeout=15000):
        tab.refresh()


def texts(tab) -> str:
    model = tab.table.model
    return "\n".join(c.text(r) for r in model.rows() for c in model.columns())


@pytest.mark.parametrize(
    ("name", "edit"),
    [
        ("Pupils", EDIT_NAMES),
        ("PEP calendar", EDIT_NAMES),
        ("Exclusions", EDIT_NAMES),
        ("Training log", EDIT_TRAINING),
    ],
)
def test_a_refresh_keeps_the_rows_until_the_data_changes(window, qtbot, name, edit) -> None:
    window.tabs.setCurrentIndex(TAB_NAMES.index(name))
    tab = window.tab_widgets[name]
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=15000)
    reload(tab, qtbot)
    before = tab.table.model.rows()
    assert before and "Qq" not in texts(tab)
    reload(tab, qtbot)
    after = tab.table.model.rows()
    assert len(after) == len(before) and all(a is b for a, b in zip(after, before, strict=True))

    with window.store.engine.begin() as connection:  # an edit through the app's own pool
        connection.exec_driver_sql(edit)
    reload(tab, qtbot)
    assert "Qq" in texts(tab)
    edited = tab.table.model.rows()
    assert not all(a is b for a, b in zip(edited, before, strict=True))


def test_a_kept_result_is_not_given_for_other_inputs(window, qtbot) -> None:
    """The PEP calendar's year is one of its inputs: another year is loaded, not the kept one."""
    window.tabs.setCurrentIndex(TAB_NAMES.index("PEP calendar"))
    tab = window.tab_widgets["PEP calendar"]
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=15000)
    reload(tab, qtbot)
    this_year = tab.table.model.rows()
    tab._year -= 1
    reload(tab, qtbot)
    last_year = tab.table.model.rows()
    assert [r.pupil for r in last_year] != [r.pupil for r in this_year] or not any(
        a is b for a, b in zip(last_year, this_year, strict=False)
    )
    tab._year += 1
    reload(tab, qtbot)
    assert [r.pupil for r in tab.table.model.rows()] == [r.pupil for r in this_year]
