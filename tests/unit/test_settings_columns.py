"""SchoolSettings (what services and dialogs pass around) mirrors the School row's columns: the
same names and the same defaults, so a setting added to one and not the other fails here rather
than being silently dropped on load or save."""

from __future__ import annotations

from dataclasses import MISSING, fields

from cwsw_desktop.models import School
from cwsw_desktop.services.school import SchoolSettings


def test_school_settings_and_the_school_columns_agree():
    settings = {
        f.name: f.default if f.default is not MISSING else f.default_factory() for f in fields(SchoolSettings)
    }
    columns = {
        name: info.get_default(call_default_factory=True)
        for name, info in School.model_fields.items()
        if name != "id"
    }
    assert settings == columns
