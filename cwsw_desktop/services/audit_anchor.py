"""The audit trail anchored outside the live file: every verified backup's manifest records
the audit head (last id, last hash, count) at the moment it was taken, and
:func:`check_against_backups` checks that each backup's chain is a **prefix** of the live one.

Why that is enough: every row's hash covers the previous row's hash, so if the live chain
verifies and its row ``last_id`` still has the hash the backup recorded, every row up to it is
exactly what the backup saw. Deleting the newest rows (a truncation) removes that row or lowers
the count; editing a row and recomputing the chain after it changes that row's hash. Either way
the backup that proves it is named.

What it cannot detect, said in the output too: changes to events newer than the newest backup
(nothing outside the file has seen them), and a backup whose manifest was rewritten or deleted
along with the live file. Backups on a second folder or a USB stick kept elsewhere are what an
administrator with the passphrase cannot reach.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine
from sqlmodel import Session, col, func, select

from cwsw_desktop.models import AuditEvent
from cwsw_desktop.services.audit import VerifyResult, verify_chain
from cwsw_desktop.services.backup import BackupInfo, list_backups
from cwsw_desktop.services.errors import Problem
from cwsw_desktop.store.raw import AuditHead

RESTORED = re.compile(r"audit head (\d+) ([0-9a-f]{64}|-)")
CANNOT_DETECT = (
    "What this cannot detect: a change to events newer than the newest backup (no copy outside "
    "the database has seen them yet), or a backup whose manifest was rewritten along with the "
    "database. A restore rewinds the trail to the backup restored (and is itself recorded): backups "
    "taken before it are listed as superseded, not as tampering. Keep backups somewhere the database's users cannot change (a second folder, a "
    "USB stick kept apart)."
)


@dataclass(frozen=True)
class AnchorResult:
    chain: VerifyResult
    checked: tuple[Path, ...] = ()  # backups with a manifest that were compared
    without_manifest: tuple[Path, ...] = ()  # older backups with no audit head: nothing to compare
    problems: tuple[Problem, ...] = ()  # each names its backup (the `field`)
    newest_anchor: int = 0  # the highest audit id any backup vouches for
    folders: tuple[Path, ...] = field(default=())
    unverified: tuple[Path, ...] = ()  # no longer match their checksum: not compared
    superseded: tuple[tuple[Path, int], ...] = ()  # (backup, the restore event that rewound past it)

    @property
    def ok(self) -> bool:
        return self.chain.ok and not self.problems

    def lines(self) -> list[str]:
        out = [self.chain.summary()]
        if not self.checked:
            out.append(
                "No backup with an audit head was found, so nothing outside the database vouches "
                "for its history: a deletion of the newest events could not be seen."
            )
        elif not self.problems:
            out.append(
                f"Every one of {len(self.checked)} backup(s) agrees: the live trail still holds, "
                f"unchanged, every event they saw (up to event {self.newest_anchor})."
            )
        for problem in self.problems:
            out.append(f"TAMPERED: {problem}")
        for path, event in self.superseded:
            out.append(f"Superseded: {path} saw events that the restore recorded as event {event} rewound.")
        for path in self.unverified:
            out.append(f"Not compared: {path} no longer matches its checksum (damaged or changed).")
        if self.without_manifest:
            out.append(
                f"{len(self.without_manifest)} older backup(s) have no manifest and were not compared."
            )
        if self.chain.rows > self.newest_anchor and self.checked:
            out.append(
                f"Events {self.newest_anchor + 1}–{self.chain.last_id} are newer than the newest backup: "
                "no backup vouches for them yet."
            )
        out.append(CANNOT_DETECT)
        return out


def live_row(engine: Engine, row_id: int) -> tuple[str | None, int]:
    """The live hash of audit row `row_id` (None if it is gone) and how many rows have id ≤ it."""
    with Session(engine) as session:
        event = session.get(AuditEvent, row_id)
        count = session.exec(select(func.count()).where(col(AuditEvent.id) <= row_id)).one()
    return (event.row_hash if event is not None else None), int(count)


def compare(engine: Engine, head: AuditHead, live: VerifyResult) -> str | None:
    """Why the live trail is not an extension of a backup whose audit head is `head`, or None."""
    if head.count == 0:
        return None
    row_hash, count = live_row(engine, head.last_id)
    if row_hash is None:
        return (
            f"it holds {head.count} audit event(s) up to event {head.last_id}, but the live trail "
            f"has {live.rows} and no event {head.last_id}: the newest events were deleted (truncation)"
        )
    if row_hash != head.last_hash:
        return (
            f"event {head.last_id} has a different hash in the live trail than in this backup: "
            "history up to it was rewritten (rows edited, removed or renumbered and the chain recomputed)"
        )
    if count != head.count:
        return (
            f"it saw {head.count} event(s) up to event {head.last_id}, the live trail has {count}: "
            "events were removed or inserted"
        )
    return None


def restores(engine: Engine) -> list[tuple[int, datetime, AuditHead]]:
    """Every restore in the live trail: its event id, when, and the audit head it rewound to."""
    found = []
    with Session(engine) as session:
        for event in session.exec(select(AuditEvent).where(col(AuditEvent.action) == "restore")).all():
            match = RESTORED.search(event.detail)
            if match and event.id is not None:
                at = event.at if event.at.tzinfo else event.at.replace(tzinfo=UTC)
                head = AuditHead(int(match.group(1)), "" if match.group(2) == "-" else match.group(2), 0)
                found.append((event.id, at, head))
    return found


def superseded_by(
    engine: Engine, info: BackupInfo, rewinds: list[tuple[int, datetime, AuditHead]]
) -> int | None:
    """The restore event, after this backup was taken, that rewound the trail to a head the live
    trail still holds: the backup's later events were replaced by that restore, not tampered with."""
    taken = datetime.fromtimestamp(info.path.stat().st_mtime, UTC)
    for event_id, at, head in rewinds:
        if at < taken:
            continue
        row_hash, _ = live_row(engine, head.last_id) if head.last_id else (head.last_hash, 0)
        if row_hash == head.last_hash:
            return event_id
    return None


def backups_in(folders: Iterable[Path]) -> list[BackupInfo]:
    seen: set[Path] = set()
    found: list[BackupInfo] = []
    for folder in folders:
        for info in list_backups(folder):
            key = info.path.resolve()
            if key not in seen:
                seen.add(key)
                found.append(info)
    return found


def check_against_backups(engine: Engine, folders: Iterable[Path]) -> AnchorResult:
    """Verify the live chain, then compare it with the audit head of every backup in `folders`."""
    folders = tuple(Path(f) for f in folders)
    live = verify_chain(engine)
    checked: list[Path] = []
    without: list[Path] = []
    unverified: list[Path] = []
    problems: list[Problem] = []
    superseded: list[tuple[Path, int]] = []
    rewinds = restores(engine)
    newest = 0
    for info in backups_in(folders):
        if info.audit is None:
            without.append(info.path)
            continue
        if not info.verified:
            unverified.append(info.path)  # damaged or changed: its manifest proves nothing
            continue
        why = compare(engine, info.audit, live)
        if why is not None:
            event = superseded_by(engine, info, rewinds)
            if event is not None:
                superseded.append((info.path, event))
                continue
            problems.append(Problem(str(info.path), why))
        checked.append(info.path)
        newest = max(newest, info.audit.last_id)
    return AnchorResult(
        live,
        tuple(checked),
        tuple(without),
        tuple(problems),
        newest,
        folders,
        tuple(unverified),
        tuple(superseded),
    )
