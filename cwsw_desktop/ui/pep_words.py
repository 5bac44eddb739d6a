"""The words and tones for the PEP Enums: the core returns members, the window shows these."""

from __future__ import annotations

from cwsw_desktop.reports.words import TERM_WORDS
from cwsw_desktop.rules.dates import format_date
from cwsw_desktop.rules.pep import (
    NotOwed,
    PepKind,
    PepStatus,
    TermPep,
    TermStatus,
)

STATUS_WORDS = {
    PepStatus.PLANNED: "Planned",
    PepStatus.HELD: "Held",
    PepStatus.POSTPONED: "Postponed",
    PepStatus.CANCELLED: "Cancelled",
}
KIND_WORDS = {PepKind.INITIAL: "Initial PEP", PepKind.REVIEW: "Termly review", PepKind.EXTRA: "Extra meeting"}
TERM_TONES: dict[str, str] = {
    TermStatus.DONE: "good",
    TermStatus.BOOKED: "good",
    TermStatus.INCOMPLETE: "warn",
    TermStatus.DUE: "warn",
    TermStatus.DUE_SOON: "warn",
    TermStatus.OVERDUE: "bad",
}
NOT_OWED_WORDS = {
    NotOwed.NOT_IN_CARE: "not in care for this term (or came into care too late in it: the first PEP is owed)",
    NotOwed.JOINED_LATE: "joined the school after this term's PEP could be held",
    NotOwed.LEFT: "left care or the school before the term ended",
}


def term_status_text(status: str) -> str:
    """Words for a TermStatus (or its value); "" for none."""
    return TERM_WORDS.get(TermStatus(status), status) if status else ""


def term_tone(status: str) -> str | None:
    return TERM_TONES.get(status) if status else None


def term_cell(t: TermPep) -> str:
    """The grid's text: the status, with the meeting's date where there is one."""
    words = TERM_WORDS[t.status]
    return f"{words} {t.pep_date:%d/%m}" if t.pep_date else words


def term_reason(t: TermPep) -> str:
    """Why the cell is the colour it is, in a sentence (the grid's tooltip)."""
    term = f"{t.term.name} term ({format_date(t.term.start)} – {format_date(t.term.end)})"
    window = f"PEPs held up to {format_date(t.window_end)} count for it"
    match t.status:
        case TermStatus.DONE:
            return f"{term}: PEP held on {format_date(t.pep_date)} with targets."
        case TermStatus.INCOMPLETE:
            return f"{term}: PEP held on {format_date(t.pep_date)} but no targets were set: record them."
        case TermStatus.BOOKED:
            return f"{term}: PEP booked for {format_date(t.pep_date)}; {window}."
        case TermStatus.OVERDUE:
            return f"{term}: no PEP was held by {format_date(t.window_end)}."
        case TermStatus.DUE | TermStatus.DUE_SOON:
            return f"{term}: no PEP held or booked yet; {window}."
        case TermStatus.NOT_YET:
            return f"{term}: not started yet."
        case _:
            return f"{term}: not owed: {NOT_OWED_WORDS[t.not_owed] if t.not_owed else 'not owed'}."
