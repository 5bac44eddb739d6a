"""Encryption at rest with SQLCipher: keyed connections, the passphrase policy, a strength hint,
SQLCipher's key derivation. Changing the passphrase and encrypting a plain database in place
are in ``rekey.py`` (they need the engine; this module does not, so the two import no cycle).

SQLCipher (through the ``sqlcipher3`` wheels) encrypts every page of the database and of its
WAL with AES-256 and an HMAC per page, and derives the key from the passphrase with its own
default KDF (PBKDF2-HMAC-SHA512, 256,000 iterations in SQLCipher 4). Nothing here does
cryptography itself: we only hand SQLCipher the passphrase, properly quoted, and check that it
opened the file.

Deriving the key costs about 0.1 s per connection (measured: 0.10 s on the development
machine, SQLCipher 4.x community), so an encrypted store keeps one pooled connection while it
is unlocked (see ``engine.py``). The connections themselves, and keying one ahead, are in
``keying.py`` (which `due` imports first, alone), re-exported here.
"""

from __future__ import annotations

import math
import re
from contextlib import suppress
from typing import Any, NamedTuple

from cwsw_desktop.store.errors import DB_DATABASE_ERRORS, PassphrasePolicyError
from cwsw_desktop.store.keying import SQLITE_HEADER as SQLITE_HEADER
from cwsw_desktop.store.keying import connect as connect
from cwsw_desktop.store.keying import file_kind as file_kind
from cwsw_desktop.store.keying import forget_ahead as forget_ahead
from cwsw_desktop.store.keying import key_ahead as key_ahead
from cwsw_desktop.store.keying import key_statement as key_statement
from cwsw_desktop.store.keying import looks_encrypted as looks_encrypted
from cwsw_desktop.store.keying import verify_key as verify_key

MIN_LENGTH = 12
MIN_WORDS = 4
POLICY = f"Use at least {MIN_LENGTH} characters, or at least {MIN_WORDS} words."

CHECK_CACHE_KIB = 512  # the page cache while checking: each page is read about once


def integrity_problems(connection: Any, encrypted: bool) -> list[str]:
    """SQLCipher's page HMAC check (encrypted files) and SQLite's quick_check; [] when sound.

    Both read every page about once, so a full page cache (SQLCipher's default is 8 MB per
    connection) only adds to the app's peak memory: the checks run with a small one (as fast,
    measured at 5,000 pupils), and the connection gets its own back afterwards."""
    problems: list[str] = []
    cache = None
    try:
        cache = int(connection.execute("PRAGMA cache_size").fetchone()[0])
        connection.execute(f"PRAGMA cache_size = -{CHECK_CACHE_KIB}")
        if encrypted:
            problems += [str(row[0]) for row in connection.execute("PRAGMA cipher_integrity_check")]
        rows = [str(row[0]) for row in connection.execute("PRAGMA quick_check")]
    except DB_DATABASE_ERRORS as exc:
        return [*problems, str(exc)]
    finally:
        if cache is not None:
            with suppress(*DB_DATABASE_ERRORS):
                connection.execute(f"PRAGMA cache_size = {cache}")
    return problems + [r for r in rows if r != "ok"]


# --- passphrase policy and strength hint ---------------------------------------------------


def _words(passphrase: str) -> list[str]:
    return [w for w in re.split(r"[\s\-_.,;:+/]+", passphrase) if len(w) >= 2]


def passphrase_problem(passphrase: str) -> str | None:
    """Why a new passphrase is refused, or None: at least 12 characters or at least 4 words."""
    if not passphrase.strip():
        return "Enter a passphrase. " + POLICY
    if "\x00" in passphrase:
        return "A passphrase cannot contain a NUL character."
    if len(passphrase) >= MIN_LENGTH or len(_words(passphrase)) >= MIN_WORDS:
        return None
    return f"Too short ({len(passphrase)} characters). " + POLICY


def check_policy(passphrase: str) -> None:
    problem = passphrase_problem(passphrase)
    if problem:
        raise PassphrasePolicyError(problem)


class Strength(NamedTuple):
    """A passphrase's strength hint. A NamedTuple, not a dataclass: `due` imports this module
    before SQLCipher can start deriving the key, and the first dataclass imports dataclasses
    (with inspect) first, ~7 ms."""

    label: str  # "too short", "weak", "fair", "good", "strong"
    bits: int
    advice: str

    @property
    def text(self) -> str:
        return f"Strength: {self.label}" + (f" — {self.advice}" if self.advice else "")


def strength(passphrase: str) -> Strength:
    """A rough hint from length and variety (character classes, repeats); no word lists.

    bits = length × log2(size of the alphabets used), with repeated characters counting
    less. Good enough to nudge towards longer passphrases; not a guarantee.
    """
    if not passphrase:
        return Strength("too short", 0, POLICY)
    pool = 0
    if re.search(r"[a-z]", passphrase):
        pool += 26
    if re.search(r"[A-Z]", passphrase):
        pool += 26
    if re.search(r"\d", passphrase):
        pool += 10
    if re.search(r"[^a-zA-Z\d]", passphrase):
        pool += 33
    effective = min(len(passphrase), 2 * len(set(passphrase.lower())))
    bits = int(effective * math.log2(max(pool, 2)))
    if passphrase_problem(passphrase):
        return Strength("too short", bits, POLICY)
    if bits < 50:
        return Strength("weak", bits, "add more words or characters")
    if bits < 70:
        return Strength("fair", bits, "a longer passphrase would be safer")
    if bits < 90:
        return Strength("good", bits, "")
    return Strength("strong", bits, "")
