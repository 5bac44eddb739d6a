"""The bank holidays kept in rules/bank_holidays_eng.py are the `holidays` package's, year by year,
so school days count the same whether or not the package is imported."""

from __future__ import annotations

import holidays
import pytest

from cwsw_desktop.rules.bank_holidays_eng import ENGLAND, FIRST_YEAR, LAST_YEAR
from cwsw_desktop.rules.school_days import bank_holidays


def _package(years: list[int]) -> frozenset:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=years).keys())


def test_every_kept_year_is_the_packages() -> None:
    assert set(ENGLAND) == set(range(FIRST_YEAR, LAST_YEAR + 1))
    for year in ENGLAND:
        assert bank_holidays([year]) == _package([year]), year


@pytest.mark.parametrize(
    "years",
    [
        list(range(2023, 2029)),
        [FIRST_YEAR - 2, FIRST_YEAR - 1, FIRST_YEAR],  # partly before the kept span
        [LAST_YEAR, LAST_YEAR + 1],  # partly after it
        [1990],
        [],
    ],
)
def test_spans_in_and_out_of_the_kept_years_match_the_package(years: list[int]) -> None:
    assert bank_holidays(years) == _package(years)
