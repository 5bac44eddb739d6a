#!/usr/bin/env bash
# Set up (first time) and open CWSW Desktop. With no database yet, it opens on fictitious
# demo data; pass --db PATH to open a particular file. Extra arguments go to the app.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/setup.sh gui
db="$(.venv/bin/python -c 'from cwsw_desktop.paths import resolve_paths; print(resolve_paths().db_path)')"
if [ "$#" -eq 0 ] && [ ! -e "$db" ]; then
  echo "No database yet at $db: opening the demo (fictitious data). Use File → Open database… or --db for a real one." >&2
  exec .venv/bin/cwsw-desktop --demo
fi
exec .venv/bin/cwsw-desktop "$@"
