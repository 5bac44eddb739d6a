"""PySide6's import hook no longer reads the source of every module imported after it (it kept
every line of ~500 files in linecache: 23 MB): whether a module uses PySide6 is told from its
names."""

from __future__ import annotations

import json
import subprocess
import sys
from types import ModuleType

from cwsw_desktop.ui.feature_scan import uses_pyside


def test_a_module_holding_anything_of_pyside6_uses_it() -> None:
    import PySide6.QtCore
    from PySide6.QtWidgets import QLabel

    plain = ModuleType("plain")
    plain.x = 1
    plain.json = json
    assert not uses_pyside(plain)
    for name, value in (("QtCore", PySide6.QtCore), ("QLabel", QLabel), ("Signal", PySide6.QtCore.Signal)):
        module = ModuleType("qt_user")
        setattr(module, name, value)
        assert uses_pyside(module), name


def test_a_name_whose_attributes_cannot_be_read_is_passed_over() -> None:
    class Unreadable:
        def __getattribute__(self, name: str) -> object:
            raise RuntimeError(name)

    module = ModuleType("odd")
    module.proxy = Unreadable()
    assert not uses_pyside(module)


def test_the_window_and_its_store_load_without_their_sources_kept() -> None:
    code = (
        "import json, linecache, sys\n"
        "import cwsw_desktop.ui.app, cwsw_desktop.ui.main_window\n"
        "import sqlmodel, cwsw_desktop.store.engine, cwsw_desktop.ui.overview_tab\n"
        "import shibokensupport.feature as feature\n"
        "kept = [k for k, v in linecache.cache.items() if len(v) > 1 and k.endswith('.py')]\n"
        "print(json.dumps([feature._mod_uses_pyside.__module__, len(kept)]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    hook, kept = json.loads(result.stdout.strip().splitlines()[-1])
    assert hook == "cwsw_desktop.ui.feature_scan"
    assert kept < 20  # a few loaded before the hook was replaced (was ~500)
