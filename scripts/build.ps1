# Build CWSW Desktop for Windows: the one-folder app (PyInstaller), then the per-user installer
# (Inno Setup 6, if `iscc` is on PATH or in its default folder). Run in PowerShell from anywhere:
#     powershell -ExecutionPolicy Bypass -File scripts\build.ps1
# Output: dist\cwsw-desktop-<version>\ and dist\cwsw-desktop-<version>-setup.exe
$ErrorActionPreference = "Stop"
Set-Location (Join-Path $PSScriptRoot "..")

if (-not (Test-Path ".venv\Scripts\python.exe")) {
    py -3.11 -m venv .venv
    if ($LASTEXITCODE -ne 0) { throw "Python 3.11 is needed: install it from python.org, then run this again." }
}
.venv\Scripts\python -m pip install --quiet --disable-pip-version-check -e ".[test,build]"
if ($LASTEXITCODE -ne 0) { throw "pip install failed." }

$version = .venv\Scripts\python -c "import tomllib;print(tomllib.load(open('pyproject.toml','rb'))['project']['version'])"
$started = Get-Date
.venv\Scripts\pyinstaller packaging\cwsw_desktop.spec --noconfirm --clean --log-level WARN --distpath dist --workpath build\pyinstaller
if ($LASTEXITCODE -ne 0) { throw "PyInstaller failed." }
$seconds = [int]((Get-Date) - $started).TotalSeconds
$folder = "dist\cwsw-desktop-$version"
$sizeMb = [int]((Get-ChildItem $folder -Recurse | Measure-Object Length -Sum).Sum / 1MB)
Write-Host "Built $folder in $seconds s; the folder is $sizeMb MB."

# The frozen app checks itself: window, every tab, the demo data.
& "$folder\CWSW Desktop.exe" --demo --self-test
if ($LASTEXITCODE -ne 0) { throw "The frozen app failed its self-test." }

$iscc = Get-Command iscc -ErrorAction SilentlyContinue
if (-not $iscc) {
    $default = Join-Path ${env:ProgramFiles(x86)} "Inno Setup 6\ISCC.exe"
    if (Test-Path $default) { $iscc = Get-Item $default }
}
if (-not $iscc) {
    Write-Host "Inno Setup 6 not found: install it (per user is fine) to build the installer. The app folder is ready."
    exit 0
}
& $iscc.Source "/DAppVersion=$version" packaging\windows-installer.iss
if ($LASTEXITCODE -ne 0) { throw "Inno Setup failed." }
Write-Host "Installer: dist\cwsw-desktop-$version-setup.exe"
