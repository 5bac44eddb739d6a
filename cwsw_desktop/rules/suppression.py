"""Small-number suppression for anonymised reports (the Report to Governors).

In a small school a count of 1 or 2 can point at a child. With suppression on, such a count
prints as "fewer than 3" (*primary* suppression). That alone is not enough: when a table also
prints a total, the hidden number could be worked out by subtracting the others from the total.
So every row and column that adds up to a printed total is checked, and while some small
number in it can still be pinned down (the reader knowing that a "fewer than 3" is 1 or 2, and
a "withheld" one could be anything, and solving every printed line of the table at once), one more number in a line through it is withheld: the smallest other count, else the
total (*secondary*, or complementary, suppression).

A figure that describes fewer than 3 children (their average attendance, their days of
suspension) is withheld as well; :func:`total_of_parts` keeps a total from giving one away.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from enum import StrEnum

SMALLEST_SHOWN = 3
FEWER_THAN_3 = "fewer than 3"
WITHHELD = "withheld"


class Mark(StrEnum):
    SHOWN = "shown"
    SMALL = "small"  # 1 or 2: printed as "fewer than 3"
    WITHHELD = "withheld"  # printed as "withheld" so that a small number cannot be worked out


def is_small(n: int) -> bool:
    """A count of 1 or 2 (0 is no child and is printed)."""
    return 0 < n < SMALLEST_SHOWN


def text_for(value: int, mark: Mark) -> str:
    if mark is Mark.SMALL:
        return FEWER_THAN_3
    if mark is Mark.WITHHELD:
        return WITHHELD
    return str(value)


def count_text(n: int, on: bool = True) -> str:
    """A count that is part of no printed total."""
    return FEWER_THAN_3 if on and is_small(n) else str(n)


@dataclass(frozen=True)
class Line:
    """Indices of numbers that add up to the number at index ``total``."""

    parts: tuple[int, ...]
    total: int


def _domain(mark: Mark, bound: int) -> range | tuple[int, ...]:
    if mark is Mark.SMALL:
        return (1, 2)
    return range(bound + 1)


def _members(line: Line) -> list[tuple[int, int]]:
    """(sign, index) of each number in the line's equation: sum(parts) - total = 0."""
    return [(1, i) for i in line.parts] + [(-1, line.total)]


def _consistent(
    values: Sequence[int], marks: Sequence[Mark], lines: Sequence[Line], bound: int, given: dict[int, int]
) -> bool:
    """Whether some value for every hidden number (a small one 1 or 2, a withheld one 0 or 3 and
    more) satisfies every printed line at once, with the numbers in ``given`` fixed."""
    assign = dict(given)

    def state(line: Line) -> tuple[int, list[tuple[int, int]]]:
        known, free = 0, []
        for sign, i in _members(line):
            if marks[i] is Mark.SHOWN:
                known += sign * values[i]
            elif i in assign:
                known += sign * assign[i]
            else:
                free.append((sign, i))
        return known, free

    def solve() -> bool:
        for line in lines:
            known, free = state(line)
            if not free:
                if known != 0:
                    return False
                continue
            low = sum(min(sign * v for v in _domain(marks[i], bound)) for sign, i in free)
            high = sum(max(sign * v for v in _domain(marks[i], bound)) for sign, i in free)
            if not low <= -known <= high:
                return False
            if len(free) == 1:
                sign, i = free[0]
                value = -known * sign
                if value not in _domain(marks[i], bound):
                    return False
                assign[i] = value
                if solve():
                    return True
                del assign[i]
                return False
        open_ = [
            i for line in lines for _s, i in _members(line) if marks[i] is not Mark.SHOWN and i not in assign
        ]
        if not open_:
            return True
        choice = min(open_, key=lambda i: len(_domain(marks[i], bound)))
        for value in _domain(marks[choice], bound):
            assign[choice] = value
            if solve():
                return True
            del assign[choice]
        return False

    return solve()


