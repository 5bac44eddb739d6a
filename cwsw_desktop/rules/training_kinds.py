"""The closed sets of the training log: staff roles and what a course counts towards. They live
in `rules/` (no SQLAlchemy) so that the duty rules and `cwsw-desktop due` import no ORM; the
table models in models/training.py use them."""

from __future__ import annotations

from enum import StrEnum


class StaffRole(StrEnum):
    TEACHER = "teacher"
    TEACHING_ASSISTANT = "teaching-assistant"
    LEADERSHIP = "leadership"
    OFFICE = "office"
    GOVERNOR = "governor"
    OTHER = "other"


class CourseCategory(StrEnum):
    """What a course counts towards in the policy's checks."""

    ATTACHMENT_TRAUMA = "attachment-trauma"  # the whole-staff attachment-aware, trauma-informed course
    DESIGNATED_TEACHER = "designated-teacher"
    DSL_FORMAL = "dsl-formal"
    DSL_REFRESHER = "dsl-refresher"
    SAFEGUARDING = "safeguarding"  # KCSIE updates, Prevent
    BEHAVIOUR = "behaviour"  # de-escalation, restorative practice
    OTHER = "other"
