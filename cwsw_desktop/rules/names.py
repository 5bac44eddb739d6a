"""The one display name for a child: preferred forename and preferred surname where given."""

from __future__ import annotations


def display_name(
    legal_forename: str, legal_surname: str, preferred_forename: str = "", preferred_surname: str = ""
) -> str:
    """The name the school uses for the child: each part preferred where set, else legal.

    Every screen, list and document builds a child's name here and nowhere else."""
    first = preferred_forename.strip() or legal_forename.strip()
    last = preferred_surname.strip() or legal_surname.strip()
    return f"{first} {last}".strip()


def legal_name(legal_forename: str, legal_surname: str) -> str:
    """The child's full legal name (what a deletion is confirmed with)."""
    return f"{legal_forename.strip()} {legal_surname.strip()}".strip()
