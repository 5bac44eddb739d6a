; Inno Setup script for CWSW Desktop on Windows: a per-user install that needs no admin rights.
; scripts\build.ps1 builds the PyInstaller folder and then runs this; by hand:
;     iscc /DAppVersion=0.1.0 packaging\windows-installer.iss
; AppVersion must match pyproject.toml's version (build.ps1 reads it from there).
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppName "CWSW Desktop"
#define DataFolder "{localappdata}\CWSW\CWSW Desktop"

[Setup]
AppId={{6D1C4E8A-2B7F-4C39-9A51-3C5A7D2E9F10}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=CWSW Desktop
AppCopyright=Licensed to the school that installs it
VersionInfoVersion={#AppVersion}
VersionInfoDescription={#AppName} installer
LicenseFile=LICENCE.txt
; Per user, into the user's own Programs folder: no administrator rights, no UAC prompt.
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=
DefaultDirName={localappdata}\Programs\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
OutputDir=..\dist
OutputBaseFilename=cwsw-desktop-{#AppVersion}-setup
SetupIconFile=..\resources\icons\app.ico
UninstallDisplayIcon={app}\{#AppName}.exe
UninstallDisplayName={#AppName} {#AppVersion}
Compression=lzma2
SolidCompression=yes
WizardStyle=modern
; The records live in the user's data folder ({#DataFolder}), not here: uninstalling never
; deletes them (see [Code] below, which says where they are).

[Languages]
Name: "english"; MessagesFile: "compiler:Languages\English.isl"

[Tasks]
Name: "desktopicon"; Description: "Create a &desktop shortcut"; GroupDescription: "Shortcuts:"; Flags: unchecked

[Files]
Source: "..\dist\cwsw-desktop-{#AppVersion}\*"; DestDir: "{app}"; Flags: recursesubdirs ignoreversion
Source: "LICENCE.txt"; DestDir: "{app}"; Flags: ignoreversion

[Icons]
Name: "{userprograms}\{#AppName}"; Filename: "{app}\{#AppName}.exe"; Comment: "The Designated Teacher's register"
Name: "{userdesktop}\{#AppName}"; Filename: "{app}\{#AppName}.exe"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppName}.exe"; Description: "Open {#AppName} now"; Flags: nowait postinstall skipifsilent

[Code]
procedure CurUninstallStepChanged(CurUninstallStep: TUninstallStep);
begin
  if (CurUninstallStep = usPostUninstall) and not UninstallSilent() then
    MsgBox('{#AppName} has been removed. Your records and backups were NOT deleted: they are in'
      + #13#10 + ExpandConstant('{#DataFolder}') + #13#10#13#10
      + 'Keep that folder to use the records again, or delete it (and any copies on USB sticks) '
      + 'when the school no longer needs them.', mbInformation, MB_OK);
end;
