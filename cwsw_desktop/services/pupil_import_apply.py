"""Applying a pupil import: one transaction, planned again inside it, every change audited.

The pupils are saved in batches of ``PROGRESS_EVERY`` by ``pupil_import_save.BulkSaver`` (one
executemany per table and batch, and one for the batch's audit events), with progress reported
after each batch.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from datetime import date
from pathlib import Path
from typing import TypeVar

from sqlalchemy import Engine

from cwsw_desktop.models.audit import AuditAction
from cwsw_desktop.services import audit
from cwsw_desktop.services.errors import ValidationError
from cwsw_desktop.services.gc_pause import no_cycle_collection
from cwsw_desktop.services.pupil_import_plan import plan_rows
from cwsw_desktop.services.pupil_import_read import PROGRESS_EVERY, Progress, parse_file
from cwsw_desktop.services.pupil_import_save import BulkSaver
from cwsw_desktop.services.pupil_import_types import ImportPlan, ImportResult
from cwsw_desktop.store import unit_of_work

log = logging.getLogger(__name__)
Item = TypeVar("Item")


@no_cycle_collection()
def apply_import(
    engine: Engine, plan: ImportPlan, today: date | None = None, progress: Progress | None = None
) -> ImportResult:
    """Save the import in one transaction; raises ``ValidationError`` (saving nothing) if the file
    or the merged records have problems. ``progress(done, total)`` is called as pupils are
    saved; if it raises (``ImportCancelled``) the transaction is rolled back: nothing is saved."""
    if plan.problems:
        raise ValidationError(list(plan.problems))
    with unit_of_work(engine) as session:
        fresh = plan_rows(session, plan.source, plan.rows, today or date.today())
        if fresh.problems:
            raise ValidationError(list(fresh.problems))
        saver = BulkSaver(session)
        total = len(fresh.to_add) + len(fresh.to_change)
        done = _in_batches(fresh.to_add, saver.add, 0, total, progress)
        _in_batches(fresh.to_change, saver.change, done, total, progress)
        result = ImportResult(
            added=len(fresh.to_add),
            updated=len(fresh.to_change),
            unchanged=fresh.unchanged,
            episodes_added=len(fresh.episodes_to_add),
            episodes_updated=len(fresh.episodes_to_update),
            contacts_added=saver.contacts_added,
            contacts_updated=saver.contacts_updated,
        )
        audit.record(
            session,
            AuditAction.IMPORT,
            "pupil",
            None,
            detail=f"{len(plan.rows)} rows: {result.added} added, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.episodes_added} episodes added, "
            f"{result.episodes_updated} episodes updated, {result.contacts_added} contacts added, "
            f"{result.contacts_updated} contacts updated",
        )
    log.info("import saved: %s", result.summary())
    return result


def _in_batches(
    items: Sequence[Item],
    save: Callable[[Sequence[Item]], None],
    done: int,
    total: int,
    progress: Progress | None,
) -> int:
    """Save `items` a batch at a time, reporting progress after each; the count saved so far."""
    for start in range(0, len(items), PROGRESS_EVERY):
        batch = items[start : start + PROGRESS_EVERY]
        save(batch)
        done += len(batch)
        if progress is not None:
            progress(done, total)
    return done


def import_file(engine: Engine, path: Path | str, today: date | None = None) -> ImportResult:
    """Parse, plan and apply in one go (the CLI's path); raises ``ValidationError`` on any problem."""
    parsed = parse_file(path, today)
    if parsed.problems:
        raise ValidationError(list(parsed.problems))
    return apply_import(engine, parsed, today)
