"""What the tables declare alike: a foreign key to the row a record belongs to, and the CHECK
that keeps a closed set's column to its values (an Enum column is stored as its value, a string:
see the brief on `sa_type=String(n)`)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import fields
from enum import StrEnum
from typing import Any, get_type_hints

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


def columns_of(
    figures: type, options: dict[str, dict[str, Any]], *, skip: Iterable[str] = ()
) -> tuple[dict[str, Any], dict[str, Any]]:
    """The annotations and the columns of a table whose columns are a frozen dataclass's fields
    (each of the same name, type and default; `options` adds a length or a bound): a table
    declares them with ``__annotations__.update(annotations)`` and ``locals().update(columns)``,
    so that a field is added once, to the dataclass, and the two cannot drift apart."""
    hints = get_type_hints(figures)
    chosen = [f for f in fields(figures) if f.name not in set(skip)]
    annotations = {f.name: hints[f.name] for f in chosen}
    columns = {f.name: Field(default=f.default, **options.get(f.name, {})) for f in chosen}
    return annotations, columns
