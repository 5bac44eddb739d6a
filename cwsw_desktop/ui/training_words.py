"""Words for the training log's closed sets (the core keeps Enums; only ui/ and reports/ say words)."""

from __future__ import annotations

from cwsw_desktop.models.training import CourseCategory, StaffRole

ROLE_WORDS: dict[StaffRole, str] = {
    StaffRole.TEACHER: "Teacher",
    StaffRole.TEACHING_ASSISTANT: "Teaching assistant",
    StaffRole.LEADERSHIP: "Leadership",
    StaffRole.OFFICE: "Office",
    StaffRole.GOVERNOR: "Governor",
    StaffRole.OTHER: "Other",
}
CATEGORY_WORDS: dict[CourseCategory, str] = {
    CourseCategory.ATTACHMENT_TRAUMA: "Attachment-aware and trauma-informed",
    CourseCategory.DESIGNATED_TEACHER: "Designated Teacher",
    CourseCategory.DSL_FORMAL: "DSL formal training",
    CourseCategory.DSL_REFRESHER: "DSL refresher",
    CourseCategory.SAFEGUARDING: "Safeguarding",
    CourseCategory.BEHAVIOUR: "Behaviour",
    CourseCategory.OTHER: "Other",
}
