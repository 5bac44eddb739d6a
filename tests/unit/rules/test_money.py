import pytest

from cwsw_desktop.rules.money import format_pence, parse_pounds


@pytest.mark.parametrize(
    ("pence", "text"),
    [(0, "£0.00"), (5, "£0.05"), (263_000, "£2,630.00"), (123_456_789, "£1,234,567.89"), (-1_050, "-£10.50")],
)
def test_format_pence(pence, text):
    assert format_pence(pence) == text


@pytest.mark.parametrize(
    ("text", "pence"),
    [("2630", 263_000), ("£2,630", 263_000), ("2630.5", 263_050), (" £2,630.05 ", 263_005), ("0.1", 10)],
)
def test_parse_pounds(text, pence):
    assert parse_pounds(text) == pence


@pytest.mark.parametrize("text", ["", "£", "2,63", "12.345", "-5", "ten pounds", "1,2345"])
def test_parse_pounds_refuses_what_is_not_money(text):
    with pytest.raises(ValueError, match="not an amount of money"):
        parse_pounds(text)


def test_round_trip():
    for pence in (0, 1, 99, 100, 263_000, 1_000_001):
        assert parse_pounds(format_pence(pence)) == pence
