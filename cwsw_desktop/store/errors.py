"""Why a store cannot be opened or used, each with a message fit to show the user.

The DB-API errors of both drivers are here too: a plain store's raw connections come from
``sqlite3``, an encrypted one's from ``sqlcipher3``, whose exception classes are separate. Code
that handles errors of a connection from ``Store.connect_raw`` catches ``DB_ERRORS`` (or
``DB_DATABASE_ERRORS``), not ``sqlite3.Error`` alone.
"""

from __future__ import annotations

import sqlite3

import sqlcipher3.dbapi2 as sqlcipher

DB_ERRORS: tuple[type[Exception], ...] = (sqlite3.Error, sqlcipher.Error)
DB_DATABASE_ERRORS: tuple[type[Exception], ...] = (sqlite3.DatabaseError, sqlcipher.DatabaseError)

WRONG_PASSPHRASE = "Wrong passphrase, or the file is damaged."


class StoreError(Exception):
    """A store that cannot be opened, with a message fit to show the user."""


class StoreTooNewError(StoreError):
    """The database was written by a newer version of the app."""


class PassphraseRequiredError(StoreError):
    """The file is encrypted and no passphrase was given: ask for one and try again."""


class WrongPassphraseError(StoreError):
    """The passphrase does not open the file (or the file's first page is damaged)."""

    def __init__(self, message: str = WRONG_PASSPHRASE) -> None:
        super().__init__(message)


class DamagedStoreError(StoreError):
    """The integrity checks on open found damage. The file has not been changed."""


class StoreLockedError(StoreError):
    """The store is locked (idle, Ctrl+L) or closed: no new connection until it is unlocked."""


class DatabaseInUseError(StoreError):
    """Another copy of the app has the database open (see store/lockfile.py)."""


class PassphrasePolicyError(StoreError):
    """A new passphrase that is too short to protect the data."""
