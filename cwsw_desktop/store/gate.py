"""Every connection the store's engine makes goes through a ``Gate``: it knows the passphrase (None
for a plain store) and whether the store is open, locked (the window's idle lock) or closed, and
refuses new connections unless it is open. Locking therefore really locks: the engine's pooled
connection is closed and the passphrase forgotten, and nothing can reconnect until
``Store.unlock`` is given the passphrase again. The gate also holds the deferred integrity check
(a store opened with ``check_later`` is query_only until it passes) and sets each connection's
pragmas.

The pool: an encrypted store keeps **one** connection while unlocked (``QueuePool`` of size 1),
because SQLCipher's key derivation costs ~0.1 s per connection. Up to two more (``max_overflow``)
are opened only when threads overlap (the window's two workers and the main thread), and closed
again when returned. A plain store keeps SQLAlchemy's usual pool (its connections cost ~20 µs).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
import weakref
from pathlib import Path
from typing import Any

import sqlcipher3.dbapi2 as sqlcipher
from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import QueuePool

import cwsw_desktop.store.crypto as crypto
import cwsw_desktop.store.preflight as preflight
from cwsw_desktop.store.errors import DamagedStoreError, StoreError, StoreLockedError

log = logging.getLogger("cwsw_desktop.store.engine")  # the same log lines as before the split

OPEN, LOCKED = "open", "locked"


def set_pragmas(dbapi_connection: Any, _record: object) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys = ON")
    cursor.execute("PRAGMA journal_mode = WAL")
    cursor.execute("PRAGMA synchronous = FULL")
    cursor.execute("PRAGMA temp_store = MEMORY")
    cursor.execute("PRAGMA busy_timeout = 5000")
    cursor.close()


class Gate:
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
        # A read-only connection kept open only to see commits (``store.reader.data_state``):
        # SQLite's data_version on it moves whenever ANY other connection commits, so one number
        # says "nothing changed" whichever pooled connection a view reads through next.
        self.watcher: Any = None
        self.watch_mutex = threading.Lock()

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

    def start_watching(self) -> None:
        """Open the watching connection, if not open yet (a key derivation on an encrypted store,
        ~0.1 s: call it from a worker, after the first data shows)."""
        passphrase = self.check_open()
        with self.watch_mutex:
            if self.watcher is not None:
                return
        connection = crypto.connect(self.path, passphrase, read_only=True)
        with self.watch_mutex, self.mutex:
            if self.watcher is None and self.state == OPEN:
                self.watcher = connection
                return
        connection.close()  # locked meanwhile, or another thread was first

    def stop_watching(self) -> None:
        """Close the watching connection (the store is locking or closing)."""
        with self.watch_mutex:
            connection, self.watcher = self.watcher, None
        if connection is not None:
            connection.close()

    def watched_version(self) -> tuple[Any, int] | None:
        """The watching connection and its data_version now; None when not watching."""
        with self.watch_mutex:
            if self.watcher is None:
                return None
            return self.watcher, int(self.watcher.execute("PRAGMA data_version").fetchone()[0])

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
        set_pragmas(connection, None)
        self.opened += 1
        return connection


def build_engine(gate: Gate) -> Engine:
    """The engine over `gate`: a pool of one keyed connection (encrypted) or the usual pool."""
    sizes = {"pool_size": 1, "max_overflow": 2} if gate.encrypted else {"pool_size": 5, "max_overflow": 10}
    engine = create_engine(
        "sqlite://", creator=gate.connect, module=gate.module, poolclass=QueuePool, pool_timeout=60, **sizes
    )
    event.listen(engine, "connect", gate.on_connect)
    event.listen(engine, "checkout", gate.on_checkout)
    _GATES[engine] = gate
    return engine


_GATES: weakref.WeakKeyDictionary[Engine, Gate] = weakref.WeakKeyDictionary()


def gate_of(engine: Engine) -> Gate | None:
    """The gate of an engine made by ``build_engine`` (None for any other engine)."""
    return _GATES.get(engine)


def make_engine(path: Path, passphrase: str | None = None) -> Engine:
    """An engine on the SQLite file at `path` with the app's pragmas on every connection."""
    return build_engine(Gate(Path(path), passphrase))
