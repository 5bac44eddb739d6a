"""Errors services raise with messages fit for the user: which field, which row, why."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    field: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"line {self.line}, " if self.line is not None else ""
        label = f"{self.field}: " if self.field else ""
        return f"{where}{label}{self.message}"


class ValidationError(Exception):
    """One or more problems; nothing was saved."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))


def refuse_if(problems: list[Problem]) -> None:
    """Raise ValidationError with every problem, if there is any: nothing is saved."""
    if problems:
        raise ValidationError(problems)


class NotFoundError(Exception):
    pass
