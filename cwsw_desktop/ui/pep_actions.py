"""The PEP tab's document work: the meeting pack (preview, print, save: audited), the calendar
export for Outlook, and importing meetings from a tracker (preview, then apply)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtWidgets import QDialog, QFileDialog, QMessageBox, QWidget

from cwsw_desktop.services.errors import ValidationError
from cwsw_desktop.ui.context import AppContext


def print_pack(
    ctx: AppContext, parent: QWidget, pep_id: int, pupil_id: int, keep: Callable[[QDialog], None]
) -> None:
    """Build the pack in a worker, then preview it with Print… and Save as PDF…."""
    from cwsw_desktop.reports.pep_pack import pep_pack_pdf
    from cwsw_desktop.services.pep_pack import pack_data

    engine, today = ctx.store.engine, ctx.today()
    ctx.jobs.run(
        lambda: (pep_pack_pdf(pack_data(engine, pep_id, today)), today),
        lambda result: keep(show_pack(ctx, parent, pep_id, pupil_id, *result)),
        lambda exc: QMessageBox.warning(parent, "PEP meeting pack", f"Could not build the pack: {exc}"),
    )


def show_pack(
    ctx: AppContext, parent: QWidget, pep_id: int, pupil_id: int, data: bytes, today: date
) -> QDialog:
    from cwsw_desktop.services.pep_pack import record_print
    from cwsw_desktop.ui.pdf_preview import PdfPreviewDialog

    engine = ctx.store.engine
    dialog = PdfPreviewDialog(data, "PEP meeting pack", f"pep-pack-{today:%Y-%m-%d}.pdf", parent)
    dialog.printed.connect(lambda: record_print(engine, pep_id, pupil_id, "sent to the printer"))
    dialog.saved.connect(lambda path: record_print(engine, pep_id, pupil_id, f"saved as {path}"))
    dialog.open()
    return dialog


def export_calendar(
    ctx: AppContext, parent: QWidget, start_year: int, path: str | None = None
) -> Path | None:
    """Save the chosen year's meetings as .ics for Outlook. The titles carry initials only, which
    is why this one file is written plain: Outlook must read it."""
    from cwsw_desktop.services.export import write_document
    from cwsw_desktop.services.pep_ics import calendar_ics, record_export, span_of
    from cwsw_desktop.services.school import year_dates

    engine = ctx.store.engine
    year = year_dates(engine, start_year)
    if path is None:
        path, _ = QFileDialog.getSaveFileName(
            parent,
            "Export PEP meetings to Outlook",
            str(Path.home() / f"pep-meetings-{year.start_year}-{(year.start_year + 1) % 100:02d}.ics"),
            "Calendar files (*.ics)",
        )
        if not path:
            return None
    data, count = calendar_ics(engine, *span_of(year))
    try:
        written = write_document(path, data)
    except OSError as exc:
        QMessageBox.warning(parent, "Export PEP meetings", f"Could not write {path}: {exc.strerror or exc}")
        return None
    record_export(engine, count, str(written))
    QMessageBox.information(
        parent,
        "Export PEP meetings",
        f"{count} meetings of {year.label} saved to {written}.\nOpen it in Outlook: exporting again "
        "updates the same appointments.",
    )
    return written


def import_peps(ctx: AppContext, parent: QWidget, path: str | None = None) -> bool:
    """Check the file, show what would change, and apply it when the DT agrees."""
    from cwsw_desktop.services.pep_import import import_peps as run_import
    from cwsw_desktop.ui.import_dialog import ImportProblemsDialog

    if path is None:
        path, _ = QFileDialog.getOpenFileName(
            parent, "Import PEP meetings", str(Path.home()), "PEP trackers (*.csv *.xlsx)"
        )
        if not path:
            return False
    engine = ctx.store.engine
    try:
        plan = run_import(engine, path, dry_run=True)
    except ValidationError as exc:
        ImportProblemsDialog(Path(path).name, exc.problems, parent).exec()
        return False
    answer = QMessageBox.question(parent, "Import PEP meetings", f"{plan.summary()}.\n\nImport them?")
    if answer != QMessageBox.StandardButton.Yes:
        return False
    try:
        run_import(engine, path)
    except ValidationError as exc:
        ImportProblemsDialog(Path(path).name, exc.problems, parent).exec()
        return False
    return True
