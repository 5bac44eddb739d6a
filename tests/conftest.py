"""Shared fixtures: every test gets its own real store in a file under tmp_path."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from support import DEMO_TODAY


@pytest.fixture
def store(tmp_path: Path):
    from cwsw_desktop.store import open_store

    opened = open_store(tmp_path / "cwsw.db")
    yield opened
    opened.close()


@pytest.fixture
def demo_store(tmp_path: Path):
    from cwsw_desktop.services.demo import generate_demo
    from cwsw_desktop.store import open_store

    opened = open_store(tmp_path / "demo.db", demo=True)
    generate_demo(opened.engine, size=30, seed=7, today=DEMO_TODAY)
    yield opened
    opened.close()