def _first_pinned(
    values: Sequence[int], marks: Sequence[Mark], lines: Sequence[Line], bound: int
) -> int | None:
    """A small number that the printed lines, taken together, still give away."""
    in_lines = {i for line in lines for _s, i in _members(line)}
    for i, mark in enumerate(marks):
        if (
            mark is Mark.SMALL
            and i in in_lines
            and not _consistent(values, marks, lines, bound, {i: 3 - values[i]})
        ):
            return i
    return None


def _shown_members(marks: Sequence[Mark], line: Line) -> list[int]:
    return [i for _s, i in _members(line) if marks[i] is Mark.SHOWN]


def _candidates(
    values: Sequence[int], marks: Sequence[Mark], lines: Sequence[Line], pinned: int
) -> list[int]:
    """Printed numbers that could be withheld, best first: in the lines through the pinned one
    (the least hidden line first), the smallest non-zero count, then the total, then a zero. Only
    when those lines print nothing more, the same in every line."""
    through = sorted(
        (line for line in lines if pinned in (*line.parts, line.total)),
        key=lambda line: sum(1 for _s, i in _members(line) if marks[i] is not Mark.SHOWN),
    )
    order: list[int] = []
    for line in through if any(_shown_members(marks, line) for line in through) else lines:
        shown = [i for i in line.parts if marks[i] is Mark.SHOWN]
        ranked = sorted((i for i in shown if values[i] > 0), key=lambda i: (values[i], i))
        if marks[line.total] is Mark.SHOWN:
            ranked.append(line.total)
        ranked += [i for i in shown if values[i] == 0]
        order += [i for i in ranked if i not in order]
    return order


def _unpins(
    values: Sequence[int],
    marks: list[Mark],
    lines: Sequence[Line],
    bound: int,
    pinned: int,
    group: Sequence[int],
) -> bool:
    """Whether withholding ``group`` leaves the small number at ``pinned`` open to both 1 and 2."""
    before = [marks[i] for i in group]
    for i in group:
        marks[i] = Mark.WITHHELD
    try:
        return _consistent(values, marks, lines, bound, {pinned: 3 - values[pinned]})
    finally:
        for i, mark in zip(group, before, strict=True):
            marks[i] = mark


Groups = Callable[[int], list[tuple[int, ...]]]


def suppress(
    values: Sequence[int], lines: Sequence[Line], on: bool = True, groups: Groups | None = None
) -> tuple[Mark, ...]:
    """How to print each count: shown, "fewer than 3", or withheld so no small one can be worked out.

    ``groups`` may offer sets of numbers to withhold together for a pinned one (in a table, the
    other three corners of a rectangle); otherwise numbers are withheld one at a time. The
    cheapest choice that frees the small number wins: fewest numbers, fewest zeros and totals,
    then the smallest.
    """
    if any(v < 0 for v in values):
        raise ValueError("counts cannot be negative")
    if not on:
        return tuple(Mark.SHOWN for _ in values)
    marks = [Mark.SMALL if is_small(v) else Mark.SHOWN for v in values]
    bound = 2 * max(values, default=0) + SMALLEST_SHOWN  # a withheld number could be larger than any
    totals = {line.total for line in lines}
    while (pinned := _first_pinned(values, marks, lines, bound)) is not None:
        singles = _candidates(values, marks, lines, pinned)
        options = [*(groups(pinned) if groups else []), *((i,) for i in singles)]
        best: tuple[int, ...] | None = None
        best_cost: tuple[int, int, int, int] | None = None
        for group in options:
            new = tuple(dict.fromkeys(i for i in group if marks[i] is Mark.SHOWN))
            if not new:
                continue
            cost = (
                sum(i in totals for i in new),
                len(new),
                sum(values[i] == 0 for i in new),
                sum(values[i] for i in new),
            )
            if best_cost is not None and cost >= best_cost:
                continue
            if _unpins(values, marks, lines, bound, pinned, new):
                best, best_cost = new, cost
        if best is None:
            fallback = singles[:1] or [i for i, m in enumerate(marks) if m is Mark.SMALL and i != pinned][:1]
            if not fallback:  # every number is hidden already
                break
            best = (fallback[0],)
        for i in best:
            marks[i] = Mark.WITHHELD
    return tuple(marks)


