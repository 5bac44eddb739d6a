"""The local store: engine, sessions and schema migrations. SQLite specifics live here only."""

from cwsw_desktop.store.engine import (
    Store,
    StoreError,
    StoreTooNewError,
    open_store,
    unit_of_work,
)

__all__ = ["Store", "StoreError", "StoreTooNewError", "open_store", "unit_of_work"]
