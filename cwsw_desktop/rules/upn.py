"""Unique Pupil Number: check letter + LA code (3) + establishment (4) + year (2) + serial (3).

A temporary UPN has a letter as its 13th character. The LA number is checked against
:mod:`cwsw_desktop.rules.la_codes`: an unknown one is a warning, never a refusal (the list
can lag behind a reorganisation; the check letter cannot be wrong).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from cwsw_desktop.rules.la_codes import LA_CODES

CHECK_LETTERS = "ABCDEFGHJKLMNPQRTUVWXYZ"
UPN_LENGTH = 13
_DIGITS = {str(d): d for d in range(10)}
_LAST = {**_DIGITS, **{letter: i for i, letter in enumerate(CHECK_LETTERS)}}  # character 13
_WEIGHTS = tuple(range(2, UPN_LENGTH))  # characters 2-12


def _char_value(char: str, position: int) -> int:
    if char.isascii() and char.isdigit():
        return int(char)
    if position == UPN_LENGTH and char in CHECK_LETTERS:
        return CHECK_LETTERS.index(char)
    raise ValueError(f"'{char}' cannot be character {position} of a UPN")


def check_letter(body: str) -> str:
    """The check letter for the 12 characters after it (characters 2–13 of the UPN).

    Each character is weighted by its position (2–13); a letter in position 13 counts as its index
    in :data:`CHECK_LETTERS`; the sum modulo 23 indexes :data:`CHECK_LETTERS`.
    """
    if len(body) != UPN_LENGTH - 1:
        raise ValueError(f"a UPN body is 12 characters, not {len(body)}")
    body = body.upper()
    try:  # by table lookups: an import checks thousands
        total = (
            sum(map(int.__mul__, _WEIGHTS, map(_DIGITS.__getitem__, body[:-1])))
            + UPN_LENGTH * _LAST[body[-1]]
        )
    except KeyError:  # a character that cannot be there: say which
        total = sum(position * _char_value(char, position) for position, char in enumerate(body, start=2))
    return CHECK_LETTERS[total % 23]


@dataclass(frozen=True)
class UpnResult:
    """A normalised UPN and what is wrong with it (``message`` is empty when valid), and
    what is worth a second look though it does not stop a save (``warning``)."""

    upn: str
    valid: bool
    temporary: bool
    message: str
    warning: str = ""


def allocation_year(upn: str) -> int:
    """The year a UPN was allocated (characters 9–10; UPNs began in 1999)."""
    yy = int(upn[8:10])
    return 1900 + yy if yy >= 90 else 2000 + yy


def la_warning(upn: str) -> str:
    """For a well-formed UPN: "" when its LA number is a known English authority's, else a
    warning that names the number (or an abolished authority allocating after it closed)."""
    code = int(upn[1:4])
    la = LA_CODES.get(code)
    if la is None:
        return f"LA number {code:03d} in this UPN is not a local authority in England: check the UPN"
    year = allocation_year(upn)
    if la.closed is not None and year > la.closed:
        return (
            f"LA number {code:03d} ({la.name}) closed in {la.closed}, but this UPN says it was "
            f"allocated in {year}: check the UPN"
        )
    return ""


def _problem(upn: str) -> str:
    if not upn:
        return "a UPN is required"
    if len(upn) != UPN_LENGTH:
        return f"UPN must be {UPN_LENGTH} characters (got {len(upn)})"
    if not ("A" <= upn[0] <= "Z"):
        return "UPN must start with a letter"
    if not (upn[1:12].isascii() and upn[1:12].isdigit()):
        return "UPN characters 2–12 must be digits"
    last = upn[12]
    if not (last.isascii() and last.isdigit()) and last not in CHECK_LETTERS:
        return "UPN character 13 must be a digit or a letter other than I, O or S"
    expected = check_letter(upn[1:])
    if upn[0] != expected:
        return f"UPN check letter should be {expected}, not {upn[0]}"
    return ""


def normalise_upn(raw: str) -> str:
    """A UPN as stored: spaces dropped, upper-case (``validate_upn`` checks it)."""
    return "".join(raw.split()).upper()


def validate_upn(raw: str) -> UpnResult:
    """Normalise (trim, upper-case, drop spaces) and check a UPN."""
    upn = normalise_upn(raw)
    message = _problem(upn)
    temporary = len(upn) == UPN_LENGTH and upn[-1] in CHECK_LETTERS
    warning = "" if message else la_warning(upn)
    return UpnResult(upn=upn, valid=not message, temporary=temporary, message=message, warning=warning)


def upn_warnings(rows: Iterable[tuple[int, str]]) -> list[str]:
    """The LA-number warnings of an import's (line, UPN) pairs, one line each, for the preview."""
    found = []
    for line, raw in rows:
        result = validate_upn(raw)
        if result.warning:
            found.append(f"line {line}, UPN {result.upn}: {result.warning}")
    return found
