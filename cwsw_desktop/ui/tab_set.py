"""The window's tabs, built lazily: only the tab on screen is built when the store opens, the
others the first time they are shown (or a menu or an Overview item needs them). A hidden tab
told that the data changed is only marked stale, and reloads when it is next shown, so one save
costs one reload (the tab on screen), not five.

`TabSet` is a read-only mapping from tab name to `Tab`: looking a tab up builds it. The window
uses `built()` for whatever must not build anything (refreshing, captions, locking).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping

from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.tab_base import TAB_NAMES, TABS, Tab
from cwsw_desktop.ui.tabs import tab_class


class TabSet(Mapping[str, Tab]):
    """Every tab by name (none before a store is open); `adopt(name, tab)` is called once for
    each tab built, to put it on its page and connect its signals."""

    def __init__(
        self,
        ctx: AppContext | None = None,
        adopt: Callable[[str, Tab], None] | None = None,
        shown: Callable[[], str | None] | None = None,
    ) -> None:
        self._ctx = ctx
        self._adopt = adopt
        self._shown = shown or (lambda: None)
        self._built: dict[str, Tab] = {}
        self._stale: set[str] = set()

    # -- the mapping: looking a tab up builds it --
    def __getitem__(self, name: str) -> Tab:
        tab = self._built.get(name)
        if tab is None:
            tab = self._build(name)
        return tab

    def __iter__(self) -> Iterator[str]:
        return iter(TAB_NAMES if self._ctx is not None else ())

    def __len__(self) -> int:
        return len(TAB_NAMES) if self._ctx is not None else 0

    def _build(self, name: str) -> Tab:
        if self._ctx is None or name not in TAB_NAMES:
            raise KeyError(name)
        _, module, cls = TABS[TAB_NAMES.index(name)]
        tab = tab_class(module, cls)(self._ctx)  # a new tab loads itself
        self._built[name] = tab
        self._stale.discard(name)
        if self._adopt is not None:
            self._adopt(name, tab)
        return tab

    # -- without building --
    def built(self) -> dict[str, Tab]:
        """The tabs built so far, in tab order."""
        return {name: self._built[name] for name in TAB_NAMES if name in self._built}

    def is_built(self, name: str) -> bool:
        return name in self._built

    def is_stale(self, name: str) -> bool:
        return name in self._stale

    def may_open(self, name: str, act: object) -> bool:
        """Whether the tab `name` could open `act` (asked of its class, so nothing is built)."""
        if self._ctx is None or name not in TAB_NAMES:
            return False
        _, module, cls = TABS[TAB_NAMES.index(name)]
        return tab_class_of(module, cls).may_open(act)

    # -- refreshing --
    def refresh_all(self, saved_on: str | None = None) -> None:
        """The tab on screen (and `saved_on`, the tab that saved something) reloads now; every
        other built tab reloads when next shown."""
        now = {self._shown(), saved_on}
        for name, tab in self.built().items():
            if name in now:
                self._stale.discard(name)
                tab.refresh()
            else:
                self._stale.add(name)

    def show(self, name: str) -> Tab | None:
        """The tab `name` came on screen: build it (it loads itself), or reload it if stale."""
        if self._ctx is None or name not in TAB_NAMES:
            return None
        if name not in self._built:
            return self._build(name)
        tab = self._built[name]
        if name in self._stale:
            self._stale.discard(name)
            tab.refresh()
        return tab


def tab_class_of(module: str, cls: str) -> type[Tab]:
    """The class of one tab (its module is imported by then: see `tabs.warm_imports`)."""
    made = tab_class(module, cls)
    if not (isinstance(made, type) and issubclass(made, Tab)):
        raise TypeError(f"{module}.{cls} is not a Tab")
    return made
