"""Retention review: records past their review date, and deleting one so it is really gone.

Two reasons bring a child's record up for review (rules.retention, rules.status):

* child-protection or looked-after records (any CP or CLA episode) are kept until the child's
  date of birth + 25 years;
* any other child with a social worker (CIN) leaves the previously-CSW cohort 6 years after
  their last social-worker episode ended, and the school has no reason left to hold the record.

Nothing is deleted silently: the DT reviews the list and deletes one child at a time, typing the
child's full legal name. The delete is audited (the audit keeps the pupil's id, never the name),
runs with secure delete on (freed content zeroed), and is followed by a vacuum and a WAL checkpoint, so
the child's data is not left in free pages, in the WAL or anywhere else in the file.
"""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from typing import cast

from sqlalchemy import Engine
from sqlmodel import Session, col, select

from cwsw_desktop.models import Pupil, StatusEpisode
from cwsw_desktop.models.audit import AuditAction
from cwsw_desktop.rules.names import legal_name
from cwsw_desktop.rules.status import Episode
from cwsw_desktop.services import audit
from cwsw_desktop.services.errors import NotFoundError, Problem, ValidationError
from cwsw_desktop.services.pupils import delete_pupil
from cwsw_desktop.services.retention_review import review_reason
from cwsw_desktop.store import Store, raw
from cwsw_desktop.store.raw import secure_delete

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class RetentionItem:
    """A child whose record is due for review."""

    pupil_id: int
    upn: str
    legal_forename: str
    legal_surname: str
    date_of_birth: date
    review_date: date
    reason: str
    on_roll: bool

    @property
    def legal_name(self) -> str:
        return legal_name(self.legal_forename, self.legal_surname)


def due_for_review(engine: Engine, today: date | None = None) -> list[RetentionItem]:
    """Every child whose record is due for review, the longest overdue first."""
    today = today or date.today()
    with Session(engine) as session:
        episodes: dict[int, list[Episode]] = defaultdict(list)
        for ep in session.exec(select(StatusEpisode)).all():
            episodes[ep.pupil_id].append(Episode(ep.category, ep.start_date, ep.end_date))
        pupils = session.exec(select(Pupil).where(col(Pupil.id).in_(list(episodes)))).all()
        items = []
        for p in pupils:
            assert p.id is not None
            due = review_reason(p.date_of_birth, episodes[p.id], today)
            if due is not None:
                items.append(
                    RetentionItem(
                        p.id,
                        p.upn,
                        p.legal_forename,
                        p.legal_surname,
                        p.date_of_birth,
                        due[0],
                        due[1],
                        p.leaving_date is None,
                    )
                )
    return sorted(items, key=lambda i: (i.review_date, i.legal_surname, i.pupil_id))


def delete_after_review(store: Store, pupil_id: int, confirm_name: str, today: date | None = None) -> None:
    """Delete a child's record that is due for review, then wipe it from the file.

    ``confirm_name`` must be the child's full legal name. Raises ``ValidationError`` (deleting
    nothing) when it is not, or when the record is not due for review."""
    today = today or date.today()
    due = {item.pupil_id: item for item in due_for_review(store.engine, today)}
    if pupil_id not in due:
        with Session(store.engine) as session:
            if session.get(Pupil, pupil_id) is None:
                raise NotFoundError(f"There is no pupil with id {pupil_id}.")
        raise ValidationError([Problem("Retention", "this record is not due for review yet")])
    item = due[pupil_id]
    with secure_delete(store.engine) as connection:
        # the services take an engine; a connection works the same and keeps secure delete on
        delete_pupil(cast(Engine, connection), pupil_id, confirm_name)
        connection.commit()
    audit.log_event(
        store.engine,
        AuditAction.RETENTION,
        "pupil",
        pupil_id,
        pupil_id=pupil_id,
        detail=f"deleted after retention review (review date {item.review_date.isoformat()})",
    )
    wipe_free_space(store)
    log.info("record deleted after retention review; file vacuumed")


def wipe_free_space(store: Store) -> None:
    """Rebuild the file without free pages and empty the WAL into it, so deleted rows leave
    nothing behind on disk in the database or its WAL (the SQL is in ``store/raw.py``)."""
    raw.wipe_free_space(store)
