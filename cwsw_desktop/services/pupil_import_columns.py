"""The columns a pupil import reads, the names MIS exports give them, and the words accepted in them."""

from __future__ import annotations

from cwsw_desktop.rules.status import PREVIOUS
from cwsw_desktop.services.pupil_types import (
    FIELD_LABELS,
)

# Documented columns, each with the header names it is also known by in MIS exports.
COLUMNS: dict[str, tuple[str, ...]] = {
    "UPN": ("upn", "unique pupil number", "pupil upn"),
    "Legal Surname": ("legal surname", "surname", "last name", "family name", "legal last name"),
    "Legal Forename": ("legal forename", "forename", "first name", "legal first name", "given name"),
    "Preferred Forename": ("preferred forename", "preferred first name", "preferred name", "known as"),
    "Date of Birth": ("date of birth", "dob", "d.o.b.", "birth date"),
    "Gender": ("gender", "sex"),
    "Category": ("category", "csw category", "status"),
    "Category Start": ("category start", "category start date", "start date", "status start"),
    "Category End": ("category end", "category end date", "end date", "status end"),
    "Responsible LA": ("responsible la", "responsible local authority", "la", "local authority"),
    "Placement Type": ("placement type", "placement"),
    "PLA Route": ("pla route", "route"),
    "Social Worker": ("social worker", "social worker name", "sw", "sw name"),
    "Social Worker Email": ("social worker email", "social worker e-mail", "sw email", "sw e-mail"),
    "SEN": ("sen", "sen status", "sen provision"),
    "EHCP Review Date": ("ehcp review date", "ehcp review", "ehcp annual review", "ehcp annual review date"),
    "Attendance %": ("attendance %", "attendance", "attendance (%)", "attendance percent", "attendance pct"),
}
REQUIRED = ("UPN", "Legal Surname", "Legal Forename", "Date of Birth")
SYNONYMS = {name: canonical for canonical, names in COLUMNS.items() for name in names}
# PupilInput field each column sets (the others feed the status episode or the social worker).
PUPIL_COLUMN = {
    "Legal Surname": "legal_surname",
    "Legal Forename": "legal_forename",
    "Preferred Forename": "preferred_forename",
    "Date of Birth": "date_of_birth",
    "Gender": "gender",
    "SEN": "sen_status",
    "EHCP Review Date": "ehcp_review_date",
    "Attendance %": "attendance_pct",
}
COLUMN_OF_LABEL = {FIELD_LABELS[attr]: column for column, attr in PUPIL_COLUMN.items()}
COLUMN_OF_LABEL[FIELD_LABELS["upn"]] = "UPN"
CATEGORY_WORDS = {
    "cla": "CLA",
    "lac": "CLA",
    "pla": "PLA",
    "cin": "CIN",
    "cp": "CP",
    "cpp": "CP",
    "previous": PREVIOUS,
    "previously csw": PREVIOUS,
}
SEN_WORDS = {"n": "N", "none": "N", "no": "N", "k": "K", "sen support": "K", "e": "E", "ehcp": "E"}
GENDER_WORDS = {"m": "Male", "f": "Female"}
