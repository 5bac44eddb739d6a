"""The local store: engine and sessions, encryption, the one-writer lock, schema migrations.
SQLite specifics live here only.

The names below load lazily (PEP 562), so the window can ask ``store.crypto`` whether a file
is encrypted without importing SQLAlchemy on the main thread before its first paint.
"""

from __future__ import annotations

from importlib import import_module

TYPE_CHECKING = False  # (typing.TYPE_CHECKING without importing typing: see keying.py)
if TYPE_CHECKING:
    from typing import Any

    from cwsw_desktop.store.engine import Store as Store
    from cwsw_desktop.store.engine import open_damaged as open_damaged
    from cwsw_desktop.store.engine import open_store as open_store
    from cwsw_desktop.store.engine import unit_of_work as unit_of_work
    from cwsw_desktop.store.errors import DB_DATABASE_ERRORS as DB_DATABASE_ERRORS
    from cwsw_desktop.store.errors import DB_ERRORS as DB_ERRORS
    from cwsw_desktop.store.errors import DamagedStoreError as DamagedStoreError
    from cwsw_desktop.store.errors import DatabaseInUseError as DatabaseInUseError
    from cwsw_desktop.store.errors import PassphrasePolicyError as PassphrasePolicyError
    from cwsw_desktop.store.errors import PassphraseRequiredError as PassphraseRequiredError
    from cwsw_desktop.store.errors import StoreError as StoreError
    from cwsw_desktop.store.errors import StoreLockedError as StoreLockedError
    from cwsw_desktop.store.errors import StoreTooNewError as StoreTooNewError
    from cwsw_desktop.store.errors import WrongPassphraseError as WrongPassphraseError

_ENGINE = {"Store", "open_store", "open_damaged", "unit_of_work"}
_ERRORS = {
    "StoreError",
    "StoreTooNewError",
    "PassphraseRequiredError",
    "WrongPassphraseError",
    "DamagedStoreError",
    "StoreLockedError",
    "DatabaseInUseError",
    "PassphrasePolicyError",
    "DB_ERRORS",
    "DB_DATABASE_ERRORS",
}

__all__ = sorted(_ENGINE | _ERRORS)


def __getattr__(name: str) -> Any:
    if name in _ENGINE:
        return getattr(import_module("cwsw_desktop.store.engine"), name)
    if name in _ERRORS:
        return getattr(import_module("cwsw_desktop.store.errors"), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
