"""Import pupils from a school MIS export (CSV or XLSX).

Three steps, so the window can show a preview before anything is saved:

1. :func:`parse_file` reads and checks the *whole* file; every bad row is reported with its line
   and column, and nothing else happens.
2. :func:`plan_import` compares the rows with the store: pupils to add, pupils to change (field by
   field, old → new), status episodes to add or to end.
3. :func:`apply_import` saves the plan in one transaction (planning again inside it, so it acts on
   the store as it is then) and audits one "import" event with counts.

The steps live in their own modules: ``pupil_import_read`` (reading the file),
``pupil_import_check`` (checking a row), ``pupil_import_plan`` (planning against the store) and
``pupil_import_apply`` (saving); this module keeps the public names in one place.

Pupils are matched by UPN, so importing the same file twice changes nothing the second time. A
blank cell leaves the stored value as it is; a column the file does not have is not touched.
"""

from __future__ import annotations

from cwsw_desktop.services.pupil_import_apply import apply_import, import_file
from cwsw_desktop.services.pupil_import_columns import COLUMNS, REQUIRED
from cwsw_desktop.services.pupil_import_plan import plan_import
from cwsw_desktop.services.pupil_import_read import MAX_BYTES, MAX_ROWS, parse_file
from cwsw_desktop.services.pupil_import_types import (
    FieldChange,
    ImportCancelled,
    ImportPlan,
    ImportResult,
    ImportRow,
    PlannedChange,
    PlannedEpisode,
    PlannedPupil,
)

__all__ = [
    "COLUMNS",
    "MAX_BYTES",
    "MAX_ROWS",
    "REQUIRED",
    "FieldChange",
    "ImportCancelled",
    "ImportPlan",
    "ImportResult",
    "ImportRow",
    "PlannedChange",
    "PlannedEpisode",
    "PlannedPupil",
    "apply_import",
    "import_file",
    "parse_file",
    "plan_import",
]
