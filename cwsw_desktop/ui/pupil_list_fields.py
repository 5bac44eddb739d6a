"""The lists inside a pupil's record, as the edit form shows them: status history, contacts and
SDQ results (their columns, and how a row updates itself as it is typed in)."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLabel, QSpinBox, QWidget

from cwsw_desktop.rules.sdq import sdq_band
from cwsw_desktop.services.pupils import CATEGORIES, CONTACT_ROLES, PLA_ROUTES, SDQ_VERSIONS
from cwsw_desktop.ui.pupil_lists import Field

PLACEMENTS = (
    "",
    "Foster care (LA)",
    "Foster care (IFA)",
    "Kinship care",
    "Residential home",
    "Placed with parents",
    "Other",
)
EPISODE_FIELDS = [
    Field("category", "Category", "choice", CATEGORIES, 70),
    Field("start_date", "Start", "required_date"),
    Field("end_date", "End", "date"),
    Field("responsible_la", "Responsible LA", width=130),
    Field("placement_type", "Placement type", "edit_choice", PLACEMENTS, 150),
    Field("pla_route", "PLA route", "choice", ("", *PLA_ROUTES), 90),
]
CONTACT_FIELDS = [
    Field("role", "Role", "choice", CONTACT_ROLES, 150),
    Field("name", "Name", width=150),
    Field("organisation", "Organisation", width=130),
    Field("phone", "Phone", width=110),
    Field("email", "E-mail", width=170),
]
SDQ_FIELDS = [
    Field("taken_on", "Date", "required_date"),
    Field("version", "Completed by", "choice", tuple(v.capitalize() for v in SDQ_VERSIONS), 90),
    Field("total", "Total difficulties (0–40)", "score", width=70),
    Field("band", "Band", "band", width=130),
]


def episode_row(widgets: dict[str, QWidget]) -> None:
    """Responsible LA and placement only for a CLA episode, the route only for a PLA one."""
    category = widgets["category"]
    assert isinstance(category, QComboBox)
    cla, pla = category.currentText() == "CLA", category.currentText() == "PLA"
    for key in ("responsible_la", "placement_type"):
        widgets[key].setEnabled(cla)
    widgets["pla_route"].setEnabled(pla)


def sdq_row(widgets: dict[str, QWidget]) -> None:
    """The band beside the total, as the total and who completed it change."""
    version, total, band = widgets["version"], widgets["total"], widgets["band"]
    assert isinstance(version, QComboBox) and isinstance(total, QSpinBox) and isinstance(band, QLabel)
    try:
        text = sdq_band(total.value(), version.currentText())
    except ValueError:
        text = ""
    band.setText(text)
