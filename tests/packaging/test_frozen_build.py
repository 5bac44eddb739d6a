"""The frozen (PyInstaller) app, as a school laptop would run it: it starts, creates an encrypted
store, imports pupils, says what is due, opens its window and prints every document.

`scripts/build.sh --smoke` builds `dist/` and runs this against it (CI does that on Linux). Without
PyInstaller the test is skipped; with PyInstaller but no build, the build is made first. Any
module, resource, migration, font or Qt plugin missing from the bundle fails one of these steps.
"""

from __future__ import annotations

import csv
import importlib.util
import json
import os
import sqlite3
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parents[2]
VERSION = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
PASS = "correct horse battery staple"

pytestmark = pytest.mark.skipif(
    importlib.util.find_spec("PyInstaller") is None and not os.environ.get("CWSW_FROZEN_APP"),
    reason="PyInstaller is not installed: `scripts/build.sh --smoke` installs it, builds the app and runs this",
)

# How to call each `print WHAT` / `report WHAT` command on the demo store. A new document command
# must be added here: the test fails until it is, so every document is checked in the frozen app.
DOCUMENT_ARGS: dict[tuple[str, str], list[str]] = {
    ("print", "pep-agenda"): ["--pupil", "{pep_upn}", "--date", "{pep_date}"],
    ("print", "exclusions-log"): ["--year", "{year}"],
    ("print", "training-summary"): ["--year", "{year}"],
    ("report", "governors"): ["--year", "{year}"],
}


@pytest.fixture(scope="module")
def app() -> Path:
    given = os.environ.get("CWSW_FROZEN_APP")
    path = Path(given) if given else ROOT / "dist" / f"cwsw-desktop-{VERSION}" / "CWSW Desktop"
    if not path.exists() and not given:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "PyInstaller",
                "packaging/cwsw_desktop.spec",
                "--noconfirm",
                "--log-level",
                "WARN",
                "--distpath",
                "dist",
                "--workpath",
                "build/pyinstaller",
            ],
            cwd=ROOT,
            check=True,
        )
    assert path.exists(), f"no frozen app at {path}"
    return path


def run(
    app: Path, *args: str, env: dict[str, str] | None = None, timeout: int = 180
) -> subprocess.CompletedProcess[str]:
    full = {**os.environ, "QT_QPA_PLATFORM": "offscreen", **(env or {})}
    result = subprocess.run([str(app), *args], capture_output=True, text=True, timeout=timeout, env=full)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def test_version(app):
    result = run(app, "--version")
    assert result.returncode == 0 and VERSION in result.stdout


def test_encrypted_store_import_and_due(app, tmp_path):
    db = tmp_path / "school" / "cwsw.db"
    env = {"CWSW_PASSPHRASE": PASS}
    result = run(
        app, "import", "pupils", str(ROOT / "tests" / "data" / "mis_small.csv"), "--db", str(db), env=env
    )
    assert result.returncode == 0, result.stderr
    assert not db.read_bytes().startswith(b"SQLite format 3")  # encrypted at rest
    due = run(app, "due", "--json", "--db", str(db), env=env)
    assert due.returncode == 0, due.stderr
    items = json.loads(due.stdout)
    assert isinstance(items, list) and all({"kind", "severity", "message"} <= set(i) for i in items)


def test_window_opens_on_the_demo_and_quits_cleanly(app):
    result = run(app, "--demo", "--self-test")
    assert result.returncode == 0, result.stderr
    assert "Self-test passed" in result.stdout


def _document_commands() -> list[tuple[str, str]]:
    sys.path.insert(0, str(ROOT))
    from cwsw_desktop.cli import build_parser

    parser = build_parser()
    found = []
    for action in parser._subparsers._group_actions:  # argparse's own structure
        for group in ("print", "report"):
            sub = action.choices.get(group)
            if sub is None:
                continue
            for leaf_action in sub._subparsers._group_actions:
                found += [(group, leaf) for leaf in leaf_action.choices]
    return found


def test_every_print_and_report_command_writes_a_pdf_with_text(app, tmp_path):
    db = tmp_path / "demo.db"
    assert run(app, "demo", "--db", str(db), "--unencrypted").returncode == 0
    with sqlite3.connect(db) as c:
        upn, held_on = c.execute(
            "SELECT p.upn, m.meeting_date FROM pep_meeting m JOIN pupil p ON p.id = m.pupil_id "
            "ORDER BY m.status = 'planned' DESC, m.meeting_date DESC LIMIT 1"
        ).fetchone()
        year = c.execute(
            "SELECT max(start_year) FROM academic_year WHERE autumn_start <= date('now')"
        ).fetchone()[0]
    day = held_on[:10].split("-")
    values = {
        "pep_upn": upn,
        "pep_date": f"{day[2]}/{day[1]}/{day[0]}",
        "year": f"{year}-{(year + 1) % 100:02d}",
    }
    commands = _document_commands()
    missing = [c for c in commands if c not in DOCUMENT_ARGS]
    assert not missing, f"add the arguments for {missing} to DOCUMENT_ARGS"
    for group, leaf in commands:
        out = tmp_path / f"{group}-{leaf}.pdf"
        args = [a.format(**values) for a in DOCUMENT_ARGS[(group, leaf)]]
        result = run(app, group, leaf, *args, "--out", str(out), "--db", str(db), "--unencrypted")
        assert result.returncode == 0, f"{group} {leaf}: {result.stderr}"
        written = out if out.exists() else next(tmp_path.glob(f"{group}-{leaf}*"))
        text = "".join(page.extract_text() for page in PdfReader(written).pages)
        assert len(text.split()) > 20, f"{group} {leaf} printed no text"


def test_register_export_from_the_frozen_app(app, tmp_path):
    db = tmp_path / "demo.db"
    run(app, "demo", "--db", str(db), "--unencrypted")
    out = tmp_path / "register.csv"
    result = run(app, "export", "register", "--out", str(out), "--db", str(db), "--unencrypted")
    assert result.returncode == 0, result.stderr
    with out.open(encoding="utf-8-sig") as handle:
        assert len(list(csv.DictReader(handle))) == 30
