"""Money is held as whole pence (int), never float; shown as £1,234.56 and read back the same way."""

from __future__ import annotations

import re

_POUNDS = re.compile(r"^£?\s*(\d{1,3}(?:,\d{3})+|\d+)(?:\.(\d{1,2}))?$")


def format_pence(pence: int) -> str:
    """2630_00 -> '£2,630.00'; a negative amount keeps its sign before the pound sign."""
    sign = "-" if pence < 0 else ""
    pounds, rest = divmod(abs(pence), 100)
    return f"{sign}£{pounds:,}.{rest:02d}"


def parse_pounds(text: str) -> int:
    """'£2,630', '2630.5', '2,630.50' -> pence. Raises ValueError naming what is wrong."""
    cleaned = text.strip()
    match = _POUNDS.match(cleaned)
    if match is None:
        raise ValueError(f"{text!r} is not an amount of money (write it like 2630.00 or £2,630)")
    whole = int(match.group(1).replace(",", ""))
    fraction = (match.group(2) or "0").ljust(2, "0")
    return whole * 100 + int(fraction)
