"""Reading a pupil import file: its header mapped to the documented columns, every row checked."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from pathlib import Path

from cwsw_desktop.services.errors import Problem
from cwsw_desktop.services.gc_pause import no_cycle_collection
from cwsw_desktop.services.pupil_import_check import RowReader, check_row
from cwsw_desktop.services.pupil_import_columns import REQUIRED, SYNONYMS
from cwsw_desktop.services.pupil_import_types import ImportPlan, ImportRow
from cwsw_desktop.services.tabular import (
    Cell,
    FileError,
    normalise_header,
    read_records,
)

log = logging.getLogger(__name__)

MAX_ROWS = 20_000  # data rows: a school's whole roll is well under this
MAX_BYTES = 10_000_000  # 10 MB
PROGRESS_EVERY = 250
Progress = Callable[[int, int], None]


def map_headers(cells: list[Cell]) -> tuple[dict[str, int], dict[str, str], list[str], list[Problem]]:
    columns: dict[str, int] = {}
    headers: dict[str, str] = {}
    ignored: list[str] = []
    problems: list[Problem] = []
    for index, cell in enumerate(cells):
        header = "" if cell is None else str(cell).replace("\ufeff", "").strip()
        if not header:
            continue
        canonical = SYNONYMS.get(normalise_header(header))
        if canonical is None:
            ignored.append(header)
        elif canonical in columns:
            problems.append(
                Problem(header, f"is the same column as '{headers[canonical]}': keep only one", 1)
            )
        else:
            columns[canonical], headers[canonical] = index, header
    for column in REQUIRED:
        if column not in columns:
            problems.append(Problem(column, "required column is missing", 1))
    if "Category" in columns and "Category Start" not in columns:
        problems.append(Problem("Category Start", "column is needed with the Category column", 1))
    return columns, headers, ignored, problems


def too_big(path: Path) -> str | None:
    """Why the file is refused for its size before it is read, or None."""
    size = path.stat().st_size
    if size > MAX_BYTES:
        return (
            f"the file is {size / 1_000_000:.1f} MB; the limit is {MAX_BYTES // 1_000_000} MB "
            f"(about {MAX_ROWS:,} pupils): split it, or export only the pupils the DT needs"
        )
    return None


def _records(path: Path) -> tuple[list[tuple[int, list[Cell], list[str]]], str | None]:
    """The non-blank rows (header included), or a reason the file has too many."""
    records: list[tuple[int, list[Cell], list[str]]] = []
    for n, cells, fmts in read_records(path):
        if not _blank(cells):
            records.append((n, cells, fmts))
            if len(records) > MAX_ROWS + 1:
                return records, (
                    f"the file has more than {MAX_ROWS:,} data rows (the limit): split it, or export "
                    "only the pupils the DT needs"
                )
    return records, None


def _blank(cells: list[Cell]) -> bool:
    """Whether every cell is empty or spaces. A CSV row is all text, so joined and stripped at once."""
    try:
        return not "".join(cells).strip()  # type: ignore[arg-type]  # a non-text cell: TypeError, below
    except TypeError:
        return not any(c is not None and str(c).strip() for c in cells)


@no_cycle_collection()
def parse_file(path: Path | str, today: date | None = None, progress: Progress | None = None) -> ImportPlan:
    """Read and check the whole file: every problem with its line (the header is line 1) and
    column, or the rows ready for :func:`plan_import`. A file over ``MAX_BYTES`` or with more
    than ``MAX_ROWS`` data rows is refused, naming the limit. ``progress(done, total)`` is called
    as rows are checked; it may raise ``ImportCancelled`` to stop."""
    path = Path(path)
    today = today or date.today()
    source = path.name
    try:
        big = too_big(path)
        if big:
            return ImportPlan(source=source, problems=(Problem("", big),))
        records, limit = _records(path)
    except FileError as exc:
        return ImportPlan(source=source, problems=(Problem("", str(exc)),))
    except OSError as exc:
        return ImportPlan(source=source, problems=(Problem("", f"cannot read the file ({exc.strerror})"),))
    if limit:
        return ImportPlan(source=source, problems=(Problem("", limit),))
    if not records:
        return ImportPlan(source=source, problems=(Problem("", "the file is empty"),))
    header_line, header_cells, _ = records[0]
    columns, headers, ignored, problems = map_headers(header_cells)
    if header_line != 1:
        problems = [replace(p, line=header_line) for p in problems]
    if problems:
        return ImportPlan(source=source, problems=tuple(problems), ignored_columns=tuple(ignored))
    if len(records) == 1:
        return ImportPlan(source=source, problems=(Problem("", "the file has a header row but no pupils"),))
    rows: list[ImportRow] = []
    first_line: dict[str, int] = {}
    dates: dict[str, date] = {}  # each distinct date text parsed once a file (RowReader)
    total = len(records) - 1
    for done, (line, cells, formats) in enumerate(records[1:], start=1):
        if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
            progress(done, total)
        reader = RowReader(line, cells, formats, columns, headers, dates)
        row = check_row(reader, today)
        if row.upn and row.upn in first_line:
            reader.problem("UPN", f"{row.upn} is also on line {first_line[row.upn]}")
        first_line.setdefault(row.upn, line)
        problems.extend(reader.problems)
        rows.append(row)
    log.info("read %d rows from an import file, %d problems", len(rows), len(problems))
    return ImportPlan(
        source=source, problems=tuple(problems), rows=tuple(rows), ignored_columns=tuple(ignored)
    )
