; Inno Setup script for CWSW Desktop on Windows (per-user install, no admin rights needed).
; Build the PyInstaller folder first (pyinstaller packaging\cwsw_desktop.spec --noconfirm), then:
;     iscc /DAppVersion=0.1.0 packaging\windows-installer.iss
; AppVersion must match pyproject.toml's version (the spec reads it from there).
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif

[Setup]
AppId={{6D1C4E8A-2B7F-4C39-9A51-3C5A7D2E9F10}
AppName=CWSW Desktop
AppVersion={#AppVersion}
AppPublisher=CWSW Desktop
DefaultDirName={localappdata}\Programs\CWSW Desktop
DefaultGroupName=CWSW Desktop
PrivilegesRequired=lowest
OutputBaseFilename=cwsw-desktop-{#AppVersion}-setup
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; The database lives in the user's data folder, not here, so uninstalling never deletes records.

[Files]
Source: "..\dist\cwsw-desktop-{#AppVersion}\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion

[Icons]
Name: "{group}\CWSW Desktop"; Filename: "{app}\CWSW Desktop.exe"
Name: "{autodesktop}\CWSW Desktop"; Filename: "{app}\CWSW Desktop.exe"; Tasks: desktopicon

[Tasks]
Name: "desktopicon"; Description: "Create a desktop shortcut"; Flags: unchecked

[Run]
Filename: "{app}\CWSW Desktop.exe"; Description: "Open CWSW Desktop"; Flags: nowait postinstall skipifsilent
