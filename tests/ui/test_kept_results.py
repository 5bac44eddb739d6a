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
    assert not (
        len(last_year) == len(this_year) and all(a is b for a, b in zip(last_year, this_year, strict=False))
    )
    tab._year += 1
    reload(tab, qtbot)
    assert [r.pupil for r in tab.table.model.rows()] == [r.pupil for r in this_year]


def test_the_kept_result_across_pooled_connections(demo_store) -> None:
    """Whichever pooled connection reads the state, the loader runs only while a connection's
    state is unknown, gives back the kept objects while the data is unchanged, and runs again
    (with the new data) after any commit."""
    from cwsw_desktop.ui.list_tab import KeptResult

    engine = demo_store.engine
    calls: list[int] = []

    def load(year: int) -> list[tuple[str, ...]]:
        calls.append(year)
        with engine.connect() as c:
            return [(year, *r) for r in c.exec_driver_sql("SELECT legal_surname FROM pupil ORDER BY id")]

    kept = KeptResult(engine, load)
    first = kept(2026)
    with engine.connect() as one, engine.connect() as two:  # two connections now in the pool
        one.exec_driver_sql("SELECT 1")
        two.exec_driver_sql("SELECT 1")
    for _ in range(4):  # the pool hands them out in turn
        assert kept(2026) is first
    assert len(calls) <= 3  # once, then once more for each connection not seen yet
    assert kept(2025) is not first and kept(2025)[0][0] == 2025  # other inputs: loaded for them
    assert kept(2026) is not first  # kept for 2025 since; 2026 is loaded again
    with engine.begin() as c:
        c.exec_driver_sql("UPDATE pupil SET legal_surname = legal_surname || 'Qq'")
    edited = kept(2026)
    assert edited[0][1].endswith("Qq")
    assert kept(2026) is edited
