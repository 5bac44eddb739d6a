"""Where the app keeps its files. Resolved once in __main__ and passed down; never a global."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import NamedTuple

from cwsw_desktop import APP_NAME, DB_ENV, ORG_NAME

DB_NAME = "cwsw.db"


class AppPaths(NamedTuple):
    """Not a dataclass: `due` resolves its store's path before SQLCipher can start deriving the
    key, and the first dataclass imports dataclasses (with inspect) first, ~7 ms."""

    data_dir: Path
    db_path: Path

    @property
    def backup_dir(self) -> Path:
        return self.data_dir / "backups"


def resolve_paths(db: str | None = None, data_dir: str | None = None) -> AppPaths:
    """--db beats CWSW_DB beats the platform's user data folder."""
    chosen = db or os.environ.get(DB_ENV)
    if chosen and not data_dir:  # the database's own folder: no platform folder to look up
        db_path = Path(chosen).expanduser().resolve()
        return AppPaths(data_dir=db_path.parent, db_path=db_path)
    from platformdirs import user_data_path  # only here: keeps the first window's imports light

    base = Path(data_dir).expanduser() if data_dir else user_data_path(APP_NAME, ORG_NAME)
    return AppPaths(data_dir=base, db_path=Path(chosen).expanduser().resolve() if chosen else base / DB_NAME)


def resource_path(*parts: str) -> Path:
    """A file under resources/, in a checkout or in a PyInstaller build."""
    frozen_root = getattr(sys, "_MEIPASS", None)
    root = Path(frozen_root) if frozen_root else Path(__file__).resolve().parent.parent
    return root.joinpath("resources", *parts)
