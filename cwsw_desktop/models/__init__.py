"""SQLModel tables, one module per aggregate. Importing this package registers every table."""

from cwsw_desktop.models.audit import AuditEvent
from cwsw_desktop.models.contact_log import ContactLogEntry, ContactMethod
from cwsw_desktop.models.exclusion import (
    AlternativeProvision,
    Exclusion,
    ExclusionReason,
    RiskAssessment,
)
from cwsw_desktop.models.governors import GovernorsYear
from cwsw_desktop.models.pep import PepAction, PepAttendee, PepMeeting, PepTarget, PpPlusKind, PpPlusSpend
from cwsw_desktop.models.pupil import Contact, Pupil, SdqResult, StatusEpisode
from cwsw_desktop.models.school import AcademicYear, School
from cwsw_desktop.models.training import (
    CourseAlias,
    CourseCategory,
    StaffMember,
    StaffRole,
    TrainingAttendance,
    TrainingCourse,
    TrainingSession,
)

__all__ = [
    "AcademicYear",
    "AlternativeProvision",
    "AuditEvent",
    "Contact",
    "ContactLogEntry",
    "ContactMethod",
    "CourseAlias",
    "CourseCategory",
    "Exclusion",
    "ExclusionReason",
    "GovernorsYear",
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
    "StaffRole",
    "StatusEpisode",
    "TrainingAttendance",
    "TrainingCourse",
    "TrainingSession",
]
