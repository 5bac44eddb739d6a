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


def test_first_window_imports_no_heavy_modules():
    code = (
        "import json, sys\n"
        "import cwsw_desktop.__main__, cwsw_desktop.cli, cwsw_desktop.paths\n"
        "import cwsw_desktop.ui.app, cwsw_desktop.ui.main_window\n"
        f"print(json.dumps([m for m in {HEAVY!r} if m in sys.modules]))\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=60,
        env={"QT_QPA_PLATFORM": "offscreen", "PATH": "/usr/bin:/bin"},
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout.strip().splitlines()[-1]) == []
