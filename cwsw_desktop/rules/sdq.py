"""Strengths and Difficulties Questionnaire: total difficulties bands and the annual check."""

from __future__ import annotations

from datetime import date

from cwsw_desktop.rules.dates import add_years

NORMAL, BORDERLINE, CONCERN = "Normal", "Borderline", "Cause for concern"
SDQ_MAX = 40
# Highest normal and highest borderline total for each version of the questionnaire.
_CUT_OFFS = {"carer": (13, 16), "teacher": (11, 15)}


def sdq_band(total: int, version: str) -> str:
    """Band of a total difficulties score (0–40) on the ``carer`` or ``teacher`` version."""
    cut_offs = _CUT_OFFS.get(version.strip().lower())
    if cut_offs is None:
        raise ValueError(f"unknown SDQ version '{version}' (use carer or teacher)")
    if not 0 <= total <= SDQ_MAX:
        raise ValueError(f"an SDQ total must be between 0 and {SDQ_MAX}, not {total}")
    normal_to, borderline_to = cut_offs
    if total <= normal_to:
        return NORMAL
    if total <= borderline_to:
        return BORDERLINE
    return CONCERN


def sdq_due(last: date | None, today: date) -> bool:
    """An SDQ is due if there has never been one, or a year has passed since the last."""
    return last is None or today >= add_years(last, 1)
