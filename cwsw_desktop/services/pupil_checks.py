"""Checking a pupil's record before it is saved: every problem, each naming its field (the form
shows it beside that field), and the warnings that do not stop a save."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from cwsw_desktop.rules.attendance import validate_attendance
from cwsw_desktop.rules.dates import age_on, format_date
from cwsw_desktop.rules.sdq import sdq_band
from cwsw_desktop.rules.status import PLA_ROUTES, Episode, episode_errors
from cwsw_desktop.rules.upn import validate_upn
from cwsw_desktop.services.errors import Problem
from cwsw_desktop.services.pupil_types import (
    CONTACT_ROLES,
    CONTACTS,
    EMAIL,
    FIELD_LABELS,
    MAX_AGE,
    MIN_AGE,
    NAME_MAX,
    SDQ,
    SEN_STATUSES,
    STATUS_HISTORY,
    ContactInput,
    EpisodeInput,
    PupilInput,
    SdqInput,
)

# --- validation ------------------------------------------------------------------------------


def normalise_name(name: str) -> str:
    """Trimmed, inner runs of spaces collapsed, case-folded: for comparing names."""
    return " ".join(name.split()).casefold()


def _check_names(data: PupilInput, problems: list[Problem]) -> None:
    for attr in ("legal_surname", "legal_forename"):
        if not getattr(data, attr).strip():
            problems.append(Problem(FIELD_LABELS[attr], "is required"))
    for attr in ("legal_surname", "legal_forename", "preferred_forename", "preferred_surname"):
        if len(getattr(data, attr).strip()) > NAME_MAX:
            problems.append(Problem(FIELD_LABELS[attr], f"must be at most {NAME_MAX} characters"))


def _check_dates(data: PupilInput, today: date, problems: list[Problem]) -> None:
    dob = data.date_of_birth
    if dob is None:
        problems.append(Problem(FIELD_LABELS["date_of_birth"], "is required"))
    elif dob > today:
        problems.append(Problem(FIELD_LABELS["date_of_birth"], f"{format_date(dob)} is in the future"))
    elif not MIN_AGE <= age_on(dob, today) <= MAX_AGE:
        problems.append(
            Problem(
                FIELD_LABELS["date_of_birth"],
                f"{format_date(dob)} gives an age of {age_on(dob, today)}; "
                f"a pupil is between {MIN_AGE} and {MAX_AGE}",
            )
        )
    if data.admission_date is not None and dob is not None and data.admission_date <= dob:
        problems.append(Problem(FIELD_LABELS["admission_date"], "must be after the date of birth"))
    if data.leaving_date is not None:
        if data.admission_date is not None and data.leaving_date < data.admission_date:
            problems.append(Problem(FIELD_LABELS["leaving_date"], "must be on or after the admission date"))
        elif dob is not None and data.leaving_date <= dob:
            problems.append(Problem(FIELD_LABELS["leaving_date"], "must be after the date of birth"))


def _check_other(data: PupilInput, problems: list[Problem]) -> None:
    if data.attendance_pct is not None:
        message = validate_attendance(data.attendance_pct)
        if message:
            problems.append(Problem(FIELD_LABELS["attendance_pct"], message))
    if data.sen_status not in SEN_STATUSES:
        problems.append(
            Problem(
                FIELD_LABELS["sen_status"],
                f"'{data.sen_status}' is not N (none), K (SEN support) or E (EHCP)",
            )
        )
    if data.ehcp_review_date is not None and data.sen_status != "E":
        problems.append(Problem(FIELD_LABELS["ehcp_review_date"], "only a pupil with an EHCP (E) has one"))
    if data.ehcp_last_review is not None and data.sen_status != "E":
        problems.append(Problem(FIELD_LABELS["ehcp_last_review"], "only a pupil with an EHCP (E) has one"))
    override = data.year_group_override
    if override is not None and not -2 <= override <= 14:
        problems.append(Problem(FIELD_LABELS["year_group_override"], "must be between -2 and 14"))
    if len(data.gender.strip()) > 20:
        problems.append(Problem(FIELD_LABELS["gender"], "must be at most 20 characters"))


def _check_episodes(episodes: Sequence[EpisodeInput], dob: date | None, problems: list[Problem]) -> None:
    for ep in episodes:
        if ep.category == "PLA" and ep.pla_route and ep.pla_route not in PLA_ROUTES:
            problems.append(  # the route is optional (MIS exports rarely carry it); a wrong one is not
                Problem(
                    STATUS_HISTORY,
                    f"PLA episode from {format_date(ep.start_date)}: '{ep.pla_route}' is not a route "
                    f"(use {', '.join(PLA_ROUTES)}, or leave it blank)",
                )
            )
    plain = [Episode(ep.category, ep.start_date, ep.end_date) for ep in episodes]
    problems.extend(Problem(STATUS_HISTORY, message) for message in episode_errors(plain, dob))


def _check_contacts(contacts: Sequence[ContactInput], problems: list[Problem]) -> None:
    for n, c in enumerate(contacts, start=1):
        where = f"contact {n}"
        if c.role not in CONTACT_ROLES:
            problems.append(
                Problem(CONTACTS, f"{where}: '{c.role}' is not a role (use {', '.join(CONTACT_ROLES)})")
            )
        if not c.name.strip():
            problems.append(Problem(CONTACTS, f"{where}: a name is required"))
        if c.email.strip() and not EMAIL.match(c.email.strip()):
            problems.append(Problem(CONTACTS, f"{where}: '{c.email}' is not an e-mail address"))


def _check_sdqs(sdqs: Sequence[SdqInput], today: date, problems: list[Problem]) -> None:
    for s in sdqs:
        where = f"SDQ of {format_date(s.taken_on)}"
        if s.taken_on > today:
            problems.append(Problem(SDQ, f"{where}: the date is in the future"))
        try:
            sdq_band(s.total, s.version)
        except ValueError as exc:
            problems.append(Problem(SDQ, f"{where}: {exc}"))


def validate_pupil(
    data: PupilInput,
    episodes: Sequence[EpisodeInput],
    today: date,
    existing_upn_owner: int | None = None,
    *,
    contacts: Sequence[ContactInput] = (),
    sdqs: Sequence[SdqInput] = (),
) -> list[Problem]:
    """Every problem with a pupil's record, each naming its field; empty when it can be saved.

    ``existing_upn_owner`` is the id of *another* pupil who already has this UPN, if any.
    A temporary UPN is allowed (see :func:`pupil_warnings`).
    """
    problems: list[Problem] = []
    upn = validate_upn(data.upn)
    if not upn.valid:
        problems.append(Problem(FIELD_LABELS["upn"], upn.message))
    elif existing_upn_owner is not None:
        problems.append(Problem(FIELD_LABELS["upn"], f"UPN {upn.upn} already belongs to another pupil"))
    _check_names(data, problems)
    _check_dates(data, today, problems)
    _check_other(data, problems)
    _check_episodes(episodes, data.date_of_birth, problems)
    _check_contacts(contacts, problems)
    _check_sdqs(sdqs, today, problems)
    return problems


def pupil_warnings(data: PupilInput) -> list[Problem]:
    """Things worth saying that do not stop a save (a temporary UPN, an unknown LA number)."""
    upn = validate_upn(data.upn)
    warnings = []
    if upn.valid and upn.temporary:
        warnings.append(
            Problem(FIELD_LABELS["upn"], "is a temporary UPN: replace it with the permanent one when known")
        )
    if upn.warning:
        warnings.append(Problem(FIELD_LABELS["upn"], upn.warning))
    return warnings
