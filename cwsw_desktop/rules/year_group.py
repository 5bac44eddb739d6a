"""National Curriculum year (NCY) and key stage from the date of birth."""

from __future__ import annotations

from datetime import date


def year_group(dob: date, academic_year_start: int) -> int:
    """NCY in the academic year starting in September ``academic_year_start``.

    ``S − birth_year − 4``, one less for a child born September–December: born 01/09/2018 →
    Reception (0) in 2023/24; born 31/08/2018 → Year 1.
    """
    group = academic_year_start - dob.year - 4
    if dob.month >= 9:
        group -= 1
    return group


def year_group_label(n: int) -> str:
    """THE words for a year group, on screen and in print, on every tab: ``Reception``,
    ``Year 7``, ``Nursery`` (−1), ``Pre-school`` (younger), ``Post-18`` (over 13). Never show the
    bare number (Reception is 0)."""
    if n < -1:
        return "Pre-school"
    if n == -1:
        return "Nursery"
    if n == 0:
        return "Reception"
    if n <= 13:
        return f"Year {n}"
    return "Post-18"


# The last year group of each key stage, in order; beyond Year 13, Post-18.
KEY_STAGE_ENDS = ((0, "EYFS"), (2, "KS1"), (6, "KS2"), (9, "KS3"), (11, "KS4"), (13, "KS5"))


def key_stage(n: int) -> str:
    """Key stage of a year group: EYFS (Reception and younger), KS1–KS5, Post-18 beyond Year 13."""
    return next((stage for last, stage in KEY_STAGE_ENDS if n <= last), "Post-18")
