"""Builds every tab for an open store. Imported off the main thread before first use."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.exclusions_tab import ExclusionsTab
from cwsw_desktop.ui.overview_tab import OverviewTab
from cwsw_desktop.ui.pep_tab import PepTab
from cwsw_desktop.ui.pupils_tab import PupilsTab
from cwsw_desktop.ui.training_tab import TrainingTab


def build_tabs(ctx: AppContext) -> dict[str, QWidget]:
    return {
        "Overview": OverviewTab(ctx),
        "Pupils": PupilsTab(ctx),
        "PEP calendar": PepTab(ctx),
        "Exclusions": ExclusionsTab(ctx),
        "Training log": TrainingTab(ctx),
    }
