"""What every tab needs, passed down through constructors (no globals, no singletons)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING

from PySide6.QtCore import QSettings

from cwsw_desktop.paths import AppPaths
from cwsw_desktop.ui.jobs import Jobs

if TYPE_CHECKING:
    from cwsw_desktop.store import Store


@dataclass
class AppContext:
    store: Store
    paths: AppPaths
    jobs: Jobs
    today: Callable[[], date] = field(default=date.today)
    settings: QSettings | None = None  # the window's settings: where a tab remembers its layout
