"""The exclusions tab and its dialog on demo data: what is owed, with dates, goes as it is recorded."""

from __future__ import annotations

from datetime import date

from sqlmodel import select
from support import DEMO_TODAY

from cwsw_desktop.models import Pupil, StatusEpisode
from cwsw_desktop.rules.duties import Act, ActOn
from cwsw_desktop.services.due import what_is_due
from cwsw_desktop.services.exclusion_records import pupil_choices
from cwsw_desktop.store import unit_of_work
from cwsw_desktop.ui.exclusion_dialog import ExclusionDialog
from cwsw_desktop.ui.tab_base import TAB_NAMES


def _cla_pupil(store) -> int:
    with unit_of_work(store.engine) as session:
        for ep in session.exec(select(StatusEpisode).where(StatusEpisode.category == "CLA")).all():
            if ep.start_date < date(2026, 9, 1) and ep.end_date is None:
                pupil = session.get(Pupil, ep.pupil_id)
                if pupil is not None and pupil.leaving_date is None:
                    return ep.pupil_id
    raise AssertionError("the demo has a looked-after child")


def _dialog(qtbot, store, pupil_id, exclusion_id=None):
    d = ExclusionDialog(store.engine, DEMO_TODAY, pupil_choices(store.engine), exclusion_id, pupil_id)
    qtbot.addWidget(d)
    return d


def _type(field, text):
    field.setText(text)
    field.editingFinished.emit()


def test_a_cla_suspension_shows_what_is_owed_with_dates_and_each_goes_as_recorded(qtbot, demo_store):
    pid = _cla_pupil(demo_store)
    d = _dialog(qtbot, demo_store, pid)
    d.reasons[0].setCurrentIndex(d.reasons[0].findData("VA"))
    _type(d.start, "23/11/2026")
    d.days.setValue(3)
    owed = d.owed.text()
    assert "Record when the Virtual School was consulted" in owed and "23/11/2026" in owed
    assert "Tell the Virtual School Head" in owed and "by Tue 24/11/2026" in owed
    assert "Tell parents or carers" in owed and "Tell the social worker" in owed
    _type(d.dates["vsh_consulted"], "20/11/2026")
    assert "Virtual School was consulted" not in d.owed.text()
    _type(d.dates["vsh_notified"], "23/11/2026")
    assert "Virtual School Head" not in d.owed.text()
    _type(d.dates["parents_told"], "23/11/2026")
    assert "parents" not in d.owed.text()
    _type(d.dates["social_worker_told"], "23/11/2026")
    assert d.owed.text() == "Nothing: all recorded."
    d.buttons.button(d.buttons.StandardButton.Save).click()
    assert d.saved_id is not None
    # Back-to-back: 3 more days from Thursday make one period of 6, so day 6 (Mon 30/11) is owed.
    d2 = _dialog(qtbot, demo_store, pid)
    d2.reasons[0].setCurrentIndex(d2.reasons[0].findData("DB"))
    _type(d2.start, "26/11/2026")
    d2.days.setValue(3)
    assert "Arrange full-time education from day 6" in d2.owed.text()
    assert "30/11/2026" in d2.owed.text()
    _type(d2.dates["provision_from"], "30/11/2026")
    assert "full-time education" not in d2.owed.text()


def test_the_45_day_cap_is_warned_at_entry(qtbot, demo_store):
    pid = _cla_pupil(demo_store)
    first = _dialog(qtbot, demo_store, pid)
    first.reasons[0].setCurrentIndex(1)
    _type(first.start, "14/09/2026")
    first.days.setValue(40)
    assert first.warning.text() == ""
    first._on_save()
    assert first.saved_id is not None
    d = _dialog(qtbot, demo_store, pid)
    d.reasons[0].setCurrentIndex(1)
    _type(d.start, "23/11/2026")
    d.days.setValue(5)
    assert d.warning.text() == ""  # exactly 45 is the limit, not past it
    d.days.setValue(5.5)
    assert "This would make 45.5 days suspended this academic year" in d.warning.text()
    assert "the limit is 45 school days in a year" in d.warning.text()


def test_the_tab_records_through_its_dialog_and_the_overview_duty_leaves_at_once(
    qtbot, window, monkeypatch, tmp_path
):
    store = window.store
    tab = window.tab_widgets["Exclusions"]
    window.tabs.setCurrentIndex(TAB_NAMES.index("Exclusions"))
    assert tab.table.model.columns()[2].header == "Social worker status that day"
    pid = _cla_pupil(store)
    before = len(tab.rows)

    def fill(dialog) -> bool:
        dialog.reasons[0].setCurrentIndex(dialog.reasons[0].findData("PA"))
        _type(dialog.start, "23/11/2026")
        dialog.days.setValue(1)
        dialog._on_save()
        return dialog.saved_id is not None

    monkeypatch.setattr(tab, "run_dialog", fill)
    with qtbot.waitSignal(tab.changed, timeout=5000):
        tab.open_act(Act(ActOn.EXCLUSION, None, pid))
    qtbot.waitUntil(lambda: len(tab.rows) == before + 1, timeout=15000)
    row = next(r for r in tab.rows if r.pupil_id == pid and r.start_date == DEMO_TODAY)
    assert "CLA" in row.categories and row.owed
    kinds = {d.kind.value for d in what_is_due(store.engine, DEMO_TODAY) if d.act.record_id == row.id}
    assert "vsh-not-consulted" in kinds
    # Filters: the status that day and the type.
    status = tab.filters["Status that day"]
    status.setCurrentIndex(status.findData("CLA"))
    assert all("CLA" in r.categories for r in tab.table.visible_rows())
    csv_path = tab.export_csv(tmp_path / "x.csv")
    text = csv_path.read_bytes().decode("utf-8-sig")
    assert text.startswith("UPN,Pupil,Start Date") and "23/11/2026" in text
    assert tab.log_pdf().startswith(b"%PDF")


def test_settings_page_saves_the_exclusion_choices(qtbot, window):
    from cwsw_desktop.services.school import load_settings
    from cwsw_desktop.ui.settings_dialog import SettingsDialog

    dialog = SettingsDialog(window.store.engine, DEMO_TODAY, window)
    qtbot.addWidget(dialog)
    page = dialog.exclusions_page
    page.scope.setCurrentIndex(page.scope.findData("social-worker"))
    page.in_term.setValue(3)
    assert page.in_term.text() == "suspension number 3 in a term"  # a sentence, not "the 3 suspension"
    page.full_time.setValue(25)
    dialog._on_save()
    saved = load_settings(window.store.engine)
    assert (saved.consult_scope, saved.repeated_in_term, saved.ap_full_time_hours) == (
        "social-worker",
        3,
        25.0,
    )


def test_file_menu_import_lists_bad_lines_and_saves_nothing(qtbot, window, tmp_path):
    from cwsw_desktop.ui.import_dialog import ImportProblemsDialog

    tab = window.tab_widgets["Exclusions"]
    bad = tmp_path / "bad.csv"
    bad.write_text("UPN,Start Date,Type,Days,Reason\nB801200005001,31/02/2026,Suspension,1,PA\n")
    before = len(tab.rows)
    tab.import_exclusions(bad)
    qtbot.waitUntil(lambda: isinstance(tab.importer.dialog, ImportProblemsDialog), timeout=10000)
    assert "31/02/2026 is not a date" in "\n".join(tab.importer.dialog.lines())
    assert "Nothing was imported" in tab.status.text()
    assert window.import_exclusions_action.text() == "Import e&xclusions…"
    assert len(tab.rows) == before
