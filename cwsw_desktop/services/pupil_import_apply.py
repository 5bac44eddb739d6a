"""Applying a pupil import: one transaction, planned again inside it, every change audited."""

from __future__ import annotations

import logging
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlmodel import Session

from cwsw_desktop.models import Contact, Pupil, StatusEpisode
from cwsw_desktop.models.audit import AuditAction
from cwsw_desktop.services import audit
from cwsw_desktop.services.errors import ValidationError
from cwsw_desktop.services.pupil_import_plan import plan_rows
from cwsw_desktop.services.pupil_import_read import PROGRESS_EVERY, Progress, parse_file
from cwsw_desktop.services.pupil_import_types import ImportPlan, ImportResult
from cwsw_desktop.services.pupil_types import (
    SOCIAL_WORKER,
    EpisodeInput,
)
from cwsw_desktop.store import unit_of_work

log = logging.getLogger(__name__)


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
        contacts_added = contacts_updated = 0
        total, done = len(fresh.to_add) + len(fresh.to_change), 0

        def step() -> None:
            nonlocal done
            done += 1
            if progress is not None and (done % PROGRESS_EVERY == 0 or done == total):
                progress(done, total)

        for add in fresh.to_add:
            step()
            values: dict[str, Any] = {
                n: (v.strip() if isinstance(v, str) else v) for n, v in vars(add.data).items()
            }
            created = Pupil(**values)
            session.add(created)
            session.flush()
            assert created.id is not None
            audit.record(
                session, AuditAction.CREATE, "pupil", created.id, pupil_id=created.id, detail="import"
            )
            for ep in add.episodes:
                _add_episode(session, created.id, ep)
            if add.social_worker:
                _add_worker(session, created.id, add.social_worker, add.social_worker_email)
                contacts_added += 1
        for change in fresh.to_change:
            step()
            pupil = session.get(Pupil, change.pupil_id)
            assert pupil is not None
            for attr, new in change.values.items():
                audit.record(
                    session,
                    AuditAction.UPDATE,
                    "pupil",
                    change.pupil_id,
                    pupil_id=change.pupil_id,
                    field_name=attr,
                    old=getattr(pupil, attr),
                    new=new,
                    detail="import",
                )
                setattr(pupil, attr, new)
            if change.values:
                pupil.updated_at = datetime.now(UTC)
                session.add(pupil)
            for ep in change.episodes_to_add:
                _add_episode(session, change.pupil_id, ep)
            for ep in change.episodes_to_update:
                _update_episode(session, change.pupil_id, ep)
            if change.social_worker_id is not None:
                contact = session.get(Contact, change.social_worker_id)
                assert contact is not None
                for attr, new in (("name", change.social_worker), ("email", change.social_worker_email)):
                    if new and getattr(contact, attr) != new:
                        audit.record(
                            session,
                            AuditAction.UPDATE,
                            "contact",
                            contact.id,
                            pupil_id=change.pupil_id,
                            field_name=attr,
                            old=getattr(contact, attr),
                            new=new,
                            detail="import",
                        )
                        setattr(contact, attr, new)
                session.add(contact)
                contacts_updated += 1
            elif change.social_worker:
                _add_worker(session, change.pupil_id, change.social_worker, change.social_worker_email)
                contacts_added += 1
        result = ImportResult(
            added=len(fresh.to_add),
            updated=len(fresh.to_change),
            unchanged=fresh.unchanged,
            episodes_added=len(fresh.episodes_to_add),
            episodes_updated=len(fresh.episodes_to_update),
            contacts_added=contacts_added,
            contacts_updated=contacts_updated,
        )
        audit.record(
            session,
            AuditAction.IMPORT,
            "pupil",
            None,
            detail=f"{len(plan.rows)} rows: {result.added} added, {result.updated} updated, "
            f"{result.unchanged} unchanged, {result.episodes_added} episodes added, "
            f"{result.episodes_updated} episodes updated, {contacts_added} contacts added, "
            f"{contacts_updated} contacts updated",
        )
    log.info("import saved: %s", result.summary())
    return result


def _add_episode(session: Session, pupil_id: int, ep: EpisodeInput) -> None:
    row = StatusEpisode(
        pupil_id=pupil_id,
        category=ep.category,
        start_date=ep.start_date,
        end_date=ep.end_date,
        responsible_la=ep.responsible_la,
        placement_type=ep.placement_type,
        pla_route=ep.pla_route,
    )
    session.add(row)
    session.flush()
    audit.record(
        session,
        AuditAction.CREATE,
        "status_episode",
        row.id,
        pupil_id=pupil_id,
        detail=f"category={ep.category}, start_date={ep.start_date.isoformat()}, import",
    )


def _update_episode(session: Session, pupil_id: int, ep: EpisodeInput) -> None:
    row = session.get(StatusEpisode, ep.id)
    assert row is not None
    for attr in ("end_date", "responsible_la", "placement_type", "pla_route"):
        new = getattr(ep, attr)
        if getattr(row, attr) != new:
            audit.record(
                session,
                AuditAction.UPDATE,
                "status_episode",
                row.id,
                pupil_id=pupil_id,
                field_name=attr,
                old=getattr(row, attr),
                new=new,
                detail="import",
            )
            setattr(row, attr, new)
    session.add(row)


def _add_worker(session: Session, pupil_id: int, name: str, email: str) -> None:
    contact = Contact(pupil_id=pupil_id, role=SOCIAL_WORKER, name=name, email=email)
    session.add(contact)
    session.flush()
    audit.record(
        session,
        AuditAction.CREATE,
        "contact",
        contact.id,
        pupil_id=pupil_id,
        detail="role=Social worker, import",
    )


def import_file(engine: Engine, path: Path | str, today: date | None = None) -> ImportResult:
    """Parse, plan and apply in one go (the CLI's path); raises ``ValidationError`` on any problem."""
    parsed = parse_file(path, today)
    if parsed.problems:
        raise ValidationError(list(parsed.problems))
    return apply_import(engine, parsed, today)
