"""The Report to Governors removes any pupil's name, UPN or date of birth from free text."""

from __future__ import annotations

from datetime import date

import pytest

from cwsw_desktop.services.governors_context import REDACTED, Redactor

R = Redactor(["Ann", "Mary Ann", "O'Neil", "Lee", "x", " Zoë "], ["A123456789012"], [date(2014, 3, 5)])


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Ann met Lee", f"{REDACTED} met {REDACTED}"),
        ("Mary Ann and O'Neil", f"{REDACTED} and {REDACTED}"),  # names of several words
        ("Zoë's PEP", f"{REDACTED}'s PEP"),
        ("Annabelle, ann, LEE", "Annabelle, ann, LEE"),  # whole words, with their case only
        ("x marks the spot", "x marks the spot"),  # one letter is not a name
        ("born 05/03/2014 or 2014-03-05 or 05.03.2014", f"born {REDACTED} or {REDACTED} or {REDACTED}"),
        ("06/03/2014 is someone else's", "06/03/2014 is someone else's"),
        ("upn a123456789012.", f"upn {REDACTED}."),  # UPNs in any case
        ("refA123456789012x", f"ref{REDACTED}x"),  # and inside other text
        ("  nothing to remove  ", "nothing to remove"),
    ],
)
def test_redactor_removes_names_upns_and_birth_dates(text: str, expected: str) -> None:
    assert R(text) == expected


def test_a_redactor_with_no_pupils_changes_nothing_but_spaces() -> None:
    assert Redactor([], [], [])(" Ann 05/03/2014 ") == "Ann 05/03/2014"
