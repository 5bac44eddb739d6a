"""Encryption for the window: the passphrase policy and strength hint, whether a file is
encrypted, changing the passphrase and encrypting a plain database in place.

The UI comes here rather than into ``store/``. Importing this module is light (no SQLAlchemy),
so the unlock dialog can use it before the window's first paint; the engine is imported only
when a passphrase is changed or a database encrypted.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from cwsw_desktop.store.crypto import POLICY, Strength, passphrase_problem, strength
from cwsw_desktop.store.crypto import looks_encrypted as _looks_encrypted

if TYPE_CHECKING:
    from cwsw_desktop.store import Store

__all__ = [
    "POLICY",
    "Strength",
    "change_passphrase",
    "encrypt_store",
    "looks_encrypted",
    "passphrase_problem",
    "strength",
]


def looks_encrypted(path: Path | str) -> bool:
    """Whether the file at `path` is an encrypted database (from its header; nothing opened)."""
    return _looks_encrypted(path)


def change_passphrase(store: Store, old: str, new: str) -> None:
    """Re-encrypt the open store with `new` after checking `old` (backups keep the old one)."""
    from cwsw_desktop.store.rekey import change_passphrase as rekey

    rekey(store, old, new)


def encrypt_store(store: Store, passphrase: str) -> None:
    """Encrypt the open plain store in place; it stays open, now keyed."""
    from cwsw_desktop.store.rekey import encrypt_store as encrypt

    encrypt(store, passphrase)
