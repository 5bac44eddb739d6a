"""What the tables declare alike: a foreign key to the row a record belongs to, and the CHECK
that keeps a closed set's column to its values (an Enum column is stored as its value, a string:
see the brief on `sa_type=String(n)`)."""

from __future__ import annotations

from collections.abc import Iterable
from enum import StrEnum
from typing import Any

from sqlalchemy import CheckConstraint, Column, ForeignKey, Integer
from sqlmodel import Field


def parent_key(
    target: str,
    *,
    ondelete: str = "CASCADE",
    nullable: bool = False,
    index: bool = True,
    primary_key: bool = False,
) -> Any:
    """An integer column referring to `target` ("pupil.id"): by default required, indexed, and
    deleted with its parent. A nullable one defaults to None."""
    column = Column(
        Integer,
        ForeignKey(target, ondelete=ondelete),
        nullable=nullable,
        index=index,
        primary_key=primary_key,
    )
    if nullable:
        return Field(default=None, sa_column=column)
    return Field(sa_column=column)


def pupil_key(*, index: bool = True) -> Any:
    """The pupil a record belongs to: removed with the pupil."""
    return parent_key("pupil.id", index=index)


def one_of(column: str, values: type[StrEnum] | Iterable[str], name: str) -> CheckConstraint:
    """CHECK (`column` IN ('a', 'b', …)): an Enum's values, or the strings given, in order."""
    texts = [v.value if isinstance(v, StrEnum) else v for v in values]
    return CheckConstraint(f"{column} IN ({', '.join(repr(t) for t in texts)})", name=name)
