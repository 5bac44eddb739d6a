"""The words the window uses for the core's closed sets: duty kinds, severities, categories and
PLA routes (the core keeps Enums; only `ui/` turns them into words). No model module is imported
here: the Overview needs these words before its first data shows (a contact log's methods, which
are the models', have their words in `contact_words.py`)."""

from __future__ import annotations

from cwsw_desktop.rules.duties import DutyKind, Severity
from cwsw_desktop.rules.status import PLA_ROUTE_WORDS, Category, PlaRoute

SEVERITY_WORDS: dict[Severity, str] = {
    Severity.OVERDUE: "Overdue",
    Severity.DUE: "Due",
    Severity.NOTE: "Note",
}
SEVERITY_TONES: dict[Severity, str | None] = {
    Severity.OVERDUE: "bad",
    Severity.DUE: "warn",
    Severity.NOTE: None,
}

KIND_WORDS: dict[DutyKind, str] = {
    DutyKind.SDQ_DUE: "SDQ",
    DutyKind.EHCP_REVIEW_DUE: "EHCP annual review",
    DutyKind.ATTENDANCE_PERSISTENT: "Attendance: persistent absence",
    DutyKind.ATTENDANCE_SEVERE: "Attendance: severe absence",
    DutyKind.PLA_ROUTE_MISSING: "PLA route not recorded",
    DutyKind.POLICY_REVIEW: "Policy review",
    DutyKind.RETENTION_REVIEW: "Retention review",
    DutyKind.PEP_OVERDUE: "PEP overdue",
    DutyKind.PEP_DUE: "PEP due",
    DutyKind.INITIAL_PEP_DUE: "First PEP",
    DutyKind.PEP_INCOMPLETE: "PEP incomplete",
    DutyKind.VSH_NOT_CONSULTED: "Virtual School not consulted",
    DutyKind.VSH_NOT_NOTIFIED: "Virtual School not told",
    DutyKind.NOTIFICATION_MISSING: "Exclusion notice missing",
    DutyKind.SUSPENSION_OVER_5_DAYS_TERM: "Suspended over 5 days in a term",
    DutyKind.SUSPENSION_OVER_15_DAYS_TERM: "Suspended over 15 days in a term",
    DutyKind.GOVERNORS_MEETING_DUE: "Governors' meeting",
    DutyKind.DAY6_PROVISION: "Day-6 provision",
    DutyKind.SUSPENSION_45_DAY_LIMIT: "45-day suspension limit",
    DutyKind.REPEATED_SUSPENSIONS: "Repeated suspensions",
    DutyKind.AP_NOT_FULL_TIME: "Alternative provision not full time",
    DutyKind.RISK_ASSESSMENT_REVIEW: "Risk assessment review",
    DutyKind.DT_TRAINING_SHORT: "DT training",
    DutyKind.STAFF_UNTRAINED: "Staff training",
    DutyKind.DSL_TRAINING_DUE: "DSL training",
    DutyKind.TRAINING_EXPIRED: "Training expired",
}

CATEGORY_WORDS: dict[Category, str] = {
    Category.CLA: "Looked after (CLA)",
    Category.PLA: "Previously looked after (PLA)",
    Category.CIN: "Child in Need (CIN)",
    Category.CP: "Child Protection (CP)",
    Category.PREVIOUS: "Had a social worker (6 yrs)",
}

ROUTE_WORDS: dict[PlaRoute, str] = PLA_ROUTE_WORDS

# The kinds a contact-log entry can be about: the register's own duties a conversation settles.
LOGGABLE_KINDS: tuple[DutyKind, ...] = (
    DutyKind.ATTENDANCE_PERSISTENT,
    DutyKind.ATTENDANCE_SEVERE,
    DutyKind.SDQ_DUE,
    DutyKind.EHCP_REVIEW_DUE,
    DutyKind.PLA_ROUTE_MISSING,
    DutyKind.RETENTION_REVIEW,
)
