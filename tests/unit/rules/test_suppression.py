"""Small-number suppression: 1s and 2s print as "fewer than 3", and no printed total gives one away."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cwsw_desktop.rules.suppression import (
    FEWER_THAN_3,
    WITHHELD,
    Line,
    Mark,
    count_text,
    is_small,
    suppress,
    suppress_grid,
    total_of_parts,
)

S, W = FEWER_THAN_3, WITHHELD


@pytest.mark.parametrize(
    ("n", "on", "text"),
    [
        (0, True, "0"),
        (1, True, S),
        (2, True, S),
        (3, True, "3"),
        (17, True, "17"),
        (1, False, "1"),
        (2, False, "2"),
    ],
)
def test_a_count_on_its_own(n, on, text):
    assert count_text(n, on) == text
    assert is_small(n) == (n in (1, 2))


@pytest.mark.parametrize(
    ("rows", "cells", "totals"),
    [
        # nothing small: everything printed
        ([[5, 3, 4]], [("5", "3", "4")], ("12",)),
        # one small beside a total: the next smallest is withheld too, the total stays
        ([[5, 1, 4]], [("5", S, W)], ("10",)),
        # 3 + 1 = 4: withholding the 3 leaves 1+3 or 2+2, so 4 may stay
        ([[3, 1]], [(W, S)], ("4",)),
        # "fewer than 3" + "fewer than 3" = "fewer than 3" would give both away (1 + 1 = 2)
        ([[1, 1]], [(S, W)], (S,)),
        # a small number alone with zeros: equal to its total, both "fewer than 3"
        ([[1, 0, 0]], [(S, "0", "0")], (S,)),
        # two smalls that add up to 3 can stay (1+2 or 2+1)
        ([[1, 2, 5]], [(S, S, "5")], ("8",)),
    ],
)
def test_one_row_with_its_total(rows, cells, totals):
    grid = suppress_grid(rows, column_totals=False)
    assert grid.cells == tuple(cells)
    assert grid.row_totals == totals
    assert _brute_force_safe(rows, grid)


def test_suppression_off_prints_every_number():
    grid = suppress_grid([[1, 2], [0, 1]], on=False)
    assert grid.cells == (("1", "2"), ("0", "1"))
    assert grid.row_totals == ("3", "1") and grid.column_totals == ("1", "3") and grid.grand_total == "4"


def test_a_table_is_solved_as_a_whole_not_line_by_line():
    # Line by line each small number looks safe here, but rows and columns together pin the 1
    # in the last row (14 - 8 - 5 - 0 = 1): the check must see that.
    grid = suppress_grid([[8, 0, 0], [0, 0, 0], [5, 0, 0], [1, 0, 0], [0, 0, 0]])
    assert grid.cells[3][0] == S
    assert _brute_force_safe([[8, 0, 0], [0, 0, 0], [5, 0, 0], [1, 0, 0], [0, 0, 0]], grid)


def test_general_lines_and_negative_counts():
    marks = suppress([2, 7, 9], [Line((0, 1), 2)])
    assert marks[0] is Mark.SMALL and Mark.WITHHELD in marks[1:]
    with pytest.raises(ValueError):
        suppress([-1, 1], [Line((0,), 1)])


def test_total_of_parts_hides_a_total_when_any_part_is_hidden():
    assert total_of_parts(["3.5", "2"], "5.5") == "5.5"
    assert total_of_parts(["3.5", None], "5.5") == WITHHELD


def _brute_force_safe(rows: list[list[int]], grid) -> bool:
    """Independently of the solver: try every value for each hidden cell that a reader could
    believe (1 or 2 for "fewer than 3", 0 to the grand total for "withheld"), keep those that
    agree with every printed total, and check every small cell could still be 1 or 2."""
    n_rows, n_cols = len(rows), len(rows[0])
    grand = sum(map(sum, rows))
    domains = []
    for r in range(n_rows):
        for c in range(n_cols):
            text = grid.cells[r][c]
            domains.append((1, 2) if text == S else range(grand + 1) if text == W else (int(text),))

    def fits(values: list[int], text: str) -> bool:
        v = sum(values)
        return (
            text == "" or (text == S and v in (1, 2)) or text == W or (text not in (S, W) and str(v) == text)
        )

    seen: dict[int, set[int]] = {i: set() for i, d in enumerate(domains) if d == (1, 2)}
    for combo in itertools.product(*domains):
        m = [combo[r * n_cols : (r + 1) * n_cols] for r in range(n_rows)]
        if not all(fits(list(m[r]), grid.row_totals[r]) for r in range(n_rows)):
            continue
        if not all(fits([m[r][c] for r in range(n_rows)], grid.column_totals[c]) for c in range(n_cols)):
            continue
        if not fits(list(combo), grid.grand_total):
            continue
        for i in seen:
            seen[i].add(combo[i])
    return all(len(v) == 2 for v in seen.values())


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(st.integers(0, 4), min_size=2, max_size=2), min_size=2, max_size=2))
def test_no_small_number_can_be_worked_out_from_a_two_by_two_table(rows):
    grid = suppress_grid(rows)
    for r, row in enumerate(rows):
        for c, v in enumerate(row):
            assert (grid.cells[r][c] == S) == is_small(v) or grid.cells[r][c] == W
            assert grid.cells[r][c] in (S, W) or grid.cells[r][c] == str(v)
    assert _brute_force_safe(rows, grid)


@settings(max_examples=40, deadline=None)
@given(st.lists(st.integers(0, 5), min_size=3, max_size=3))
def test_no_small_number_can_be_worked_out_from_a_column_and_its_total(column):
    grid = suppress_grid([[v] for v in column], row_totals=False)
    assert all(cell[0] not in ("1", "2") for cell in grid.cells)
    assert grid.column_totals[0] not in ("1", "2")
    assert _brute_force_safe([[v] for v in column], grid)
