"""Words for closed sets that printed documents and the window both show (the core keeps Enums)."""

from __future__ import annotations

from cwsw_desktop.rules.exclusions import TriedFirst
from cwsw_desktop.rules.pep import AttendeeRole, TargetRating, TermStatus

TRIED_WORDS = {
    TriedFirst.REPAIR_RESTORE: "Repair and restore meeting",
    TriedFirst.WISHES_FEELINGS: "Wishes and feelings work",
    TriedFirst.PARENTS_MEETING: "Meeting with parents or carers",
    TriedFirst.SUPPORT_PLAN: "Support plan",
    TriedFirst.INTERNAL_ISOLATION: "Internal isolation with supportive interventions",
    TriedFirst.RISK_REDUCTION: "Risk reduction plan",
    TriedFirst.OUTSIDE_AGENCIES: "Work with outside agencies",
}

# A looked-after child's PEP this term: the PEP calendar's grid, the Pupils tab and the register export.
TERM_WORDS = {
    TermStatus.DONE: "Done",
    TermStatus.INCOMPLETE: "Held – no targets",
    TermStatus.BOOKED: "Booked",
    TermStatus.DUE: "Due this term",
    TermStatus.DUE_SOON: "Due soon",
    TermStatus.OVERDUE: "Overdue",
    TermStatus.NOT_YET: "Not yet due",
    TermStatus.NOT_OWED: "Not owed",
}

# Who was invited to a PEP meeting, and how far a target has come: the meeting pack and the window.
ROLE_WORDS = {
    AttendeeRole.DT: "Designated Teacher",
    AttendeeRole.SOCIAL_WORKER: "Social worker",
    AttendeeRole.CARER: "Carer",
    AttendeeRole.VS_ADVISER: "Virtual School adviser",
    AttendeeRole.CHILD: "Child",
    AttendeeRole.PARENT: "Parent",
    AttendeeRole.OTHER: "Other",
}
RATING_WORDS = {
    TargetRating.NOT_STARTED: "Not started",
    TargetRating.SOME: "Some progress",
    TargetRating.GOOD: "Good progress",
    TargetRating.ACHIEVED: "Achieved",
}
