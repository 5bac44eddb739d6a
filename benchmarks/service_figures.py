"""The figures measured in this process: what is due as a service, a PEP pack, the Report to
Governors (each on the large store, against the plain-SQL read or the rendering alone) and the
pupil CSV import (into an empty store, against csv + one executemany)."""

from __future__ import annotations

import csv
import sqlite3
import statistics
import time
from datetime import date
from pathlib import Path
from typing import Any

from benchmarks.app_figures import timed
from benchmarks.report import Figure, ratio_ok

TODAY = date(2026, 11, 23)

# The tables the views and "what is due" read, every row of each: the plain-SQL baseline.
PLAIN_TABLES = (
    "pupil",
    "status_episode",
    "pep_meeting",
    "pep_target",
    "exclusion",
    "contact",
    "sdq_result",
    "staff_member",
    "training_attendance",
)


def read_every_row(engine: Any) -> None:
    """Every row of `PLAIN_TABLES`, with plain SQL: what "what is due" is measured against."""
    from sqlalchemy import text

    with engine.connect() as c:
        for table in PLAIN_TABLES:
            c.execute(text(f"SELECT * FROM {table}")).fetchall()


def service_figures(store_path: Path, repeat: int, only: set[str]) -> list[Figure]:
    """What is due ("due"), a PEP pack ("pep-pack") and the Report to Governors ("governors"),
    those of them in `only`, on the plain large store."""
    from sqlalchemy import text

    from cwsw_desktop.reports.governors import render_governors_report
    from cwsw_desktop.reports.pep_pack import pep_pack_pdf
    from cwsw_desktop.services.due import what_is_due
    from cwsw_desktop.services.governors import build_governors_report
    from cwsw_desktop.services.pep_pack import pack_data
    from cwsw_desktop.store import open_store

    store = open_store(store_path)
    try:
        engine = store.engine

        def plain() -> None:
            read_every_row(engine)

        figures = []
        if "due" in only:
            base = timed(plain, repeat)
            due = timed(lambda: what_is_due(engine, TODAY, None), repeat)
            figures.append(
                Figure(
                    "due",
                    "what is due (service)",
                    due,
                    base,
                    "<= 250 ms and <= 3x plain SQL",
                    statistics.median(due) <= 0.250 and ratio_ok(due, base, 3.0),
                )
            )
        with engine.connect() as c:
            pep_id = c.execute(text("SELECT id FROM pep_meeting ORDER BY id DESC LIMIT 1")).scalar()
        if pep_id is not None and "pep-pack" in only:
            pack = timed(lambda: pep_pack_pdf(pack_data(engine, int(pep_id), TODAY)), repeat)
            figures.append(
                Figure(
                    "pep-pack",
                    "PEP pack (data + PDF)",
                    pack,
                    None,
                    "<= 300 ms",
                    statistics.median(pack) <= 0.300,
                )
            )
        if "governors" not in only:
            return figures
        start_year = TODAY.year if TODAY.month >= 9 else TODAY.year - 1
        report = build_governors_report(engine, start_year - 1, None, TODAY)

        def render_only() -> None:
            render_governors_report(report, _Sink())

        def whole() -> None:
            render_governors_report(build_governors_report(engine, start_year - 1, None, TODAY), _Sink())

        base_r = timed(render_only, repeat)
        ours_r = timed(whole, repeat)
        figures.append(
            Figure(
                "governors",
                "Report to Governors (build + render)",
                ours_r,
                base_r,
                "<= 1.5x rendering the data in memory",
                ratio_ok(ours_r, base_r, 1.5),
            )
        )
    finally:
        store.close()
    return figures


class _Sink:
    def write(self, data: bytes) -> int:
        return len(data)

    def flush(self) -> None:
        pass


def import_figures(folder: Path, rows: int, repeat: int) -> list[Figure]:
    from cwsw_desktop.rules.upn import check_letter
    from cwsw_desktop.services.pupil_import_apply import import_file
    from cwsw_desktop.store import open_store

    path = folder / "pupils.csv"
    header = [
        "UPN",
        "Legal Surname",
        "Legal Forename",
        "Date of Birth",
        "Gender",
        "Category",
        "Category Start",
        "SEN",
        "Attendance %",
    ]
    with path.open("w", newline="", encoding="utf-8") as fh:
        out = csv.writer(fh)
        out.writerow(header)
        for i in range(rows):
            body = f"919{4999 - i // 1000:04d}15{i % 1000:03d}"  # demo.make_upn's scheme, year 2015
            out.writerow(
                [
                    check_letter(body) + body,
                    f"Surname{i}",
                    f"Forename{i}",
                    f"{1 + i % 28:02d}/{1 + i % 12:02d}/{2012 + i % 6}",
                    "Female" if i % 2 else "Male",
                    *((["CLA", "CIN", "CP"][i % 3], "01/09/2024") if i % 4 else ("", "")),
                    "N",
                    "95.5",
                ]
            )

    def bare() -> None:
        db = folder / "bare.sqlite"
        db.unlink(missing_ok=True)
        con = sqlite3.connect(db)
        con.execute("CREATE TABLE pupil (" + ", ".join(f"c{i} TEXT" for i in range(len(header))) + ")")
        with path.open(newline="", encoding="utf-8") as fh:
            reader = csv.reader(fh)
            next(reader)
            con.executemany(f"INSERT INTO pupil VALUES ({', '.join('?' * len(header))})", list(reader))
        con.commit()
        con.close()

    def ours_once(n: int) -> float:
        store = open_store(folder / f"import-{n}.db")  # a new empty store, made before the clock starts
        try:
            start = time.perf_counter()
            import_file(store.engine, path, TODAY)
            return time.perf_counter() - start
        finally:
            store.close()

    base = timed(bare, repeat)
    mine = [ours_once(n) for n in range(repeat)]
    return [
        Figure(
            "import",
            f"pupil CSV import ({rows} rows, into an empty store)",
            mine,
            base,
            "<= 3x csv + executemany",
            ratio_ok(mine, base, 3.0),
        )
    ]
