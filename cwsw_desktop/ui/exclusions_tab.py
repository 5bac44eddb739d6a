"""Exclusions: every suspension and exclusion, filterable, with what is still owed and by when."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path

from PySide6.QtCore import QMetaMethod, Qt
from PySide6.QtWidgets import QComboBox, QDialog, QFileDialog, QLabel, QPushButton, QVBoxLayout, QWidget

from cwsw_desktop.rules.duties import Act, ActOn
from cwsw_desktop.rules.exclusions import GOVERNORS_CONSIDER_DAYS, GOVERNORS_MUST_MEET_DAYS, ExclusionKind
from cwsw_desktop.rules.status import PRECEDENCE
from cwsw_desktop.services.exclusion_records import pupil_choices
from cwsw_desktop.services.exclusions import ExclusionRow, exclusion_rows
from cwsw_desktop.ui.context import AppContext
from cwsw_desktop.ui.exclusion_dialog import ExclusionDialog
from cwsw_desktop.ui.exclusion_support_dialogs import ProvisionDialog, RiskAssessmentDialog
from cwsw_desktop.ui.exclusion_words import KIND_WORDS, owed_line, owed_tone
from cwsw_desktop.ui.list_tab import ListTab, RowTable
from cwsw_desktop.ui.table_model import Column, fmt_date
from cwsw_desktop.ui.widgets import row_of

NONE = "None"


def _term_tone(r: ExclusionRow) -> str | None:
    if r.term_total > GOVERNORS_MUST_MEET_DAYS:
        return "bad"
    return "warn" if r.term_total > GOVERNORS_CONSIDER_DAYS else None


def _consulted(r: ExclusionRow) -> str:
    if not r.must_consult:
        return "Not needed"
    return {True: "Yes, before", False: "After the decision", None: "Not recorded"}[r.consulted_in_time]


def _owed_summary(r: ExclusionRow, today: date) -> str:
    """'3 owed, next: Tell parents … by Tue 24/11/2026 (in 1 day)' (all of them in the tooltip)."""
    if not r.owed:
        return "Nothing"
    first = owed_line(r.owed[0], today)
    late = sum(1 for o in r.owed if o.due is not None and o.due < today)
    count = f"{len(r.owed)} owed" + (f", {late} overdue" if late else "")
    return f"{count}. Next: {first}" if len(r.owed) > 1 else f"{'Overdue: ' if late else ''}{first}"


def columns(today: Callable[[], date]) -> list[Column[ExclusionRow]]:
    return [
        Column("Start", lambda r: fmt_date(r.start_date), lambda r: r.start_date, keep_whole=True),
        Column("Pupil", lambda r: r.pupil),
        Column(
            "Social worker status that day",
            lambda r: ", ".join(r.categories) or NONE,
            tooltip=lambda r: "The child's categories on the day it started, not today's",
        ),
        Column("Type", lambda r: KIND_WORDS[r.kind] + (" (cancelled)" if r.cancelled else "")),
        Column(
            "Days",
            lambda r: "—" if r.kind is ExclusionKind.PERMANENT else f"{r.days:g}",
            lambda r: r.days,
            align_right=True,
        ),
        Column("Reasons", lambda r: ", ".join(r.reasons), tooltip=lambda r: r.reason_words, keep_whole=True),
        Column(
            "Pupil's days this term",
            lambda r: f"{r.term_total:g}",
            lambda r: r.term_total,
            tooltip=lambda r: f"{r.term}, up to and including this one",
            tone=_term_tone,
            align_right=True,
        ),
        Column(
            "Pupil's days this year", lambda r: f"{r.year_total:g}", lambda r: r.year_total, align_right=True
        ),
        Column(
            "Virtual School consulted",
            _consulted,
            tone=lambda r: "bad" if r.consulted_in_time is False else None,
        ),
        Column(
            "Still owed",
            lambda r: _owed_summary(r, today()),
            lambda r: min((o.due for o in r.owed if o.due), default=date.max),
            tooltip=lambda r: "\n".join(owed_line(o, today()) for o in r.owed),
            tone=lambda r: owed_tone(r.owed, today()),
        ),
    ]


class ExclusionsTab(ListTab[ExclusionRow]):
    title = "Exclusions"
    explanation = (
        "Every suspension and exclusion, with the child's status on the day and what is still owed. "
        "For a looked-after child, talk to the Virtual School before deciding to suspend."
    )

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        table = RowTable(
            columns(ctx.today),
            "No suspensions or exclusions recorded.",
            "Filter by pupil, reason or type (Ctrl+F)",
            sort_order=Qt.SortOrder.DescendingOrder,
        )
        engine = ctx.store.engine
        super().__init__(ctx, lambda today: exclusion_rows(engine, today), table, parent, inputs=ctx.today)
        self.rows: list[ExclusionRow] = []
        self.filters: dict[str, QComboBox] = {}
        for name in ("Year", "Term", "Status that day", "Type", "Reason"):
            box = QComboBox(self)
            box.setAccessibleName(f"Filter by {name.lower()}")
            box.addItem(f"{name}: all", None)
            self.filters[name] = box
        self.new_button = QPushButton("&Record…", self)
        self.edit_button = QPushButton("&Edit…", self)
        self.risk_button = QPushButton("Risk &assessment…", self)
        self.ap_button = QPushButton("Alternative &provision…", self)
        self.csv_button = QPushButton("Export &CSV…", self)
        self.log_button = QPushButton("Print &log…", self)
        self.status = QLabel(self)
        layout = QVBoxLayout(self)
        layout.addWidget(self.heading_block())
        layout.addLayout(row_of(*self.filters.values(), stretch_last=False))
        layout.addLayout(
            row_of(
                self.new_button,
                self.edit_button,
                self.risk_button,
                self.ap_button,
                self.csv_button,
                self.log_button,
                self.status,
            )
        )
        layout.addWidget(self.error)
        layout.addWidget(self.table, 1)
        self._connect()
        self.refresh()

    def _connect(self) -> None:
        self.table.activated.connect(lambda r: self.open_exclusion(r.id))
        self.new_button.clicked.connect(self.new_record)
        self.edit_button.clicked.connect(self._on_edit)
        self.risk_button.clicked.connect(
            lambda: self.open_act(Act(ActOn.RISK_ASSESSMENT, None, self._pupil()))
        )
        self.ap_button.clicked.connect(
            lambda: self.open_act(Act(ActOn.ALTERNATIVE_PROVISION, None, self._pupil()))
        )
        self.csv_button.clicked.connect(lambda: self.export_csv())
        self.log_button.clicked.connect(self.print_log)
        for box in self.filters.values():
            box.currentIndexChanged.connect(self._apply_filters)

    # -- data --
    def forget_shown(self) -> None:
        self.rows = []

    def show_result(self, result: list[ExclusionRow]) -> None:
        if result is self.rows and result:  # the kept result: nothing changed, shown already
            return
        self.rows = result
        options = {
            "Year": sorted({r.year_label for r in result}, reverse=True),
            "Term": [t for _, t in sorted({(r.term_key, r.term) for r in result}, reverse=True)],
            "Status that day": [*PRECEDENCE, NONE],
            "Type": [KIND_WORDS[k] for k in ExclusionKind],
            "Reason": sorted({c for r in result for c in r.reasons}),
        }
        for name, box in self.filters.items():
            chosen = box.currentData()
            box.blockSignals(True)
            box.clear()
            box.addItem(f"{name}: all", None)
            for value in options[name]:
                box.addItem(value, value)
            box.setCurrentIndex(max(0, box.findData(chosen)))
            box.blockSignals(False)
        self._apply_filters()

    def _apply_filters(self) -> None:
        want = {name: box.currentData() for name, box in self.filters.items()}

        def keep(r: ExclusionRow) -> bool:
            status = want["Status that day"]
            return (
                want["Year"] in (None, r.year_label)
                and want["Term"] in (None, r.term)
                and (status is None or status in r.categories or (status == NONE and not r.categories))
                and want["Type"] in (None, KIND_WORDS[r.kind])
                and (want["Reason"] is None or want["Reason"] in r.reasons)
            )

        self.table.set_rows([r for r in self.rows if keep(r)])

    def filter_note(self) -> str:
        parts = [box.currentText() for box in self.filters.values() if box.currentData() is not None]
        base = super().filter_note()
        return "; ".join([*parts, base] if base else parts)

    def _pupil(self) -> int | None:
        row = self.table.current_row()
        return row.pupil_id if row is not None else None

    # -- acting --
    def run_dialog(self, dialog: QDialog) -> bool:
        """Show a dialog modally; True when it saved (tests replace this)."""
        return dialog.exec() == QDialog.DialogCode.Accepted

    def _saved(self) -> None:
        if self.isSignalConnected(QMetaMethod.fromSignal(self.changed)):
            self.changed.emit()
        else:
            self.refresh()

    def new_record(self) -> bool:
        self.open_exclusion(None, self._pupil())
        return True

    def _on_edit(self) -> None:
        row = self.table.current_row()
        if row is not None:
            self.open_exclusion(row.id)

    def open_exclusion(self, exclusion_id: int | None, pupil_id: int | None = None) -> None:
        engine = self.ctx.store.engine
        dialog = ExclusionDialog(
            engine, self.ctx.today(), pupil_choices(engine), exclusion_id, pupil_id, self
        )
        if self.run_dialog(dialog):
            self._saved()

    def open_act(self, act: Act) -> bool:
        engine, today = self.ctx.store.engine, self.ctx.today()
        if act.on is ActOn.EXCLUSION:
            self.open_exclusion(act.record_id, act.pupil_id)
            return True
        dialogs = {ActOn.RISK_ASSESSMENT: RiskAssessmentDialog, ActOn.ALTERNATIVE_PROVISION: ProvisionDialog}
        if act.on not in dialogs:
            return False
        dialog = dialogs[act.on](engine, today, pupil_choices(engine), act.record_id, act.pupil_id, self)
        if self.run_dialog(dialog):
            self._saved()
        return True

    def import_exclusions(self, path: str | Path | None = None) -> None:
        """File → Import exclusions…: check, preview, then save all or nothing."""
        from cwsw_desktop.ui.exclusion_import import ExclusionImport

        if path is None:
            path, _ = QFileDialog.getOpenFileName(
                self, "Import exclusions", str(Path.home()), "Spreadsheets (*.csv *.xlsx);;All files (*)"
            )
            if not path:
                return
        self.importer = ExclusionImport(self.ctx, self)
        self.importer.message.connect(self.status.setText)
        self.importer.imported.connect(lambda _summary: self._saved())
        self.importer.start(Path(path))

    def export_csv(self, path: str | Path | None = None) -> Path | None:
        from cwsw_desktop.services import audit
        from cwsw_desktop.services.exclusion_export import exclusions_csv
        from cwsw_desktop.services.export import export_path, write_document

        store = self.ctx.store
        passphrase = store.passphrase if store.encrypted else None
        if path is None:
            suggested = export_path(
                Path.home() / f"cwsw-exclusions-{self.ctx.today():%Y-%m-%d}.csv", bool(passphrase)
            )
            path, _ = QFileDialog.getSaveFileName(self, "Export exclusions", str(suggested))
            if not path:
                return None
        target = write_document(
            export_path(Path(path), bool(passphrase)),
            exclusions_csv(self.table.visible_rows()),
            passphrase=passphrase,
        )
        audit.log_event(
            store.engine,
            "export",
            "exclusion",
            detail=f"{target.name}: {len(self.table.visible_rows())} rows",
        )
        self.status.setText(
            f"Saved {target.name}" + (" (encrypted ZIP: open with 7-Zip)" if passphrase else "")
        )
        return target

    def log_pdf(self) -> bytes:
        import io

        from cwsw_desktop.reports.exclusions_log import render_exclusions_log
        from cwsw_desktop.services.school import load_settings

        year = self.filters["Year"].currentData() or "all years"
        out = io.BytesIO()
        render_exclusions_log(
            self.table.visible_rows(), year, self.ctx.today(), out, load_settings(self.ctx.store.engine).name
        )
        return out.getvalue()

    def print_log(self) -> None:
        from cwsw_desktop.services import audit
        from cwsw_desktop.ui.pdf_preview import PdfPreviewDialog

        engine = self.ctx.store.engine
        dialog = PdfPreviewDialog(
            self.log_pdf(), "Exclusions log", f"exclusions-log-{self.ctx.today():%Y-%m-%d}.pdf", self
        )
        dialog.printed.connect(lambda: audit.log_event(engine, "print", "exclusion", detail="exclusions log"))
        dialog.saved.connect(
            lambda p: audit.log_event(engine, "print", "exclusion", detail=f"exclusions log saved: {p}")
        )
        dialog.exec()
