#!/usr/bin/env bash
# Build the one-folder app with PyInstaller: dist/cwsw-desktop-<version>/ ("CWSW Desktop" inside).
#   scripts/build.sh           build only
#   scripts/build.sh --smoke   build, then run the frozen-build smoke test (tests/packaging) on it
# Sets up .venv first (scripts/setup.sh) and installs PyInstaller (the "build" extra).
# Prints the build time and the folder's size, and appends them to benchmarks/RESULTS.md.
set -euo pipefail
cd "$(dirname "$0")/.."
smoke=0
[ "${1:-}" = "--smoke" ] && smoke=1

scripts/setup.sh test
.venv/bin/pip install --quiet --disable-pip-version-check -e ".[test,build]"

version="$(.venv/bin/python -c 'import tomllib;print(tomllib.load(open("pyproject.toml","rb"))["project"]["version"])')"
folder="dist/cwsw-desktop-${version}"
started=$(date +%s)
.venv/bin/pyinstaller packaging/cwsw_desktop.spec --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller
seconds=$(( $(date +%s) - started ))
size_mb=$(du -sm "$folder" | cut -f1)
echo "Built ${folder} in ${seconds} s; the folder is ${size_mb} MB."
[ -f benchmarks/RESULTS.md ] || printf '# Benchmark results\n\nEach line: the date, what was measured, the machine, and the figures.\n' > benchmarks/RESULTS.md
{
  echo ""
  echo "- $(date -u +%Y-%m-%d) frozen build (scripts/build.sh, PyInstaller $(.venv/bin/pyinstaller --version), $(uname -sm), $(nproc) cores): ${seconds} s, ${size_mb} MB"
} >> benchmarks/RESULTS.md

if [ "$smoke" = 1 ]; then
  export QT_QPA_PLATFORM=offscreen
  export CWSW_FROZEN_APP="$PWD/${folder}/CWSW Desktop"
  .venv/bin/python -m pytest tests/packaging -p no:cacheprovider -q
fi
