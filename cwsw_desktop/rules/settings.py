"""The school's settings as services and dialogs pass them around, declared without the ORM so that
the duty sources (and ``cwsw-desktop due``) can read them as plain rows. The ``School`` row in
models/school.py has a column for each, of the same name, type and default, built from this class;
the policy numbers' defaults live here."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date


@dataclass(frozen=True)
class SchoolSettings:
    """The school's settings as services and dialogs pass them around. The `School` row has a
    column for each, of the same name, type and default, built from this class: a setting is
    added here (at the end, in a block commented with its area) and nowhere else but a migration."""

    name: str = ""
    urn: str = ""
    local_authority: str = ""
    vs_phone: str = ""
    vs_email: str = ""
    vs_adviser: str = ""
    dt_name: str = ""
    dt_since: int | None = None
    governor_name: str = ""
    governor_since: int | None = None
    dsl_name: str = ""
    dsl_since: int | None = None
    policy_approved: date | None = None
    policy_review: date | None = None
    dt_training_days: float = 2.0
    pep_due_soon_days: int = 14
    persistent_absence_pct: float = 90.0
    # Governors: print counts of 1 or 2 as "fewer than 3" in the Report to Governors.
    suppress_small_counts: bool = True
    # Training: hours in a training day; "trained" means this academic year ("this-year") or "ever".
    training_hours_per_day: float = 6.0
    training_trained_means: str = "this-year"
    # Exclusions (migration 0008): whom to consult before suspending (a rules.exclusions.ConsultScope
    # value), when suspensions count as repeated, and the hours of full-time alternative provision.
    consult_scope: str = "looked-after"
    repeated_in_term: int = 2
    repeated_in_year: int = 3
    ap_full_time_hours: float = 32.5
    # PEP: the first PEP is due this many school days after coming into care (some LAs use 20).
    first_pep_school_days: int = 10
