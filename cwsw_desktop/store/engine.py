"""Open the store: encryption, the one-writer lock, integrity and migrations on open, pragmas,
refusal of files we cannot trust.

Every connection the engine makes goes through a ``_Gate``: it knows the passphrase (None for
a plain store) and whether the store is open, locked (the window's idle lock) or closed, and
refuses new connections unless it is open. Locking therefore really locks: the engine's
pooled connection is closed and the passphrase forgotten, and nothing can reconnect until
``Store.unlock`` is given the passphrase again. Widgets and dialogs keep their references to
the same ``Store`` and ``Engine``, which work again after unlocking.

The pool: an encrypted store keeps **one** connection while unlocked (``QueuePool`` of size 1),
because SQLCipher's key derivation costs ~0.1 s per connection. Up to two more (``max_overflow``)
are opened only when threads overlap (the window's two workers and the main thread), and closed
again when returned. A plain store keeps SQLAlchemy's usual pool (its connections cost ~20 µs).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import time
import weakref
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool
from sqlmodel import Session

import cwsw_desktop.store.audit_chain as audit_chain
import cwsw_desktop.store.crypto as crypto
import cwsw_desktop.store.lockfile as lockfile
import cwsw_desktop.store.migrate as migrate
import cwsw_desktop.store.preflight as preflight
from cwsw_desktop.store.errors import (
    DamagedStoreError,
    PassphraseRequiredError,
    StoreError,
    StoreLockedError,
    StoreTooNewError,
    WrongPassphraseError,
)
from cwsw_desktop.store.files import private_database, private_dir
from cwsw_desktop.store.revisions import head_revision

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

OPEN, LOCKED = "open", "locked"


def _on_connect(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA temp_store = MEMORY")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


class _Gate:
    """What every new connection needs: the path, the passphrase, and leave to connect.

    One SQLite library per file: an encrypted store is reached only through ``sqlcipher3``, a
    plain one only through ``sqlite3``. Two copies of SQLite in one process on the same WAL
    database break each other's POSIX locks ("disk I/O error", lost commits), so never mix.
    """

    def __init__(self, path: Path, passphrase: str | None) -> None:
        self.path = path
        self.passphrase = passphrase
        self.encrypted = passphrase is not None
        self.state = OPEN
        self.mutex = threading.RLock()
        self.opened = 0  # connections made (for measuring and tests)
        self.spare: Any = None  # a keyed connection made while opening: the pool's first
        # Cleared while the integrity check runs after opening (``Store.verify``): every
        # connection is then ``query_only`` and ``unit_of_work`` waits for (or runs) the check, so nothing
        # is written to a store not yet known to be sound. `damage` is the check's failure.
        self.checked = threading.Event()
        self.checked.set()
        self.damage: StoreError | None = None
        self.check_mutex = threading.Lock()

    @property
    def verified(self) -> bool:
        return self.checked.is_set() and self.damage is None

    def ensure_checked(self) -> None:
        """Before a write: the check after opening, run here if no one has started it yet
        (otherwise wait for it); its DamagedStoreError if it failed."""
        with self.check_mutex:  # one check; a second caller waits for the first
            if not self.checked.is_set():
                try:
                    preflight.verify(self.path, self.check_open())
                except DamagedStoreError as exc:
                    self.damage = exc
                    self.checked.set()
                    raise
                # any other failure (the store locked meanwhile, say): the next writer checks again
                self.checked.set()
                log.info("integrity check passed after opening")
        if self.damage is not None:
            raise self.damage

    def on_connect(self, dbapi_connection: Any, record: Any) -> None:
        if not self.verified:
            dbapi_connection.execute("PRAGMA query_only = ON")
            record.info["query_only"] = True

    def on_checkout(self, dbapi_connection: Any, record: Any, _proxy: object) -> None:
        if record.info.get("query_only") and self.verified:
            dbapi_connection.execute("PRAGMA query_only = OFF")
            record.info["query_only"] = False

    @property
    def module(self) -> Any:
        return sqlcipher if self.encrypted else sqlite3

    def check_open(self) -> str | None:
        with self.mutex:
            if self.state != OPEN or (self.encrypted and self.passphrase is None):
                raise StoreLockedError("The database is locked.")
            return self.passphrase

    def connect(self) -> Any:
        passphrase = self.check_open()
        with self.mutex:
            connection, self.spare = self.spare, None
        if connection is None:
            connection = crypto.connect(self.path, passphrase)
        _on_connect(connection, None)
        self.opened += 1
        return connection


def build_engine(gate: _Gate) -> Engine:
    """The engine over `gate`: a pool of one keyed connection (encrypted) or the usual pool."""
    sizes = {"pool_size": 1, "max_overflow": 2} if gate.encrypted else {"pool_size": 5, "max_overflow": 10}
    engine = create_engine(
        "sqlite://", creator=gate.connect, module=gate.module, poolclass=QueuePool, pool_timeout=60, **sizes
    )
    event.listen(engine, "connect", gate.on_connect)
    event.listen(engine, "checkout", gate.on_checkout)
    _GATES[engine] = gate
    return engine


_GATES: weakref.WeakKeyDictionary[Engine, _Gate] = weakref.WeakKeyDictionary()


def make_engine(path: Path, passphrase: str | None = None) -> Engine:
    """An engine on the SQLite file at `path` with the app's pragmas on every connection."""
    return build_engine(_Gate(Path(path), passphrase))


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
    gate: _Gate | None = field(default=None, repr=False)
    file_lock: lockfile.DbLock | None = field(default=None, repr=False)

    # -- life cycle --
    def close(self) -> None:
        """Close the pooled connections and release the lock file. Like ``Engine.dispose``,
        this does not forbid later use (a restore checks backups through a closed store);
        ``lock`` is what forgets the passphrase and refuses connections."""
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

    def require_gate(self) -> _Gate:
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
        _on_connect(connection, None)
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
    gate = _Gate(path, key)
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

    gate = _Gate(path, key)
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


def _checked_to_write(gate: _Gate, session: Session) -> None:
    """Before a flush on a store still being checked: wait for the check, then let this
    session's connection (taken while still ``query_only``) write."""
    gate.ensure_checked()
    session.connection().exec_driver_sql("PRAGMA query_only = OFF")


@contextmanager
def unit_of_work(engine: Engine) -> Iterator[Session]:
    """One session per unit of work: commit on success, roll back on any error. On a store whose
    integrity check is still running (``open_store(check_later=True)``) a flush (a write) waits
    for the check first (and raises its DamagedStoreError); reads go ahead."""
    gate = _GATES.get(engine)
    with Session(engine, expire_on_commit=False) as session:
        if gate is not None and not gate.verified:  # being checked, or found damaged
            event.listen(session, "before_flush", lambda *_args: _checked_to_write(gate, session))
        try:
            yield session
            session.commit()
        except Exception:
            session.rollback()
            raise
