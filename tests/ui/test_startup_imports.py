"""The window paints before the heavy libraries load: nothing only a tab or report needs is
imported by the modules that build the first window."""

import json
import subprocess
import sys

HEAVY = [
    "sqlmodel",
    "sqlalchemy",
    "alembic",
    "reportlab",
    "openpyxl",
    "PySide6.QtPdf",
    "cwsw_desktop.services.overview",
    "cwsw_desktop.store.engine",
]


def _printed_in_a_fresh_process(code: str) -> list:
    """What `code` prints last (a JSON list), run in a fresh interpreter: what it imports is real."""
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    return list(json.loads(result.stdout.strip().splitlines()[-1]))


def test_first_window_imports_no_heavy_modules():
    code = (
        "import json, sys\n"
        "import cwsw_desktop.__main__, cwsw_desktop.cli, cwsw_desktop.paths\n"
        "import cwsw_desktop.ui.app, cwsw_desktop.ui.main_window\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    assert _printed_in_a_fresh_process(code) == []


# What the window's first data waits for: the store opened (at the schema head, closed cleanly)
# and the Overview built. sqlmodel (with pydantic) and the model modules are ~0.3 s of imports that
# neither needs: they load in the worker that runs after the first data shows.
NOT_BEFORE_FIRST_DATA = ["sqlmodel", "pydantic", "alembic", "cwsw_desktop.models"]


def _opened_in_a_fresh_process(tmp_path, shown: str, then: str) -> list:
    """Open a new encrypted store (made and migrated here) as the window's worker does, in a fresh
    interpreter, with the tab `shown` on screen; run `then`; the JSON list it prints."""
    from cwsw_desktop.store import open_store

    path = tmp_path / "cwsw.db"
    open_store(path, passphrase="four words to open").close()
    code = (
        "import json, sys\n"
        "from datetime import date\n"
        "from pathlib import Path\n"
        "from cwsw_desktop.ui.store_opening import open_and_prepare\n"
        f"store = open_and_prepare(Path({str(path)!r}), False, date(2026, 12, 1), 'four words to open', "
        f"(), {shown!r})\n"
        f"{then}\n"
        "store.close()\n"
    )
    return _printed_in_a_fresh_process(code)


def test_opening_a_current_store_and_its_overview_import_no_orm_models(tmp_path):
    loaded, verified, categories = _opened_in_a_fresh_process(
        tmp_path,
        "Overview",
        "from cwsw_desktop.services.overview import build_overview\n"
        "overview = build_overview(store.engine, date(2026, 12, 1))\n"
        f"loaded = [m for m in {NOT_BEFORE_FIRST_DATA!r} if m in sys.modules]\n"
        "print(json.dumps([loaded, store.verified, len(overview.counts)]))",
    )
    assert loaded == []
    assert verified is False  # the check-later path: the one the window's first data takes
    assert categories > 0


def test_the_worker_that_opens_the_store_loads_the_modules_of_the_tab_on_screen(tmp_path):
    """The window builds the tab on screen as soon as the store is open: its modules (for most
    tabs, sqlmodel and the models) load in the worker, not on the main thread."""
    loaded = _opened_in_a_fresh_process(
        tmp_path,
        "Training log",
        "print(json.dumps([m in sys.modules for m in "
        "('cwsw_desktop.ui.training_tab', 'cwsw_desktop.ui.overview_tab', 'cwsw_desktop.ui.pupils_tab')]))",
    )
    assert loaded == [True, False, False]
