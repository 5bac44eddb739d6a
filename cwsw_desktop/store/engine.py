"""Open the store: encryption, the one-writer lock, integrity and migrations on open, refusal of
files we cannot trust; lock and unlock; the unit of work. Connections, their pragmas and the pool
are made in ``gate.py`` (every one through a ``Gate``). Widgets and dialogs keep their references
to the same ``Store`` and ``Engine``, which work again after unlocking.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import Engine, event
from sqlalchemy.pool import QueuePool

import cwsw_desktop.store.audit_chain as audit_chain
import cwsw_desktop.store.crypto as crypto
import cwsw_desktop.store.lockfile as lockfile
import cwsw_desktop.store.migrate as migrate
import cwsw_desktop.store.preflight as preflight
from cwsw_desktop.store.errors import (
    PassphraseRequiredError,
    StoreError,
    StoreTooNewError,
    WrongPassphraseError,
)
from cwsw_desktop.store.files import private_database, private_dir
from cwsw_desktop.store.gate import LOCKED, OPEN, Gate, build_engine, gate_of, make_engine, set_pragmas
from cwsw_desktop.store.revisions import head_revision

if TYPE_CHECKING:  # imported by the first unit of work: opening needs no sqlmodel (nor pydantic)
    from sqlmodel import Session

log = logging.getLogger(__name__)

__all__ = [
    "Store",
    "StoreError",
    "StoreTooNewError",
    "build_engine",
    "make_engine",
    "open_store",
    "unit_of_work",
]


@dataclass
class Store:
    """An open store: where it is, the engine to reach it, and whether it is encrypted."""

    path: Path
    engine: Engine
    demo: bool = False
    revision: str = ""
    extra: dict[str, Any] = field(default_factory=dict)
    encrypted: bool = False
    warnings: list[str] = field(default_factory=list)  # e.g. "in a synced folder"
    gate: Gate | None = field(default=None, repr=False)
    file_lock: lockfile.DbLock | None = field(default=None, repr=False)

    # -- life cycle --
    def close(self) -> None:
        """Close the pooled connections and release the lock file. Like ``Engine.dispose``,
        this does not forbid later use (a restore checks backups through a closed store);
        ``lock`` is what forgets the passphrase and refuses connections."""
        if self.gate is not None:
            self.gate.stop_watching()
        self.engine.dispose()
        if self.file_lock is not None:
            self.file_lock.release()
            self.file_lock = None

    @property
    def passphrase(self) -> str | None:
        """The passphrase it is open with (to reopen the same file after a restore); None for a
        plain or a locked store."""
        return self.gate.passphrase if self.gate is not None and self.gate.state == OPEN else None

    @property
    def locked(self) -> bool:
        return self.gate is not None and self.gate.state == LOCKED

    def lock(self) -> None:
        """Close every pooled connection and forget the passphrase; keep the lock file (this
        window still owns the database). New connections are refused until `unlock`."""
        gate = self.require_gate()
        with gate.mutex:
            gate.state = LOCKED
            if self.encrypted:
                gate.passphrase = None
        gate.stop_watching()
        self.engine.dispose()
        log.info("store locked")

    def unlock(self, passphrase: str | None = None) -> None:
        """Reopen after `lock`. Encrypted: derive the key and check it (WrongPassphraseError);
        the checked connection becomes the one the pool keeps. Plain: just allow connections."""
        gate = self.require_gate()
        with gate.mutex:
            if not self.encrypted:
                gate.state = OPEN
                return
            if not passphrase:
                raise WrongPassphraseError()
            gate.state, gate.passphrase = OPEN, passphrase
        try:
            with self.engine.connect() as connection:
                connection.exec_driver_sql("SELECT count(*) FROM sqlite_master").scalar()
        except BaseException:
            with gate.mutex:
                gate.state, gate.passphrase = LOCKED, None
            self.engine.dispose()
            raise
        log.info("store unlocked")

    @property
    def verified(self) -> bool:
        """False until ``verify`` has passed on a store opened with ``check_later``."""
        return self.gate is None or self.gate.verified

    def verify(self) -> None:
        """The integrity check deferred by ``open_store(check_later=True)``: DamagedStoreError
        if the file is damaged (the store stays read-only: close it and offer a restore);
        otherwise the store becomes writable."""
        self.require_gate().ensure_checked()

    def require_gate(self) -> Gate:
        if self.gate is None:
            raise StoreError("This store was not opened with open_store.")
        return self.gate

    @contextmanager
    def exclusive(self, timeout: float = 10.0) -> Iterator[None]:
        """No other connection while the body runs (rekey, encrypt in place): close the pool,
        wait for connections still checked out by other threads, hold new ones back."""
        gate = self.require_gate()
        with gate.mutex:
            old_pool = self.engine.pool
            self.engine.dispose()
            deadline = time.monotonic() + timeout
            while isinstance(old_pool, QueuePool) and old_pool.checkedout() > 0:
                if time.monotonic() > deadline:
                    raise StoreError("The database is busy; try again in a moment.")
                time.sleep(0.02)
            yield

    # -- raw connections --
    def connect_raw(self, path: Path | None = None) -> Any:
        """A DB-API connection to this store's file (or another file, keyed the same way),
        for work SQLAlchemy does not do: the online backup API, integrity checks.

        Plain store: a ``sqlite3`` connection. Encrypted store: a ``sqlcipher3`` connection
        keyed with this store's passphrase, so a backup written through it is encrypted with
        the same passphrase (and an existing file with another key raises
        WrongPassphraseError). Its errors are ``sqlcipher3`` classes: catch
        ``store.errors.DB_ERRORS``. Refused (StoreLockedError) while the store is locked.
        """
        target = Path(path) if path is not None else self.path
        passphrase = self.gate.check_open() if self.gate is not None else None
        connection = crypto.connect(target, passphrase)
        set_pragmas(connection, None)
        return connection


def open_store(
    path: Path | str,
    *,
    create: bool = True,
    demo: bool = False,
    passphrase: str | None = None,
    lock: bool = True,
    check_later: bool = False,
) -> Store:
    """Open (creating and migrating as needed) the store at `path`.

    A new file is created encrypted when a `passphrase` is given, plain otherwise. An existing
    encrypted file needs its passphrase (PassphraseRequiredError without one,
    WrongPassphraseError with a wrong one); an existing plain file opens without one (a
    passphrase given for it is ignored: see ``Store.encrypted``). Existing files are checked
    on a fresh read-only connection first: is it ours, not from a newer app, and sound
    (``cipher_integrity_check`` and ``quick_check``; DamagedStoreError otherwise).
    A new encrypted store's passphrase must meet the policy (PassphrasePolicyError).
    With `lock`, the one-writer lock file is taken (DatabaseInUseError if another copy of the
    app holds it). Every refusal leaves the file untouched.

    With `check_later` (the window, so that the data shows sooner), the full integrity check is
    left to ``Store.verify`` when it is safe to: the last session closed cleanly (the lock file
    was not taken over), the schema is current, and opening has nothing to write. Until it
    passes, every connection is ``query_only``: nothing is written to an unchecked store.
    After a crash, or when opening must write, the check runs here as usual.
    """
    path = Path(path).expanduser()
    if passphrase is not None:
        crypto.key_statement(passphrase)  # refuses "" (which would mean "not encrypted") and NUL
    if not path.exists():
        if not create:
            raise StoreError(f"There is no database at {path}.")
        private_dir(path.parent)  # a new data folder is 0700
    elif path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file.")

    if passphrase is not None and (not path.exists() or path.stat().st_size == 0):
        crypto.check_policy(passphrase)  # a new encrypted store: 12+ characters or 4+ words
    in_memory = str(path) == ":memory:"
    if not in_memory:
        private_database(path)
    file_lock = lockfile.acquire(path) if lock and not in_memory else None
    try:
        later = check_later and file_lock is not None and not file_lock.took_over
        store = _open_locked(path, demo, passphrase, later)
    except BaseException:
        if file_lock is not None:
            file_lock.release()
        raise
    store.file_lock = file_lock
    warning = None if in_memory else lockfile.location_warning(path)
    if warning:
        store.warnings.append(warning)
    return store


def open_damaged(path: Path | str, *, passphrase: str | None = None, lock: bool = True) -> Store:
    """A store on a file that failed its checks (DamagedStoreError), for a guided restore:
    the key is checked and the lock file taken, but nothing is migrated or verified, so the
    engine may fail. Its ``connect_raw`` reaches backups keyed with the same passphrase."""
    path = Path(path).expanduser()
    if not path.is_file():
        raise StoreError(f"There is no database at {path}.")
    kind = crypto.file_kind(path)
    if kind == "encrypted" and passphrase is None:
        raise PassphraseRequiredError(f"{path.name} is encrypted: enter its passphrase to open it.")
    key = passphrase if kind == "encrypted" else None
    file_lock = lockfile.acquire(path) if lock else None
    try:
        if key is not None:
            crypto.connect(path, key, read_only=True).close()  # WrongPassphraseError if not
    except BaseException:
        if file_lock is not None:
            file_lock.release()
        raise
    gate = Gate(path, key)
    return Store(
        path=path, engine=build_engine(gate), encrypted=key is not None, gate=gate, file_lock=file_lock
    )


def _open_locked(path: Path, demo: bool, passphrase: str | None, check_later: bool = False) -> Store:
    kind = crypto.file_kind(path) if path.exists() else "empty"
    if kind == "unknown":
        raise preflight.unreadable(path)
    if kind == "encrypted" and passphrase is None:
        raise PassphraseRequiredError(f"{path.name} is encrypted: enter its passphrase to open it.")
    key = passphrase if kind in ("encrypted", "empty") else None
    later = (
        check_later
        and kind != "empty"
        and not audit_chain.failed_unlocks_path(path).exists()  # opening will write them
    )
    kept = None  # with the check later: the look's own keyed connection, kept for the engine
    if kind != "empty" and later:
        stored, kept = preflight.look_and_keep(path, key)
        if stored != head_revision():  # a migration writes: check first
            kept.close()
            kept, later = None, False
            preflight.verify(path, key)
    elif kind != "empty":
        preflight.check_ours(path, key)

    gate = Gate(path, key)
    gate.spare = kept
    if later:
        gate.checked.clear()
    engine = build_engine(gate)
    try:
        with engine.connect() as connection:
            if not gate.verified and audit_chain.missing_triggers(connection):
                preflight.verify(path, key)  # the repair below writes: check first
                gate.checked.set()
                connection.exec_driver_sql("PRAGMA query_only = OFF")
            revision = migrate.upgrade_to_head(connection)
            connection.commit()
            connection.exec_driver_sql("PRAGMA foreign_keys = ON")  # off while migrating
            repaired = audit_chain.ensure_append_only(connection, audit_chain.os_user())
            connection.commit()
            if audit_chain.record_pending_failures(connection, path, audit_chain.os_user()):
                connection.commit()
                audit_chain.forget_pending_failures(path)
    except migrate.UnknownRevisionError as exc:
        engine.dispose()
        raise preflight.too_new(path, exc.revision) from exc
    except migrate.ForeignDatabaseError as exc:
        engine.dispose()
        raise preflight.foreign(path) from exc
    except StoreError:
        engine.dispose()
        raise
    except Exception as exc:
        engine.dispose()
        raise StoreError(f"Could not open {path.name}: {exc}") from exc
    log.info("opened %s store at schema %s", "encrypted" if key else "plain", revision)
    store = Store(
        path=path, engine=engine, demo=demo, revision=revision, encrypted=key is not None, gate=gate
    )
    if repaired:
        store.warnings.append(audit_chain.TRIGGERS_WARNING)
    return store


def _checked_to_write(gate: Gate, session: Session) -> None:
    """Before a flush on a store still being checked: wait for the check, then let this
    session's connection (taken while still ``query_only``) write."""
    gate.ensure_checked()
    session.connection().exec_driver_sql("PRAGMA query_only = OFF")


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One session per unit of work: commit on success, roll back on any error. On a store whose
    integrity check is still running (``open_store(check_later=True)``) a flush (a write) waits
    for the check first (and raises its DamagedStoreError); reads go ahead."""
    from sqlmodel import Session

    gate = gate_of(engine)
    with Session(engine, expire_on_commit=False) as session:
        if gate is not None and not gate.verified:  # being checked, or found damaged
            event.listen(session, "before_flush", lambda *_args: _checked_to_write(gate, session))
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise
