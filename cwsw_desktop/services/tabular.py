"""Reading a spreadsheet export for an import: CSV (UTF-8 with or without BOM, or Excel's
Windows-1252) or .xlsx (openpyxl, read-only). Yields each row's cells with their number formats;
a file that cannot be read at all raises FileError with a message for the user.

openpyxl rather than hand-parsing the .xlsx XML: it is the well-kept reader for the format.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path

Cell = str | int | float | date | None


class FileError(Exception):
    """The file as a whole cannot be read; the message is for the user."""


def cell_text(cell: Cell) -> str:
    """A cell as trimmed text (a whole number read as a float, 12.0, as "12"; empty as "")."""
    if cell is None:
        return ""
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def normalise_header(text: str) -> str:
    return " ".join(text.replace("_", " ").replace("\ufeff", "").split()).casefold()


def read_csv(path: Path) -> Iterator[tuple[int, list[Cell], list[str]]]:
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise FileError('the file is saved as UTF-16 ("Unicode text"): save it as "CSV UTF-8" instead')
    if raw.startswith(b"PK\x03\x04"):
        raise FileError("this is an Excel workbook, not a CSV file: give it the .xlsx extension")
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = raw.decode("cp1252")
        except UnicodeDecodeError as exc:
            raise FileError('the file is not text in UTF-8 or Windows-1252: save it as "CSV UTF-8"') from exc
    first = text.split("\n", 1)[0]
    delimiter = ","
    if "," not in first:
        delimiter = "\t" if "\t" in first else ";" if ";" in first else ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    last = 0
    try:
        for record in reader:
            start, last = last + 1, reader.line_num
            yield start, list(record), []
    except csv.Error as exc:
        raise FileError(f"line {last + 1}: the file is not valid CSV ({exc})") from exc


def read_xlsx(path: Path) -> Iterator[tuple[int, list[Cell], list[str]]]:
    from xml.etree.ElementTree import ParseError
    from zipfile import BadZipFile

    import openpyxl  # type: ignore[import-untyped]  # openpyxl ships no type hints

    unreadable = (BadZipFile, KeyError, OSError, ValueError, ParseError, EOFError)
    try:
        workbook = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except unreadable as exc:
        raise FileError("the file is not an Excel workbook (.xlsx) that can be read") from exc
    try:
        sheet = workbook.worksheets[0]
        # Read-only sheets are parsed lazily, so damage can surface while reading rows.
        for number, cells in enumerate(sheet.iter_rows(), start=1):
            values: list[Cell] = []
            formats: list[str] = []
            for cell in cells:
                value = cell.value
                values.append(value.date() if isinstance(value, datetime) else value)
                formats.append(str(getattr(cell, "number_format", "") or ""))
            yield number, values, formats
    except unreadable as exc:
        raise FileError(
            "the Excel workbook is damaged and cannot be read to the end; nothing was imported"
        ) from exc
    finally:
        workbook.close()


def read_records(path: Path) -> Iterator[tuple[int, list[Cell], list[str]]]:
    suffix = path.suffix.lower()
    if suffix in (".csv", ".txt"):
        return read_csv(path)
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path)
    if suffix == ".xls":
        raise FileError("old Excel (.xls) files cannot be read: save it as .xlsx or CSV")
    raise FileError(f"only CSV and Excel (.xlsx) files can be imported, not '{suffix or path.name}'")
