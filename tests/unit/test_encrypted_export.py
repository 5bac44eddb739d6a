"""Exports of an encrypted database are AES-256 ZIPs: nothing readable about a child reaches the
disk unless the DT explicitly asks for a plain file."""

from __future__ import annotations

import json
from datetime import date

import pytest
import pyzipper

from cwsw_desktop.__main__ import main
from cwsw_desktop.services.export import export_all_json, export_path, export_register_csv
from cwsw_desktop.services.pupils import PupilInput, create_pupil
from cwsw_desktop.store import open_store

PASS = "correct horse battery staple"
CANARY = "Zqxcanary"
UPN = "B801200005001"


@pytest.fixture
def encrypted(tmp_path):
    store = open_store(tmp_path / "school.db", passphrase=PASS)
    create_pupil(
        store.engine,
        PupilInput(upn=UPN, legal_surname=CANARY, legal_forename="Amara", date_of_birth=date(2015, 3, 4)),
        [],
        today=date(2026, 11, 23),
    )
    yield store
    store.close()


def _read_zip(path, password: str) -> dict[str, bytes]:
    with pyzipper.AESZipFile(path) as archive:
        archive.setpassword(password.encode())
        return {name: archive.read(name) for name in archive.namelist()}


@pytest.mark.parametrize(
    "name, expected",
    [
        ("register.csv", "register.csv.zip"),
        ("register.zip", "register.zip"),
        ("all.JSON", "all.JSON.zip"),
    ],
)
def test_export_path_names_an_encrypted_export_as_a_zip(tmp_path, name, expected):
    assert export_path(tmp_path / name, True).name == expected
    assert export_path(tmp_path / name, False).name == name


def test_encrypted_register_has_no_readable_name_and_opens_with_the_passphrase(encrypted, tmp_path):
    export_register_csv(encrypted.engine, tmp_path / "register.csv", passphrase=PASS)
    written = tmp_path / "register.csv.zip"
    assert not (tmp_path / "register.csv").exists()
    assert CANARY.encode() not in written.read_bytes()
    files = _read_zip(written, PASS)
    assert list(files) == ["register.csv"]
    assert CANARY in files["register.csv"].decode("utf-8-sig")
    with pytest.raises(RuntimeError):
        _read_zip(written, "not the passphrase")
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".export-")] == []  # no temp left


def test_plain_export_is_readable_negative_control(encrypted, tmp_path):
    export_register_csv(encrypted.engine, tmp_path / "register.csv")
    assert CANARY.encode() in (tmp_path / "register.csv").read_bytes()


def test_encrypted_json_of_everything(encrypted, tmp_path):
    export_all_json(encrypted.engine, tmp_path / "everything.zip", passphrase=PASS)
    files = _read_zip(tmp_path / "everything.zip", PASS)
    data = json.loads(files["everything.json"])
    assert data["pupils"][0]["legal_surname"] == CANARY


def test_cli_exports_of_an_encrypted_store_are_encrypted_unless_asked(
    encrypted, tmp_path, monkeypatch, capsys
):
    db = str(encrypted.path)
    encrypted.close()
    monkeypatch.setenv("CWSW_PASSPHRASE", PASS)
    assert main(["export", "pupil", UPN, "--out", str(tmp_path / "sar.json"), "--db", db]) == 0
    assert "AES-256 encrypted ZIP" in capsys.readouterr().out
    assert CANARY.encode() not in (tmp_path / "sar.json.zip").read_bytes()
    assert CANARY in _read_zip(tmp_path / "sar.json.zip", PASS)["sar.json"].decode()
    assert not (tmp_path / "sar.json").exists()

    assert (
        main(["export", "register", "--out", str(tmp_path / "plain.csv"), "--db", db, "--unencrypted"]) == 0
    )
    assert "not encrypted" in capsys.readouterr().out
    assert CANARY.encode() in (tmp_path / "plain.csv").read_bytes()
