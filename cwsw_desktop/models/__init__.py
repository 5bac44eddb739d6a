"""SQLModel tables, one module per aggregate. Importing this package registers every table."""

from cwsw_desktop.models.audit import AuditEvent
from cwsw_desktop.models.exclusion import (
    AlternativeProvision,
    Exclusion,
    ExclusionReason,
    RiskAssessment,
)
from cwsw_desktop.models.pep import PepAction, PepAttendee, PepMeeting, PepTarget, PpPlusKind, PpPlusSpend
from cwsw_desktop.models.pupil import Contact, Pupil, SdqResult, StatusEpisode
from cwsw_desktop.models.school import AcademicYear, School
from cwsw_desktop.models.training import StaffMember, TrainingAttendance, TrainingSession

__all__ = [
    "AcademicYear",
    "AlternativeProvision",
    "AuditEvent",
    "Contact",
    "Exclusion",
    "ExclusionReason",
    "PepAction",
    "PepAttendee",
    "PepMeeting",
    "PepTarget",
    "PpPlusKind",
    "PpPlusSpend",
    "Pupil",
    "RiskAssessment",
    "School",
    "SdqResult",
    "StaffMember",
    "StatusEpisode",
    "TrainingAttendance",
    "TrainingSession",
]
