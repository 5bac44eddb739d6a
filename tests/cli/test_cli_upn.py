"""`import pupils` names an unknown LA number as a warning and imports all the same."""

from __future__ import annotations

from pathlib import Path

from cwsw_desktop.__main__ import main
from cwsw_desktop.rules.upn import check_letter

DATA = Path(__file__).resolve().parent.parent / "data"
UNKNOWN_LA = check_letter("123200022001") + "123200022001"


def test_import_warns_of_an_unknown_la_number_and_imports(tmp_path, capsys):
    lines = (DATA / "mis_small.csv").read_text(encoding="utf-8-sig").splitlines()
    lines[1] = UNKNOWN_LA + lines[1][13:]
    path = tmp_path / "mis.csv"
    path.write_text("\n".join(lines), encoding="utf-8")
    assert main(["import", "pupils", str(path), "--unencrypted", "--db", str(tmp_path / "s.db")]) == 0
    out = capsys.readouterr().out
    assert f"warning: line 2, UPN {UNKNOWN_LA}: LA number 123 in this UPN is not a local authority" in out
    assert "Added 5 pupil(s)" in out
