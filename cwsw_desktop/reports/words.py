"""Words for closed sets that printed documents and the window both show (the core keeps Enums)."""

from __future__ import annotations

from cwsw_desktop.rules.exclusions import TriedFirst

TRIED_WORDS = {
    TriedFirst.REPAIR_RESTORE: "Repair and restore meeting",
    TriedFirst.WISHES_FEELINGS: "Wishes and feelings work",
    TriedFirst.PARENTS_MEETING: "Meeting with parents or carers",
    TriedFirst.SUPPORT_PLAN: "Support plan",
    TriedFirst.INTERNAL_ISOLATION: "Internal isolation with supportive interventions",
    TriedFirst.RISK_REDUCTION: "Risk reduction plan",
    TriedFirst.OUTSIDE_AGENCIES: "Work with outside agencies",
}
