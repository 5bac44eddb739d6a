"""Tabs are built lazily: only the tab on screen when the store opens; the others the first time
they are shown (or an item, a menu or a shortcut needs them). A hidden tab told of a change is
marked stale and reloads when it is next shown."""

from __future__ import annotations

import pytest

from cwsw_desktop.rules.duties import Act, ActOn
from cwsw_desktop.ui.main_window import TAB_NAMES


@pytest.fixture
def lazy(make_window, demo_store):
    return make_window(demo_store, lazy=True)


def idle(window, qtbot) -> None:
    qtbot.waitUntil(lambda: not window.jobs.busy, timeout=15000)


def test_only_the_tab_on_screen_is_built_at_start(lazy):
    assert list(lazy.tab_widgets.built()) == [TAB_NAMES[lazy.tabs.currentIndex()]] == ["Overview"]
    assert list(lazy.tab_widgets) == list(TAB_NAMES)  # every tab can still be looked up


def test_a_shortcut_builds_and_loads_a_tab_once(lazy, qtbot):
    next(
        a for a in lazy.findChildren(type(lazy.find_action)) if a.shortcut().toString() == "Ctrl+2"
    ).trigger()
    idle(lazy, qtbot)
    assert lazy.tabs.currentIndex() == TAB_NAMES.index("Pupils")
    pupils = lazy.tab_widgets.built()["Pupils"]
    assert pupils.table.model.total() == 30
    assert "PEP calendar" not in lazy.tab_widgets.built()
    lazy.tabs.setCurrentIndex(0)
    lazy.tabs.setCurrentIndex(1)
    assert lazy.tab_widgets.built()["Pupils"] is pupils  # built once, not again
    assert not lazy.jobs.busy  # and not stale, so not reloaded


def test_a_hidden_tab_is_marked_stale_and_reloads_when_shown(lazy, qtbot):
    overview = lazy.tab_widgets["Overview"]
    lazy.tabs.setCurrentIndex(TAB_NAMES.index("Pupils"))
    idle(lazy, qtbot)
    loads: list[str] = []
    overview.loaded.connect(lambda: loads.append("overview"))
    pupils = lazy.tab_widgets["Pupils"]
    with qtbot.waitSignal(pupils.loaded, timeout=15000):
        pupils.changed.emit()  # what a tab does after saving: the tab on screen reloads now
    idle(lazy, qtbot)
    assert loads == [] and lazy.tab_widgets.is_stale("Overview")
    assert "Training log" not in lazy.tab_widgets.built()  # not built by a change either
    with qtbot.waitSignal(overview.loaded, timeout=15000):
        lazy.tabs.setCurrentIndex(0)
    assert loads == ["overview"] and not lazy.tab_widgets.is_stale("Overview")


def test_an_item_builds_only_the_tab_that_opens_it(lazy, qtbot, demo_store):
    from support import DEMO_TODAY

    from cwsw_desktop.services.pupils import register_rows

    pupil = register_rows(demo_store.engine, DEMO_TODAY)[3]
    lazy.act_on(Act(ActOn.PUPIL, pupil.id, pupil.id))
    idle(lazy, qtbot)
    assert set(lazy.tab_widgets.built()) == {"Overview", "Pupils"}
    assert lazy.tabs.currentIndex() == TAB_NAMES.index("Pupils")
    qtbot.waitUntil(lambda: lazy.tab_widgets["Pupils"].table.current_row() is not None, timeout=15000)
    assert lazy.tab_widgets["Pupils"].table.current_row().id == pupil.id


def test_find_and_new_work_on_a_tab_built_by_showing_it(lazy, qtbot):
    lazy.tabs.setCurrentIndex(TAB_NAMES.index("Exclusions"))
    idle(lazy, qtbot)
    lazy.activateWindow()
    lazy.find_action.trigger()
    search = lazy.tab_widgets["Exclusions"].table.search
    qtbot.waitUntil(lambda: search.hasFocus() or lazy.focusWidget() is search, timeout=5000)