@dataclass(frozen=True)
class Grid:
    """A table of counts as printed: each cell's text, with its row and column totals."""

    cells: tuple[tuple[str, ...], ...]
    row_totals: tuple[str, ...]
    column_totals: tuple[str, ...]
    grand_total: str
    hidden_rows: frozenset[int]  # rows with any number not printed
    hidden_row_totals: frozenset[int]  # rows whose own total is not printed


def suppress_grid(
    rows: Sequence[Sequence[int]], *, row_totals: bool = True, column_totals: bool = True, on: bool = True
) -> Grid:
    """Suppress a rows-by-columns table of counts, with a total for each row and each column.

    Totals the table does not print (``row_totals=False`` …) are no equation a reader can use, so
    they are left out of the check; their texts come back empty.
    """
    n_rows = len(rows)
    n_cols = len(rows[0]) if rows else 0
    if any(len(r) != n_cols for r in rows):
        raise ValueError("every row needs the same number of columns")
    values = [v for r in rows for v in r]
    row_at = len(values)
    values += [sum(r) for r in rows]
    col_at = len(values)
    values += [sum(r[c] for r in rows) for c in range(n_cols)]
    grand_at = len(values)
    values.append(sum(sum(r) for r in rows))
    lines: list[Line] = []
    if row_totals:
        lines += [Line(tuple(r * n_cols + c for c in range(n_cols)), row_at + r) for r in range(n_rows)]
    if column_totals:
        lines += [Line(tuple(r * n_cols + c for r in range(n_rows)), col_at + c) for c in range(n_cols)]
    if row_totals and column_totals:
        lines.append(Line(tuple(row_at + r for r in range(n_rows)), grand_at))
        lines.append(Line(tuple(col_at + c for c in range(n_cols)), grand_at))
    counted = set(range(row_at))
    if row_totals:
        counted |= set(range(row_at, col_at))
    if column_totals:
        counted |= set(range(col_at, grand_at))
    if row_totals and column_totals:
        counted.add(grand_at)
    # The table with its totals as one matrix: each number's place, for rectangles of four.
    place: dict[int, tuple[int, int]] = {r * n_cols + c: (r, c) for r in range(n_rows) for c in range(n_cols)}
    if row_totals:
        place |= {row_at + r: (r, n_cols) for r in range(n_rows)}
    if column_totals:
        place |= {col_at + c: (n_rows, c) for c in range(n_cols)}
    if row_totals and column_totals:
        place[grand_at] = (n_rows, n_cols)
    at = {rc: i for i, rc in place.items()}

    def rectangles(pinned: int) -> list[tuple[int, ...]]:
        if pinned not in place:
            return []
        r, c = place[pinned]
        found: list[tuple[int, ...]] = []
        for (r2, c2), corner in at.items():
            if r2 != r and c2 != c and (r, c2) in at and (r2, c) in at:
                found.append((at[(r, c2)], at[(r2, c)], corner))
        return found

    marks = list(suppress(values, lines, on, rectangles))
    for i in range(len(values)):
        if i not in counted:
            marks[i] = Mark.SHOWN
    texts = [
        text_for(v, m) if i in counted else "" for i, (v, m) in enumerate(zip(values, marks, strict=True))
    ]
    return Grid(
        cells=tuple(tuple(texts[r * n_cols + c] for c in range(n_cols)) for r in range(n_rows)),
        row_totals=tuple(texts[row_at : row_at + n_rows]),
        column_totals=tuple(texts[col_at : col_at + n_cols]),
        grand_total=texts[grand_at],
        hidden_rows=frozenset(
            r
            for r in range(n_rows)
            if any(marks[r * n_cols + c] is not Mark.SHOWN for c in range(n_cols))
            or (row_totals and marks[row_at + r] is not Mark.SHOWN)
        ),
        hidden_row_totals=frozenset(
            r for r in range(n_rows) if row_totals and marks[row_at + r] is not Mark.SHOWN
        ),
    )


def total_of_parts(parts: Sequence[str | None], total: str) -> str:
    """A total of measures (days, pounds) printed only when every part is: ``None`` is a withheld part."""
    return WITHHELD if any(p is None for p in parts) else total
