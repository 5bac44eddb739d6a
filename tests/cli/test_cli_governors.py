"""`cwsw-desktop report governors`: the anonymised PDF end to end, 0600, with clear errors."""

from __future__ import annotations

import stat

from pypdf import PdfReader
from sqlalchemy import text

from cwsw_desktop.__main__ import main


def test_report_governors_writes_an_anonymised_pdf_readable_by_its_owner_only(tmp_path, capsys):
    db = tmp_path / "school.db"
    assert main(["demo", "--unencrypted", "--db", str(db), "--size", "30"]) == 0
    capsys.readouterr()
    out = tmp_path / "reports" / "governors"
    assert (
        main(
            [
                "report",
                "governors",
                "--year",
                "2025-26",
                "--term",
                "Spring",
                "--out",
                str(out),
                "--db",
                str(db),
                "--on",
                "20/07/2026",
            ]
        )
        == 0
    )
    message = capsys.readouterr().out
    written = out.with_name("governors.pdf")
    assert str(written) in message and "not encrypted" in message
    assert stat.S_IMODE(written.stat().st_mode) == 0o600
    reader = PdfReader(str(written))
    first = reader.pages[0].extract_text()
    assert "Report to Governors" in first and "Spring term 2025/26" in first and "20/07/2026" in first
    assert reader.metadata.title == "Report to Governors Spring term 2025/26"

    from cwsw_desktop.store import open_store

    store = open_store(db)
    try:
        with store.engine.connect() as c:
            upns = [r[0] for r in c.execute(text("SELECT upn FROM pupil"))]
            surnames = [r[0] for r in c.execute(text("SELECT legal_surname FROM pupil"))]
            audited = (
                c.execute(text("SELECT detail FROM audit_event WHERE entity = 'governors_report'"))
                .scalars()
                .all()
            )
    finally:
        store.close()
    body = " ".join(page.extract_text() for page in reader.pages)
    assert not any(u in body for u in upns)
    assert not any(f" {s} " in f" {body} " for s in surnames)
    assert audited == ["Report to Governors Spring term 2025/26 written to governors.pdf"]


def test_report_governors_refuses_a_bad_year_in_one_line(tmp_path, capsys):
    db = tmp_path / "school.db"
    assert main(["demo", "--unencrypted", "--db", str(db), "--size", "5"]) == 0
    capsys.readouterr()
    assert (
        main(["report", "governors", "--year", "2025-27", "--out", str(tmp_path / "g.pdf"), "--db", str(db)])
        == 1
    )
    err = capsys.readouterr().err.strip()
    assert err == "error: '2025-27' is not an academic year: 27 does not follow 2025"
    assert not (tmp_path / "g.pdf").exists()
