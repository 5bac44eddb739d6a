import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from stdnum.gb import upn as stdnum_upn

from cwsw_desktop.rules.la_codes import LA_CODES
from cwsw_desktop.rules.upn import CHECK_LETTERS, check_letter, la_warning, upn_warnings, validate_upn


def test_check_letters_leave_out_i_o_s() -> None:
    assert len(CHECK_LETTERS) == 23
    assert not set("IOS") & set(CHECK_LETTERS)


@pytest.mark.parametrize(
    ("body", "expected"),
    [
        # 8×2 + 1×4 + 2×5 + 5×10 + 1×13 = 93; 93 mod 23 = 1 → B
        ("801200005001", "B"),
        # 1×2 + 2×3 + … + 2×13 = 368; 368 mod 23 = 0 → A
        ("123456789012", "A"),
        # 80 + A(0)×13 = 80; 80 mod 23 = 11 → M
        ("80120000500A", "M"),
        ("80120000500a", "M"),
        # 80 + Z(22)×13 = 366; 366 mod 23 = 21 → Y
        ("80120000500Z", "Y"),
    ],
)
def test_check_letter(body: str, expected: str) -> None:
    assert check_letter(body) == expected


@pytest.mark.parametrize("body", ["80120000500", "8012000050011", "80120000500I", "8012000050A1"])
def test_check_letter_rejects_bad_body(body: str) -> None:
    with pytest.raises(ValueError):
        check_letter(body)


@pytest.mark.parametrize(
    ("raw", "upn", "valid", "temporary", "message"),
    [
        ("B801200005001", "B801200005001", True, False, ""),
        (" b801 2000 05001 ", "B801200005001", True, False, ""),
        ("A123456789012", "A123456789012", True, False, ""),
        ("M80120000500A", "M80120000500A", True, True, ""),
        ("m80120000500a", "M80120000500A", True, True, ""),
        ("A80120000500A", "A80120000500A", False, True, "UPN check letter should be M, not A"),
        ("C801200005001", "C801200005001", False, False, "UPN check letter should be B, not C"),
        ("B80120000500", "B80120000500", False, False, "UPN must be 13 characters (got 12)"),
        ("B8012000050011", "B8012000050011", False, False, "UPN must be 13 characters (got 14)"),
        ("", "", False, False, "a UPN is required"),
        ("1801200005001", "1801200005001", False, False, "UPN must start with a letter"),
        ("B8012000050X1", "B8012000050X1", False, False, "UPN characters 2–12 must be digits"),
        (
            "B80120000500I",
            "B80120000500I",
            False,
            False,
            "UPN character 13 must be a digit or a letter other than I, O or S",
        ),
    ],
)
def test_validate_upn(raw: str, upn: str, valid: bool, temporary: bool, message: str) -> None:
    result = validate_upn(raw)
    assert (result.upn, result.valid, result.temporary, result.message) == (
        upn,
        valid,
        temporary,
        message,
    )


@pytest.mark.parametrize("serial_letter", list(CHECK_LETTERS))
def test_every_temporary_upn_with_its_computed_check_letter_is_valid(serial_letter: str) -> None:
    body = "93612345678" + serial_letter
    result = validate_upn(check_letter(body) + body)
    assert (result.valid, result.temporary, result.message) == (True, True, "")


# --- the check letter against a peer: python-stdnum, a test-only oracle ----------------------
# stdnum's own LA list dates from 2011 (it lacks 838, 839, 940–943), so only its check-letter
# arithmetic is trusted here; the LA check is ours (rules/la_codes.py).

DIGIT = st.sampled_from("0123456789")


@settings(max_examples=2000, deadline=None)
@given(
    digits=st.lists(DIGIT, min_size=11, max_size=11).map("".join),
    last=st.sampled_from("0123456789" + CHECK_LETTERS),
)
def test_check_letter_agrees_with_stdnum(digits: str, last: str) -> None:
    body = digits + last
    assert check_letter(body) == stdnum_upn.calc_check_digit(body)


# --- the LA number: a warning, never a refusal -------------------------------------------------


def _upn(la: str, year: str = "25") -> str:
    body = f"{la}2000{year}001"
    return check_letter(body) + body


@pytest.mark.parametrize(
    ("la", "year", "warning"),
    [
        ("801", "25", ""),  # Bristol
        ("919", "09", ""),  # Hertfordshire
        ("838", "20", ""),  # Dorset, since 2019: unknown to stdnum's list
        ("839", "24", ""),  # Bournemouth, Christchurch and Poole
        ("940", "22", ""),  # North Northamptonshire
        ("941", "22", ""),  # West Northamptonshire
        ("942", "24", ""),  # Cumberland
        ("943", "24", ""),  # Westmorland and Furness
        ("909", "15", ""),  # Cumbria allocated it in 2015: still the child's UPN for life
        ("928", "99", ""),  # Northamptonshire, 1999
        ("909", "25", "LA number 909 (Cumbria) closed in 2023, but this UPN says it was allocated in 2025"),
        ("123", "25", "LA number 123 in this UPN is not a local authority in England"),
        ("000", "25", "LA number 000 in this UPN is not a local authority in England"),
    ],
)
def test_the_la_number_is_checked_against_the_current_list(la: str, year: str, warning: str) -> None:
    result = validate_upn(_upn(la, year))
    assert result.valid and result.message == ""  # never a refusal
    assert result.warning.startswith(warning) if warning else result.warning == ""
    assert la_warning(result.upn) == result.warning


def test_an_invalid_upn_has_no_la_warning_on_top_of_its_error() -> None:
    assert validate_upn("C123200025001").warning == ""


def test_import_rows_with_unknown_la_numbers_are_named_by_line() -> None:
    rows = [(2, _upn("801")), (3, _upn("123")), (4, "not a upn"), (5, _upn("943"))]
    assert upn_warnings(rows) == [
        f"line 3, UPN {_upn('123')}: LA number 123 in this UPN is not a local authority in England: check the UPN"
    ]


@settings(max_examples=300, deadline=None)
@given(la=st.integers(min_value=0, max_value=999))
def test_every_known_la_number_is_accepted_without_warning_and_others_are_named(la: int) -> None:
    result = validate_upn(_upn(f"{la:03d}", "24"))
    assert result.valid
    known = la in LA_CODES and LA_CODES[la].closed is None
    assert (result.warning == "") == known
    if not known and la not in LA_CODES:
        assert f"{la:03d}" in result.warning
