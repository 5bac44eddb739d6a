"""The Pupils records as plain data: what goes in (inputs) and comes out (views, register rows),
with the labels and codes the forms and messages use."""

import re
from dataclasses import dataclass, fields
from datetime import date
from typing import NamedTuple

from cwsw_desktop.models.pupil import SOCIAL_WORKER_ROLE
from cwsw_desktop.rules.names import display_name, legal_name
from cwsw_desktop.services.contact_log import ContactLogView

CONTACT_ROLES = ("Social worker", "VS Education Adviser", "Carer", "Parent", "Other")
SOCIAL_WORKER = SOCIAL_WORKER_ROLE
SEN_STATUSES = {"N": "No SEN", "K": "SEN support", "E": "EHCP"}
SDQ_VERSIONS = ("carer", "teacher")
MIN_AGE, MAX_AGE = 2, 25
NAME_MAX = 100
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# The label each Problem names, by PupilInput field; the UI maps them back to its widgets.
FIELD_LABELS = {
    "upn": "UPN",
    "legal_surname": "Legal surname",
    "legal_forename": "Legal forename",
    "preferred_forename": "Preferred forename",
    "preferred_surname": "Preferred surname",
    "date_of_birth": "Date of birth",
    "gender": "Gender",
    "admission_date": "Admission date",
    "leaving_date": "Leaving date",
    "year_group_override": "Year group override",
    "sen_status": "SEN status",
    "ehcp_review_date": "EHCP review date",
    "pp_plus": "PP+",
    "key_adult": "Key adult",
    "attendance_pct": "Attendance %",
    "notes": "Notes",
    "ehcp_last_review": "Last EHCP review",
}
STATUS_HISTORY, CONTACTS, SDQ = "Status history", "Contacts", "SDQ"


# --- data in ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class PupilInput:
    """Every editable field of a pupil."""

    upn: str
    legal_surname: str
    legal_forename: str
    date_of_birth: date | None
    preferred_forename: str = ""
    preferred_surname: str = ""
    gender: str = ""
    admission_date: date | None = None
    leaving_date: date | None = None
    year_group_override: int | None = None
    sen_status: str = "N"
    ehcp_review_date: date | None = None
    pp_plus: bool = False
    key_adult: str = ""
    attendance_pct: float | None = None
    notes: str = ""
    ehcp_last_review: date | None = None  # the next review is due 12 months after it


@dataclass(frozen=True)
class EpisodeInput:
    """A status episode. ``id`` is the stored row's id (``None`` for a new one)."""

    category: str
    start_date: date
    end_date: date | None = None
    responsible_la: str = ""
    placement_type: str = ""
    pla_route: str = ""
    id: int | None = None


@dataclass(frozen=True)
class ContactInput:
    role: str
    name: str
    organisation: str = ""
    phone: str = ""
    email: str = ""
    id: int | None = None


@dataclass(frozen=True)
class SdqInput:
    taken_on: date
    version: str
    total: int
    id: int | None = None


PUPIL_FIELDS = tuple(f.name for f in fields(PupilInput))
EPISODE_FIELDS = tuple(f.name for f in fields(EpisodeInput) if f.name != "id")
CONTACT_FIELDS = tuple(f.name for f in fields(ContactInput) if f.name != "id")
SDQ_FIELDS = tuple(f.name for f in fields(SdqInput) if f.name != "id")


# --- data out --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SdqView:
    id: int
    taken_on: date
    version: str
    total: int
    band: str


class TimelineEntry(NamedTuple):
    date: date
    kind: str
    text: str


@dataclass(frozen=True)
class PupilDetail:
    """One pupil in full, as of ``today``."""

    id: int
    upn: str
    upn_temporary: bool
    legal_surname: str
    legal_forename: str
    preferred_forename: str
    preferred_surname: str
    date_of_birth: date
    gender: str
    admission_date: date | None
    leaving_date: date | None
    year_group_override: int | None
    sen_status: str
    ehcp_review_date: date | None
    pp_plus: bool
    key_adult: str
    attendance_pct: float | None
    notes: str
    ehcp_last_review: date | None
    year_group: int
    year_group_label: str
    cohort: str | None
    categories: tuple[str, ...]
    episodes: tuple[EpisodeInput, ...]
    contacts: tuple[ContactInput, ...]
    sdqs: tuple[SdqView, ...]
    timeline: tuple[TimelineEntry, ...]
    contact_log: tuple[ContactLogView, ...] = ()  # the UI shows these in the timeline too

    @property
    def display_name(self) -> str:
        return display_name(
            self.legal_forename, self.legal_surname, self.preferred_forename, self.preferred_surname
        )

    @property
    def legal_name(self) -> str:
        return legal_name(self.legal_forename, self.legal_surname)

    @property
    def is_leaver(self) -> bool:
        return self.leaving_date is not None

    def to_input(self) -> PupilInput:
        """The editable fields, ready for an edit form."""
        return PupilInput(**{name: getattr(self, name) for name in PUPIL_FIELDS})

    def sdq_inputs(self) -> tuple[SdqInput, ...]:
        return tuple(SdqInput(s.taken_on, s.version, s.total, s.id) for s in self.sdqs)


@dataclass(frozen=True)
class RegisterRow:
    """One line of the Pupils tab."""

    id: int
    upn: str
    upn_temporary: bool
    display_name: str
    legal_surname: str
    legal_forename: str
    preferred_forename: str
    date_of_birth: date
    year_group: int
    year_group_label: str
    cohort: str  # "CLA", "PLA", "CIN", "CP", "Previous" or ""
    categories: tuple[str, ...]
    sen_status: str
    leaver: bool
    leaving_date: date | None
    social_worker: str
    pep_status: str  # rules.pep status this term, "" when not a CLA on roll
    sdq_due: bool
    ehcp_review_due: bool
    attendance_pct: float | None
    attendance_band: str  # "" when attendance is not recorded

    @property
    def attendance_text(self) -> str:
        if self.attendance_pct is None:
            return ""
        band = "" if self.attendance_band in ("", "OK") else f" – {self.attendance_band}"
        return f"{self.attendance_pct:.1f}%{band}"
