"""The one-page sheet that goes with a move-to-a-new-computer backup."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import BinaryIO

from cwsw_desktop.reports.base import DocumentInfo, build_pdf, gap, key_values, para, styles
from cwsw_desktop.rules.dates import format_date


@dataclass(frozen=True)
class MoveSheet:
    backup_name: str
    made_on: date
    pupils: int
    encrypted: bool
    school: str = ""


def steps(sheet: MoveSheet) -> list[str]:
    opened_with = (
        "the passphrase of this database (the same one you type to open the app today)"
        if sheet.encrypted
        else "no passphrase (this database was not encrypted: choose one on the new computer)"
    )
    return [
        f"Copy {sheet.backup_name} to the new computer (a USB stick the school has approved, or the "
        "school's secure network drive). Keep this sheet with it; it names no child.",
        "On the new computer, install CWSW Desktop (the installer needs no administrator rights).",
        "Open CWSW Desktop. On the first screen choose “Restore from a backup…”, pick "
        f"{sheet.backup_name}, and enter {opened_with}.",
        "The app checks the backup before it uses it. Check that the register shows "
        f"{sheet.pupils} pupil{'s' if sheet.pupils != 1 else ''} and that the Overview looks right.",
        "Only then remove the app and its data from the old computer (see the README: “Removing "
        "the app and its data”), and delete the backup file from the USB stick.",
    ]


def render_move_instructions(sheet: MoveSheet, out: BinaryIO) -> None:
    st = styles()
    info = DocumentInfo(title="Moving CWSW Desktop to a new computer", printed_on=sheet.made_on)
    story = [
        para("Moving CWSW Desktop to a new computer", st.title),
        key_values(
            [
                ("School", sheet.school),
                ("Backup file", sheet.backup_name),
                ("Made on", format_date(sheet.made_on)),
                ("Pupils in it", str(sheet.pupils)),
                ("Encrypted", "Yes, with the database's passphrase" if sheet.encrypted else "No"),
            ]
        ),
        gap(5),
        para("Steps", st.h1),
    ]
    story += [para(f"{i}. {text}") for i, text in enumerate(steps(sheet), start=1)]
    story += [
        gap(4),
        para("If the passphrase is lost", st.h2),
        para(
            "Nobody can open an encrypted backup without its passphrase: not the school's IT team and "
            "not the makers of the app. Keep the passphrase somewhere safe, apart from the backup."
        ),
    ]
    build_pdf(out, info, story)
