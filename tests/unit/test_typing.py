"""The whole package type-checks with mypy --strict (settings in pyproject.toml, including
warn_unused_ignores), so a change that breaks a service's contract with the window fails here,
not in a DT's hands.

scripts/test.sh (and so CI) runs mypy itself before pytest and sets CWSW_MYPY_DONE, so this
test stands aside there rather than type-check the package twice; a plain `pytest` run keeps it.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(os.environ.get("CWSW_MYPY_DONE") == "1", reason="scripts/test.sh has just run mypy")
def test_mypy_strict_passes(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mypy", "--cache-dir", str(tmp_path / "cache"), "cwsw_desktop"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr
