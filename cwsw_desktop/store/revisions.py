"""The schema revisions this app knows, read from the migration scripts' file names alone (every
script is ``NNNN_words.py`` with ``revision = "NNNN"``), so that learning whether a store is
current imports neither Alembic nor SQLAlchemy. tests/unit/test_store.py checks that this agrees
with Alembic's own view of the head."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

MIGRATIONS = Path(__file__).with_name("migrations")
_SCRIPT_NAME = re.compile(r"^(\d{4})_\w+\.py$")


@cache
def script_revisions() -> tuple[str, ...]:
    """The revision of every migration script, oldest first, read from the file names."""
    names = (_SCRIPT_NAME.match(p.name) for p in (MIGRATIONS / "versions").iterdir())
    return tuple(sorted(m.group(1) for m in names if m))


def head_revision() -> str:
    return script_revisions()[-1]
