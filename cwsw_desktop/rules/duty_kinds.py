"""The kinds of duty (``DutyKind``), part of the duty contract in rules/duties.py, which exports it.

Apart from the rest of the contract so that `cwsw-desktop due` can list and check the kinds as it
parses its arguments without first creating the contract's dataclasses: that is about 2 ms spent
before SQLCipher can start deriving the key, and nothing else waits for it.
"""

from __future__ import annotations

from enum import StrEnum


class DutyKind(StrEnum):
    # The register (pupils): SDQ, EHCP, attendance, data quality, policy, retention.
    SDQ_DUE = "sdq-due"
    EHCP_REVIEW_DUE = "ehcp-review-due"
    ATTENDANCE_PERSISTENT = "attendance-persistent"
    ATTENDANCE_SEVERE = "attendance-severe"
    PLA_ROUTE_MISSING = "pla-route-missing"
    POLICY_REVIEW = "policy-review"
    RETENTION_REVIEW = "retention-review"
    # PEPs.
    PEP_OVERDUE = "pep-overdue"
    PEP_DUE = "pep-due"
    INITIAL_PEP_DUE = "initial-pep-due"
    PEP_INCOMPLETE = "pep-incomplete"
    # Suspensions and exclusions.
    VSH_NOT_CONSULTED = "vsh-not-consulted"
    VSH_NOT_NOTIFIED = "vsh-not-notified"
    NOTIFICATION_MISSING = "notification-missing"
    SUSPENSION_OVER_5_DAYS_TERM = "suspension-over-5-days-term"
    SUSPENSION_OVER_15_DAYS_TERM = "suspension-over-15-days-term"
    GOVERNORS_MEETING_DUE = "governors-meeting-due"
    DAY6_PROVISION = "day6-provision"
    SUSPENSION_45_DAY_LIMIT = "suspension-45-day-limit"
    REPEATED_SUSPENSIONS = "repeated-suspensions"
    AP_NOT_FULL_TIME = "ap-not-full-time"
    RISK_ASSESSMENT_REVIEW = "risk-assessment-review"
    # Training.
    DT_TRAINING_SHORT = "dt-training-short"
    STAFF_UNTRAINED = "staff-untrained"
    DSL_TRAINING_DUE = "dsl-training-due"
    TRAINING_EXPIRED = "training-expired"
