"""Builds every tab for an open store. Imported off the main thread before first use."""

from __future__ import annotations

import importlib
from collections.abc import Callable
from typing import cast

from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.tab_base import TABS, Tab


def tab_class(module: str, name: str) -> Callable[[AppContext], Tab]:
    """The class of one tab; every tab is built from the app's context alone."""
    cls = getattr(importlib.import_module(module), name)
    if not (isinstance(cls, type) and issubclass(cls, Tab)):
        raise TypeError(f"{module}.{name} is not a Tab")
    return cast(Callable[[AppContext], Tab], cls)


def build_tabs(ctx: AppContext) -> dict[str, Tab]:
    return {name: tab_class(module, cls)(ctx) for name, module, cls in TABS}


def warm_imports() -> None:
    """Import every tab's module (and so sqlmodel and the services) in a worker, so that building
    the tabs on the main thread does not stall on imports (the worker that opens the store loads
    only the shown tab's: ``store_opening.open_and_prepare``)."""
    for _name, module, _cls in TABS:
        importlib.import_module(module)
