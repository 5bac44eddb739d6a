"""What the window's workers do to open a store: open it (and fill the demo), audit the unlock, load
the first tab's modules; and, for a store whose last session closed cleanly, the deferred integrity
check before anything is written. No Qt here: these run in `Jobs` workers."""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from cwsw_desktop.store import Store

log = logging.getLogger(__name__)


def open_and_prepare(
    path: Path,
    demo: bool,
    today: date,
    passphrase: str | None = None,
    failed_unlocks: tuple[datetime, ...] = (),
    shown: str = "Overview",
) -> Store:
    """Runs in a worker: open (and for --demo, fill) the store; import the tab `shown` first
    (the one on screen: the window builds it as soon as the store is open).
    With a passphrase, the key derivation (~0.15 s) happens here, off the main thread, in a
    thread of its own while SQLAlchemy is imported (``crypto.key_ahead``). Opening a store at the
    schema head needs neither sqlmodel (with pydantic) nor the model modules, and neither does the
    Overview: they load in `settle_after_opening` once its data shows (here if another tab is shown).

    The full integrity check of a store whose last session closed cleanly is left to
    `settle_after_opening`, which runs once the first tab's data shows (see `open_store`'s
    `check_later`): the unlock is audited only once the check has passed."""
    import cwsw_desktop.store.crypto as crypto  # light: sqlcipher3, no SQLAlchemy

    if passphrase is not None:  # the key derivation runs beside the imports below
        crypto.key_ahead(path, passphrase)
    try:
        from cwsw_desktop.store import open_store

        fresh = not path.exists()
        store = open_store(path, demo=demo, passphrase=passphrase, check_later=not demo)
    finally:
        crypto.forget_ahead(path)
    if store.verified:
        audit_unlock(store, passphrase, failed_unlocks)
    if demo and fresh:
        from cwsw_desktop.services.demo import generate_demo

        generate_demo(store.engine, today=today)
    from cwsw_desktop.ui.tab_base import TAB_NAMES, TABS
    from cwsw_desktop.ui.tabs import tab_class

    _name, module, cls = TABS[TAB_NAMES.index(shown) if shown in TAB_NAMES else 0]
    tab_class(module, cls)  # its modules load here, off the main thread (the Overview's: no ORM)
    return store


def audit_unlock(store: Store, passphrase: str | None, failed_unlocks: tuple[datetime, ...]) -> None:
    if passphrase is not None:
        from cwsw_desktop.services.audit import record_unlock

        record_unlock(store.engine, failed_unlocks, "opened with the passphrase")


def settle_after_opening(store: Store, passphrase: str | None, failed_unlocks: tuple[datetime, ...]) -> Store:
    """Runs in ONE worker once the first tab's data shows: the deferred integrity check
    (DamagedStoreError) and then the unlock's audit (nothing is written before the check passes),
    if the store was opened with the check left for later; then the store starts watching for
    commits (``Gate.start_watching``: one more key derivation) and the other tabs' imports.

    One job, not three: the window has two workers, so the other stays free for the loads the
    user asks for (a tab switched to at once would otherwise wait behind this work)."""
    if not store.verified:
        store.verify()
        audit_unlock(store, passphrase, failed_unlocks)
    if store.gate is not None:  # kept results then hold on any pooled connection (data_state)
        try:
            store.gate.start_watching()
        except Exception:  # locked meanwhile, say: views then keep results per connection
            log.info("not watching the store for commits", exc_info=True)
    from cwsw_desktop.ui.tabs import warm_imports

    try:
        warm_imports()
    except Exception:  # the same error shows, where it matters, when that tab is built
        log.exception("could not import a tab's modules ahead of time")
    return store
