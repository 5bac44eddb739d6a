import pytest

from cwsw_desktop.rules.upn import CHECK_LETTERS, check_letter, validate_upn


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
